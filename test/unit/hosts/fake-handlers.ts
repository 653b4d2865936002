/** A small in-memory `DeskHandlers` for host tests: valid outputs, overridable per test. */
import { DEFAULT_SETTINGS } from '../../../common/settings';
import type { DeskHandlers } from '../../../common/ipc-contract';
import { redact, redactValue } from '../../../common/redact';
import { ok } from '../../../common/result';
import type { DispatchTarget } from '../../../electron/ipc/dispatch';
import type { Scrubbers } from '../../../electron/services/desk-services';

/** The services' scrubbers before any key is known: key-shaped text only. */
export const keyShapeScrubbers: Scrubbers = {
  scrub: (text) => redact(text),
  scrubValue: (value) => redactValue(value),
  scrubDataKeyReply: (value) => redactValue(value),
};

/** The fake handlers as a host serves them: what `createDispatcher` and `startBrowserHost` take. */
export function createFakeServices(overrides: Partial<DeskHandlers> = {}): DispatchTarget {
  return { handlers: createFakeHandlers(overrides), scrubbers: keyShapeScrubbers };
}

/** A fixed test key (never a real one): 32 bytes of 0x07. */
const FAKE_DATA_KEY = { keyId: 'test', key: Buffer.alloc(32, 7).toString('base64'), kept: 'memory-only' } as const;

export function createFakeHandlers(overrides: Partial<DeskHandlers> = {}): DeskHandlers {
  const keyStatus = {
    configured: false,
    kind: null,
    masked: null,
    storage: null,
    origin: null,
    keychain: { available: true },
  } as const;
  let settings = { ...DEFAULT_SETTINGS };
  const handlers: DeskHandlers = {
    getAppInfo: async () =>
      ok({ version: '0.0.0-test', host: 'browser', platform: 'test', mode: 'demo',
        apiUrl: 'http://sandbox',
        destination: 'demo',
        liveDestination: 'live:https://api.bizkithub.com',
        liveHost: 'api.bizkithub.com',
        customApi: false,
        sandbox: true,
        locale: 'en-US',
        dataProtection: { kept: 'memory-only' },
      }),
    getKeyStatus: async () => ok(keyStatus),
    saveKey: async () => ok({ ...keyStatus, configured: true, kind: 'developer', masked: 'DEV_••••••••0000', storage: 'session', origin: 'https://api.bizkithub.com' }),
    removeKey: async () => ok(keyStatus),
    getDataKey: async () => ok(FAKE_DATA_KEY),
    replaceDataKey: async () => ok(FAKE_DATA_KEY),
    testConnection: async () => ok({ latencyMs: 1, mode: 'demo' }),
    getSettings: async () => ok(settings),
    updateSettings: async (patch) => {
      settings = { ...settings, ...patch };
      return ok(settings);
    },
    getComplaint: async ({ id }) => ok({ exist: true, id, status: 'open' }),
    setComplaintStatus: async () => ok({ success: true }),
    createComplaint: async () => ok({ id: 'new-1', success: true }),
    getConnectivity: async () => ok({ online: true, since: '2026-01-01T00:00:00.000Z' }),
    getRateLimit: async () => ok(null),
    reportPending: async () => ok({}),
    notify: async () => ok({ shown: false }),
    getUpdateStatus: async () =>
      ok({ mode: 'off', state: 'idle', currentVersion: '0.0.0-test', version: null, percent: null, checkedAt: null, restartBlockedBy: null }),
    installUpdate: async () => ok({ restarting: false, blockedBy: 'not-supported' }),
    getNetworkInfo: async () => ok({ source: 'none', via: 'direct', proxy: null, variable: null }),
    saveExport: async () => ok({ outcome: 'cancelled' }),
    reportError: async () => ok({ logged: true }),
    openLogFolder: async () => ok({ opened: false, path: '/tmp/desk' }),
    appendJournal: async () => ok({}),
    getJournalUnsent: async () => ok({ entries: [], lastSeq: 0 }),
    reportJournalRestored: async () => ok({}),
    exportJournal: async ({ destination }) => ok({ format: 'bizkithub-desk-unsent', destination, exportedAt: new Date(0).toISOString(), entries: [] }),
  };
  return { ...handlers, ...overrides };
}
