/**
 * Composes the services into the `DeskHandlers` both hosts register (Electron IPC and the
 * browser host's HTTP channel). Thin on purpose: the logic lives in the modules it wires.
 *
 * Mode: no key bound to the live API's origin → `demo` (the embedded sandbox, started
 * lazily, with its demo key); a key bound to it → `live` against
 * `apiUrlOverride ?? settings.apiUrl`. The key is bound to the origin it was saved for
 * (./keychain.ts): changing the API address to another origin leaves it unused.
 *
 * Destination (common/destination.ts): `demo` or `live:<origin>`. Requests that carry the
 * destination they were made for are refused (`wrong-destination`) unless it is the
 * current one: a change made in demo mode never reaches BizKitHub, and a live change
 * never lands in the sandbox, whatever the renderer does.
 *
 * Handlers never throw: input is validated against the contract (once: ./handler-guard.ts), unexpected
 * exceptions become `internal` errors (logged), and every reply is redacted.
 */
import { checkApiAddress, DEFAULT_API_ORIGIN } from '../../common/api-address';
import { DEMO_DESTINATION, liveDestination, type Destination } from '../../common/destination';
import type { DeskError } from '../../common/errors';
import {
  type DeskEvent,
  type DeskHandlers,
  type IpcMethod,
  type IpcParsedInput,
  type IpcResult,
  type InstallUpdateResult,
  type NetworkInfo,
  type SaveExportResult,
  type UpdateStatus,
} from '../../common/ipc-contract';
import { redact, redactValue } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';
import {
  checkApiBaseUrl,
  createApiClient,
  isComplaintMissing,
  type ApiClient,
  type CreateComplaintResponse,
} from './api-client';
import { createConnectivityMonitor } from './connectivity';
import { createGuard } from './handler-guard';
import { createCreateMemory } from './create-memory';
import { createKeyStore, type KeyringBackend } from './keychain';
import type { Logger } from './logger';
import { createRendererErrorLog } from './renderer-errors';
import type { Settings } from '../../common/settings';
import { createSettingsStore } from './settings-store';
import { createWakeHandler, type WakeReason } from './wake';

export interface DeskServicesOptions {
  host: 'electron' | 'browser';
  version: string;
  platform: string;
  locale: string;
  /** settings.json lives here. */
  userDataDir: string;
  keychain: { service: string; account: string; backend?: KeyringBackend };
  /** The browser host's BIZKITHUB_API_URL: wins over the setting. */
  apiUrlOverride?: string;
  /**
   * The live API is the built-in sandbox too (the browser host without BIZKITHUB_API_URL):
   * the app then says so instead of "connected" as if it were BizKitHub.
   */
  liveIsSandbox?: boolean;
  /** Called lazily, at most once. */
  startDemoSandbox: () => Promise<{ url: string; demoKey: string }>;
  isOsOnline?: () => boolean;
  log: Logger;
  /** Events to the renderer(s). */
  emit: (event: DeskEvent) => void;
  showNotification?: (title: string, body: string) => boolean;
  onPendingReport?: (pending: number) => void;
  /** The app's updater (packaged Electron app only; electron/main/updates.ts). Absent: updates are off. */
  updates?: {
    status(): UpdateStatus;
    install(): Promise<InstallUpdateResult>;
  };
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Which proxy a request to this URL goes through (Settings → Network). Absent: direct. */
  describeProxy?: (url: string) => Promise<NetworkInfo> | NetworkInfo;
  /** Export for support through a save dialog (desktop app). Absent: the page downloads it. */
  saveExport?: (fileName: string, contents: string) => Promise<Result<SaveExportResult, DeskError>>;
  /** The folder main's log is in, and how to open it (absent: the UI shows the path). */
  logFolder?: string;
  openFolder?: (folder: string) => Promise<boolean>;
}

export interface DeskServices {
  handlers: DeskHandlers;
  pendingCount(): number;
  settings(): Settings;
  /** The computer woke or the network came back: probe now, then tell the renderer (./wake.ts). */
  wake(reason: WakeReason): Promise<void>;
  dispose(): Promise<void>;
}

/** A complaint ID that cannot exist: `testConnection` asks for it. */
export const CONNECTION_TEST_ID = '__desk_connection_test__';
const PROBE_TIMEOUT_MS = 5000;
/** While online, the API is probed this often (a key-less HEAD, no rate-limit quota): an outage shows as Offline within ~15 s. */
const ONLINE_PROBE_MS = 10_000;

type Mode = 'demo' | 'live';
interface Target {
  mode: Mode;
  client: ApiClient;
}

/**
 * Throws only for a configuration error refused up front (an `apiUrlOverride` that fails
 * `checkApiBaseUrl`, e.g. plain http to a remote host).
 */
export async function createDeskServices(o: DeskServicesOptions): Promise<DeskServices> {
  const { log } = o;
  if (o.apiUrlOverride !== undefined) {
    const checked = checkApiBaseUrl(o.apiUrlOverride);
    if (!checked.ok) throw new Error(`BIZKITHUB_API_URL refused: ${checked.error}`);
  }
  const fetchImpl = o.fetch ?? globalThis.fetch;

  /** Every key seen this session: scrubbed from replies, events and logs. */
  const secrets = new Set<string>();
  const knowSecret = (s: string) => {
    secrets.add(s);
    log.setSecrets([s]);
  };
  const scrub = (text: string) => redact(text, [...secrets]);

  const settings = createSettingsStore({ dir: o.userDataDir, log });
  const liveBase = () => o.apiUrlOverride ?? settings.get().apiUrl;
  /** The live API's origin; the settings store and the override check guarantee it parses. */
  const liveOrigin = (): string => {
    const checked = checkApiAddress(liveBase());
    return checked.ok ? checked.value.origin : DEFAULT_API_ORIGIN;
  };
  const keys = await createKeyStore({ ...o.keychain, log, legacyOrigin: liveOrigin() });
  const initialKey = keys.getKey();
  if (initialKey) knowSecret(initialKey);

  const emit = (event: DeskEvent) => {
    try {
      o.emit(event);
    } catch (e) {
      log.warn('emit failed', { type: event.type, error: e });
    }
  };

  let sandbox: Promise<{ url: string; demoKey: string }> | undefined;
  let sandboxUrl: string | undefined;
  const demoSandbox = () =>
    (sandbox ??= o.startDemoSandbox().then((s) => {
      sandboxUrl = s.url;
      log.info('demo sandbox started', { url: s.url });
      return s;
    }));

  const liveKey = (): string | null => keys.keyFor(liveOrigin());
  const mode = (): Mode => (liveKey() ? 'live' : 'demo');
  const destination = (): Destination => (mode() === 'live' ? liveDestination(liveOrigin()) : DEMO_DESTINATION);
  const refuseElsewhere = (madeFor: Destination | undefined): Result<never, DeskError> | null => {
    const current = destination();
    if (madeFor === undefined || madeFor === current) return null;
    return err({
      kind: 'wrong-destination',
      message: `Made for ${madeFor}, but ${current} is configured now; it waits for its own destination.`,
    });
  };

  const monitor = createConnectivityMonitor({
    isOsOnline: o.isOsOnline ?? (() => true),
    // "Online" in the header is the API's answer, not only the OS's (#13, finding 8).
    onlineProbeMs: ONLINE_PROBE_MS,
    probe: async () => {
      const base = mode() === 'live' ? liveBase() : sandboxUrl;
      if (base === undefined) return true; // demo sandbox not started: nothing remote to reach
      try {
        // No key is sent: any HTTP answer from the API's origin means it is reachable.
        const res = await fetchImpl(new URL('/', base), {
          method: 'HEAD',
          redirect: 'manual',
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        await res.body?.cancel().catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
    onChange: (state) => {
      log.info(state.online ? 'connectivity: online' : 'connectivity: offline');
      emit({ type: 'connectivity', ...state });
    },
    onOsOnline: () => void wake.trigger('network-back'),
  });
  const wake = createWakeHandler({ probeNow: () => monitor.probeNow(), emit, log });
  const rendererErrors = createRendererErrorLog({ log, redact: (text) => scrub(text) });

  let cached: { id: string; client: ApiClient } | undefined;
  const clientFor = (id: string, baseUrl: string, getKey: () => string | null): ApiClient => {
    if (cached?.id === id) return cached.client;
    const client = createApiClient({
      baseUrl,
      getKey,
      log,
      fetch: fetchImpl,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      onExchange: (outcome) => {
        if (outcome === 'unclear') monitor.check();
        else monitor.report(outcome === 'response');
      },
    });
    cached = { id, client };
    return client;
  };

  async function target(): Promise<Result<Target, DeskError>> {
    if (mode() === 'live') {
      const base = liveBase();
      const checked = checkApiBaseUrl(base);
      if (!checked.ok) return err({ kind: 'invalid', message: `The API URL is refused: ${checked.error}` });
      const origin = liveOrigin();
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
  }

  let pending = 0;
  const creates = createCreateMemory<CreateComplaintResponse>();

  // -------------------------------------------------------------------------------------
  // Guard: validate input (once on the dispatcher's path, see ./handler-guard.ts), never
  // throw, scrub every error.
  const guarded = createGuard({ log, scrub, scrubValue: (value) => redactValue(value, [...secrets]) });
  const guard = <M extends IpcMethod>(
    method: M,
    fn: (input: IpcParsedInput<M>) => Promise<IpcResult<M>>,
  ): DeskHandlers[M] => guarded(method, fn) as DeskHandlers[M];

  const handlers: DeskHandlers = {
    getAppInfo: guard('getAppInfo', async () => {
      let apiUrl: string;
      if (mode() === 'live') {
        apiUrl = liveBase();
      } else {
        try {
          apiUrl = (await demoSandbox()).url;
        } catch {
          apiUrl = '(demo sandbox unavailable)';
        }
      }
      const live = checkApiAddress(liveBase());
      return ok({
        version: o.version,
        host: o.host,
        platform: o.platform,
        mode: mode(),
        apiUrl: scrub(apiUrl),
        destination: destination(),
        liveDestination: liveDestination(liveOrigin()),
        liveHost: live.ok ? live.value.host : 'api.bizkithub.com',
        customApi: live.ok ? live.value.custom : false,
        sandbox: mode() === 'demo' || o.liveIsSandbox === true,
        locale: o.locale,
      });
    }),

    getKeyStatus: guard('getKeyStatus', async () => ok(keys.status())),

    saveKey: guard('saveKey', async ({ key, sessionOnly }) => {
      knowSecret(key.trim());
      const r = await keys.save(key, { sessionOnly, origin: liveOrigin() });
      if (r.ok) {
        cached = undefined;
        emit({ type: 'key-changed' });
      }
      return r;
    }),

    removeKey: guard('removeKey', async () => {
      const r = await keys.remove();
      cached = undefined;
      emit({ type: 'key-changed' });
      return r;
    }),

    testConnection: guard('testConnection', async () => {
      const t = await target();
      if (!t.ok) return t;
      const started = performance.now();
      const r = await t.value.client.detail(CONNECTION_TEST_ID);
      const latencyMs = Math.round(performance.now() - started);
      if (r.ok || isComplaintMissing(r.error)) return ok({ latencyMs, mode: t.value.mode });
      if (r.error.kind === 'auth') {
        return err({ ...r.error, message: `The API key was refused. ${r.error.message}` });
      }
      if (r.error.kind === 'not-found') {
        return err({
          ...r.error,
          message: `The API URL does not answer like the BizKitHub API. ${r.error.message}`,
        });
      }
      return err(r.error);
    }),

    getSettings: guard('getSettings', async () => ok(settings.get())),

    updateSettings: guard('updateSettings', async (patch) => {
      const r = settings.update(patch);
      if (r.ok) {
        cached = undefined;
        emit({ type: 'settings-changed' });
      }
      return r;
    }),

    getComplaint: guard('getComplaint', async ({ id, destination: madeFor }) => {
      const refused = refuseElsewhere(madeFor);
      if (refused) return refused;
      const t = await target();
      if (!t.ok) return t;
      return t.value.client.detail(id);
    }),

    setComplaintStatus: guard('setComplaintStatus', async ({ complaintId, status, destination: madeFor }) => {
      const refused = refuseElsewhere(madeFor);
      if (refused) return refused;
      const t = await target();
      if (!t.ok) return t;
      const r = await t.value.client.setStatus({ complaintId, status });
      return r.ok ? ok({ success: true as const }) : r;
    }),

    createComplaint: guard('createComplaint', async ({ request, destination: madeFor, ref, resume }) => {
      const refused = refuseElsewhere(madeFor);
      if (refused) return refused;
      const key = `${madeFor} ${ref}`;
      if (resume) return creates.resume(key);
      return creates.send(key, async () => {
        const t = await target();
        if (!t.ok) return t;
        return t.value.client.create(request);
      });
    }),

    getConnectivity: guard('getConnectivity', async () => ok(monitor.state())),

    getRateLimit: guard('getRateLimit', async () => ok(cached?.client.lastRateLimit() ?? null)),

    reportPending: guard('reportPending', async ({ pending: count }) => {
      pending = count;
      try {
        o.onPendingReport?.(count);
      } catch (e) {
        log.warn('onPendingReport failed', { error: e });
      }
      return ok({});
    }),

    notify: guard('notify', async ({ title, body }) => {
      let shown = false;
      try {
        shown = o.showNotification?.(title, body) ?? false;
      } catch (e) {
        log.warn('notification failed', { error: e });
      }
      return ok({ shown });
    }),

    getUpdateStatus: guard('getUpdateStatus', async () =>
      ok(
        o.updates?.status() ?? {
          mode: 'off' as const,
          state: 'idle' as const,
          currentVersion: o.version,
          version: null,
          percent: null,
          checkedAt: null,
          restartBlockedBy: null,
        },
      ),
    ),

    installUpdate: guard('installUpdate', async () =>
      ok(o.updates ? await o.updates.install() : { restarting: false, blockedBy: 'not-supported' as const }),
    ),

    getNetworkInfo: guard('getNetworkInfo', async () => {
      const url = mode() === 'live' ? liveBase() : (sandboxUrl ?? liveBase());
      const direct: NetworkInfo = { source: 'none', via: 'direct', proxy: null, variable: null };
      return ok(o.describeProxy ? await o.describeProxy(url) : direct);
    }),

    saveExport: guard('saveExport', async ({ fileName, contents }) => {
      if (!o.saveExport) return err({ kind: 'internal', message: 'This host has no save dialog; the page downloads the export.' });
      const r = await o.saveExport(fileName, contents);
      log.info('export for support', r.ok ? { outcome: r.value.outcome } : { outcome: 'failed', error: scrub(r.error.message) });
      return r;
    }),

    reportError: guard('reportError', async (report) => ok({ logged: rendererErrors.report(report) })),

    openLogFolder: guard('openLogFolder', async () => {
      const folder = o.logFolder ?? o.userDataDir;
      let opened = false;
      try {
        opened = (await o.openFolder?.(folder)) ?? false;
      } catch (e) {
        log.warn('opening the log folder failed', { error: e });
      }
      return ok({ opened, path: folder });
    }),
  };

  return {
    handlers,
    pendingCount: () => pending,
    settings: () => settings.get(),
    wake: (reason) => wake.trigger(reason),
    async dispose() {
      monitor.stop();
    },
  };
}
