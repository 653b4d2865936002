/**
 * Composes the services into the `DeskHandlers` both hosts register (Electron IPC and the
 * browser host's HTTP channel). Thin on purpose: the logic lives in the modules it wires.
 *
 * Its parts (./desk/): `context.ts` (the options, what the channel groups share),
 * `secrets.ts` (every key seen, scrubbed), `targets.ts` (mode, destination, the API client
 * for the current one: demo sandbox or live API), `connectivity.ts` (the monitor and wake
 * wiring), and the channel groups `settings-channels.ts`, `complaint-channels.ts`,
 * `host-channels.ts`.
 *
 * Destination (common/destination.ts): requests that carry the destination they were made
 * for are refused (`wrong-destination`) unless it is the current one: a change made in
 * demo mode never reaches BizKitHub, and a live change never lands in the sandbox,
 * whatever the renderer does.
 *
 * The handlers are plain functions typed from the contract: they receive input already
 * parsed by the channel's schema. The one guard around them is the dispatcher both hosts
 * call (../ipc/dispatch.ts): it parses input, catches what a handler throws, and scrubs
 * every reply with the `scrubbers` handed over here (every key seen this session) before
 * holding it to the contract.
 */
import { join } from 'node:path';
import { withRateLimits, type DeskEvent, type DeskHandlers } from '../../common/ipc-contract';
import type { Settings } from '../../common/settings';
import { checkApiBaseUrl } from './api-url';
import { complaintChannels } from './desk/complaint-channels';
import { createDeskConnectivity } from './desk/connectivity';
import type { ChannelContext, DeskServicesOptions } from './desk/context';
import { hostChannels } from './desk/host-channels';
import {
  createMemoryDataKeyStore,
  dataKeyChannels,
  encryptionRequiredDataKeyStore,
  scrubbedDataKeyStore,
  type DataKeyStore,
} from './desk/data-key-channels';
import { createSecrets, type Scrubbers } from './desk/secrets';
import { journalChannels } from './desk/journal-channels';
import { settingsChannels } from './desk/settings-channels';
import { openJournal, type Journal } from './journal/journal';
import { createLiveApi, createTargets } from './desk/targets';
import { createKeyStore, fileLegacyBinding } from './keychain';
import { createSettingsStore } from './settings-store';
import type { WakeReason } from './wake';

export type { DeskServicesOptions } from './desk/context';
export type { Scrubbers } from './desk/secrets';
export { CONNECTION_TEST_ID } from './desk/settings-channels';

export interface DeskServices {
  handlers: DeskHandlers;
  /** What the dispatcher scrubs every reply with: the keys seen this session, key-shaped text. */
  scrubbers: Scrubbers;
  pendingCount(): number;
  settings(): Settings;
  /** The computer woke or the network came back: probe now, then tell the renderer (./wake.ts). */
  wake(reason: WakeReason): Promise<void>;
  dispose(): Promise<void>;
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

  const secrets = createSecrets(log);
  const settings = createSettingsStore({ dir: o.userDataDir, log, ...(o.policy ? { policy: o.policy } : {}) });
  const live = createLiveApi(o.apiUrlOverride, settings, o.policy?.enforced.apiUrl);
  const keys = await createKeyStore({
    ...o.keychain,
    log,
    legacyOrigin: live.origin(),
    legacyBinding: fileLegacyBinding(join(o.userDataDir, 'api-key-origin.json')),
  });
  const initialKey = keys.getKey();
  if (initialKey) secrets.know(initialKey);
  const keptKeys = scrubbedDataKeyStore(o.dataKeys ?? createMemoryDataKeyStore(), secrets);
  const dataKeys = o.policy?.enforced.requireEncryptedStorage === true ? encryptionRequiredDataKeyStore(keptKeys, log) : keptKeys;

  const journal = o.journal === false ? null : await openJournalOrNot(o, dataKeys);

  const emit = (event: DeskEvent) => {
    try {
      o.emit(event);
    } catch (e) {
      log.warn('emit failed', { type: event.type, error: e });
    }
  };

  const liveBlocked = o.policy?.apiUrlRefused === true;
  const targets = createTargets({
    live,
    keys,
    log,
    fetch: fetchImpl,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    startDemoSandbox: () => o.startDemoSandbox(),
    demoAllowed: o.policy?.enforced.demoMode !== false,
    liveBlocked,
    onExchange: (outcome) => connectivity.onExchange(outcome),
  });
  const connectivity = createDeskConnectivity({
    ...(o.isOsOnline !== undefined ? { isOsOnline: o.isOsOnline } : {}),
    fetch: fetchImpl,
    log,
    emit,
    // A refused policy address leaves no live API: the address it would fall back to is never contacted.
    probeBase: () => (targets.mode() !== 'live' ? targets.sandboxUrl() : liveBlocked ? undefined : live.base()),
  });

  const context: ChannelContext = {
    o,
    log,
    secrets,
    settings,
    keys,
    dataKeys,
    targets,
    journal,
    monitor: connectivity.monitor,
    emit,
  };
  const host = hostChannels(context);
  const reportPending = host.handlers.reportPending;
  // The start-up check: the renderer's count is what its database holds. Fewer than the
  // journal holds unsent means the database is behind; the workspace restores from the
  // journal at its start, and this line says so if a count disagrees meanwhile.
  host.handlers.reportPending = async (input) => {
    const journaled = journal?.count(targets.destination()) ?? 0;
    if (input.pending < journaled) {
      log.warn('journal: the window reports fewer unsent changes than the journal holds', { reported: input.pending, journaled });
    }
    return reportPending(input);
  };
  // Every reply of a channel that calls BizKitHub carries the figures the current client
  // has after the request: the renderer paces itself by them (common/ipc-contract.ts).
  const handlers: DeskHandlers = withRateLimits(
    {
      ...settingsChannels(context),
      ...complaintChannels(context),
      ...host.handlers,
      ...dataKeyChannels(dataKeys),
      ...journalChannels(journal, log, secrets),
    },
    () => targets.lastRateLimit(),
  );

  return {
    handlers,
    scrubbers: { scrub: secrets.scrub, scrubValue: secrets.scrubValue, scrubDataKeyReply: secrets.scrubDataKeyReply },
    pendingCount: host.pendingCount,
    settings: () => settings.get(),
    wake: (reason) => connectivity.wake.trigger(reason),
    async dispose() {
      connectivity.monitor.stop();
      await journal?.close().catch((e: unknown) => log.warn('journal close failed', { error: e }));
    },
  };
}

/** The journal in the data folder; null (the app runs without it, and says so in the log) if it cannot be opened. */
async function openJournalOrNot(o: DeskServicesOptions, dataKeys: DataKeyStore): Promise<Journal | null> {
  try {
    return await openJournal({ path: join(o.userDataDir, 'journal', 'unsent-work.journal'), dataKey: () => dataKeys.current(), log: o.log });
  } catch (e) {
    o.log.error('journal of unsent work could not be opened: unsent work lives in the browser database only', { error: e });
    return null;
  }
}
