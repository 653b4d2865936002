/**
 * Where requests go. Mode: no key bound to the live API's origin → `demo` (the embedded
 * sandbox, started lazily, with its demo key); a key bound to it → `live` against
 * `apiUrlOverride ?? settings.apiUrl`. The key is bound to the origin it was saved for
 * (../keychain.ts): changing the API address to another origin leaves it unused.
 *
 * Destination (common/destination.ts): `demo` or `live:<origin>`. A request made for
 * another destination than the current one is refused (`wrong-destination`).
 *
 * IT policy: an enforced `apiUrl` is the live API whatever the setting or the override say;
 * one that was refused means no live mode at all (never an unmanaged address); `demoMode:
 * false` means the demo sandbox never starts and, without a key, nothing is sent.
 */
import { checkApiAddress, DEFAULT_API_ORIGIN } from '../../../common/api-address';
import { DEMO_DESTINATION, liveDestination, type Destination } from '../../../common/destination';
import type { DeskError } from '../../../common/errors';
import type { RateLimit } from '../../../common/ipc-contract';
import { err, ok, type Result } from '../../../common/result';
import { createApiClient, type ApiClient, type ApiExchangeOutcome } from '../api-client';
import { checkApiBaseUrl } from '../api-url';
import type { KeyStore } from '../keychain';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings-store';

export type Mode = 'demo' | 'live';
export interface Target {
  mode: Mode;
  client: ApiClient;
}

/** The live API: the override, else the setting. */
export interface LiveApi {
  base(): string;
  /** Its origin; the settings store and the override check guarantee it parses. */
  origin(): string;
}

export function createLiveApi(apiUrlOverride: string | undefined, settings: SettingsStore, policyApiUrl?: string): LiveApi {
  const base = () => policyApiUrl ?? apiUrlOverride ?? settings.get().apiUrl;
  return {
    base,
    origin: () => {
      const checked = checkApiAddress(base());
      return checked.ok ? checked.value.origin : DEFAULT_API_ORIGIN;
    },
  };
}

export interface TargetsOptions {
  live: LiveApi;
  keys: KeyStore;
  log: Logger;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Called lazily, at most once. */
  startDemoSandbox: () => Promise<{ url: string; demoKey: string }>;
  /** Every client's exchanges, for the connectivity monitor. */
  onExchange: (outcome: ApiExchangeOutcome) => void;
  /** IT policy: `demoMode: false` (no sandbox), an `apiUrl` policy refused (no live mode). */
  demoAllowed?: boolean;
  liveBlocked?: boolean;
}

/** What the agent is told when policy leaves no API to talk to. */
export const ASK_IT_FOR_KEY = 'Ask your IT department for an API key.';
export const POLICY_API_URL_REFUSED = 'The API address set by your organisation is not valid; contact your IT department.';

export interface Targets {
  live: LiveApi;
  mode(): Mode;
  destination(): Destination;
  /** `null` when a request made for `madeFor` may go now; else its refusal. */
  refuseElsewhere(madeFor: Destination | undefined): Result<never, DeskError> | null;
  demoSandbox(): Promise<{ url: string; demoKey: string }>;
  /** The demo sandbox's URL once it has started. */
  sandboxUrl(): string | undefined;
  /** The client for the current mode (the demo sandbox started first when needed). */
  target(): Promise<Result<Target, DeskError>>;
  /** The key or the settings changed: the next request makes a new client. */
  forgetClient(): void;
  /** The latest rate-limit figures of the current client. */
  lastRateLimit(): RateLimit | null;
}

export function createTargets(t: TargetsOptions): Targets {
  const { live, keys, log } = t;

  let sandbox: Promise<{ url: string; demoKey: string }> | undefined;
  let sandboxUrl: string | undefined;
  const demoAllowed = t.demoAllowed !== false;
  const demoSandbox = () =>
    (sandbox ??= (demoAllowed ? t.startDemoSandbox() : Promise.reject(new Error('demo mode is off by policy'))).then((s) => {
      sandboxUrl = s.url;
      log.info('demo sandbox started', { url: s.url });
      return s;
    }));

  const mode = (): Mode => (keys.keyFor(live.origin()) ? 'live' : 'demo');
  const destination = (): Destination => (mode() === 'live' ? liveDestination(live.origin()) : DEMO_DESTINATION);

  let cached: { id: string; client: ApiClient } | undefined;
  /**
   * The figures of the client forgotten last. A settings change makes a new client for the
   * same API; until that one has an answer of its own, what the old one knew still holds
   * (a reply saying "none" would lift the renderer's pacing mid-window).
   */
  let carried: { id: string; figures: RateLimit | null } | undefined;
  const carriedFor = (id: string): RateLimit | null => (carried?.id === id ? carried.figures : null);
  const clientFor = (id: string, baseUrl: string, getKey: () => string | null): ApiClient => {
    if (cached?.id === id) return cached.client;
    const client = createApiClient({
      baseUrl,
      getKey,
      log,
      fetch: t.fetch,
      ...(t.timeoutMs !== undefined ? { timeoutMs: t.timeoutMs } : {}),
      onExchange: t.onExchange,
    });
    cached = { id, client };
    return client;
  };

  return {
    live,
    mode,
    destination,
    refuseElsewhere(madeFor) {
      const current = destination();
      if (madeFor === undefined || madeFor === current) return null;
      return err({
        kind: 'wrong-destination',
        message: `Made for ${madeFor}, but ${current} is configured now; it waits for its own destination.`,
      });
    },
    demoSandbox,
    sandboxUrl: () => sandboxUrl,
    async target() {
      if (mode() === 'live' && t.liveBlocked === true) return err({ kind: 'invalid', message: POLICY_API_URL_REFUSED });
      if (mode() === 'demo' && !demoAllowed) return err({ kind: 'not-configured', message: ASK_IT_FOR_KEY });
      if (mode() === 'live') {
        const base = live.base();
        const checked = checkApiBaseUrl(base);
        if (!checked.ok) return err({ kind: 'invalid', message: `The API URL is refused: ${checked.error}` });
        const origin = live.origin();
        return ok({ mode: 'live', client: clientFor(`live ${base}`, base, () => keys.keyFor(origin)) });
      }
      let s: { url: string; demoKey: string };
      try {
        s = await demoSandbox();
      } catch (e) {
        log.error('demo sandbox could not start', { error: e });
        return err({ kind: 'internal', message: 'The demo sandbox could not start; details are in the log.' });
      }
      return ok({ mode: 'demo', client: clientFor(`demo ${s.url}`, s.url, () => s.demoKey) });
    },
    forgetClient: () => {
      if (cached !== undefined) carried = { id: cached.id, figures: cached.client.lastRateLimit() ?? carriedFor(cached.id) };
      cached = undefined;
    },
    lastRateLimit: () => (cached ? (cached.client.lastRateLimit() ?? carriedFor(cached.id)) : (carried?.figures ?? null)),
  };
}
