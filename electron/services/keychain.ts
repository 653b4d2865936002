/**
 * The API key lives in the OS credential store (macOS Keychain, Windows Credential
 * Manager, the Secret Service on Linux) via `@napi-rs/keyring`, or, when the agent asks
 * for it or no store is available, in this process's memory only. It is NEVER written to
 * a file, and it never crosses IPC: `status()` gives the masked form, `getKey()` is for
 * main's own use.
 *
 * On Linux the entry is pinned to the Secret Service: unpinned, the library silently
 * falls back to the kernel keyring, which loses the key on reboot.
 *
 * The key is bound to the API origin it was saved for (`https://api.bizkithub.com`): the
 * keychain holds `{"origin","key"}`, and `keyFor(origin)` gives the key only to that
 * origin, so changing the API address can never send the key to another host. A bare key
 * stored by an earlier version belongs to the origin configured at the upgrade
 * (`legacyOrigin`) and is rewritten in the bound form at the first start. When that
 * rewrite fails (a keychain that reads but does not write), the origin it was given to is
 * kept in `legacyBinding` (a small file beside the settings), and every later start gives
 * the bare key to that origin only: otherwise each start would bind it afresh to whatever
 * address is configured by then. Without a record, such a key is not used at all.
 *
 * The backend is async (`AsyncEntry`): a locked keyring may show an unlock prompt, and a
 * synchronous D-Bus call would freeze Electron's main process meanwhile. `createKeyStore`
 * probes and reads once; afterwards `status()` and `getKey()` answer from memory.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { DEFAULT_API_ORIGIN } from '../../common/api-address';
import { ApiKeySchema, apiKeyKind, maskApiKey } from '../../common/api-schemas';
import type { DeskError } from '../../common/errors';
import type { KeyStatus } from '../../common/ipc-contract';
import { redact } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';
import type { Logger } from './logger';

/** One credential slot (service + account are fixed when the backend is made). */
export interface KeyringBackend {
  /** The stored secret, or null when there is none. Rejects when the store cannot be used. */
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  /** True if something was deleted. Rejects when the store cannot be used. */
  delete(): Promise<boolean>;
}

type Keyring = typeof import('@napi-rs/keyring');

/**
 * Loads `@napi-rs/keyring` on first use, so a missing native binary is a reported problem
 * rather than a crash at startup. In the Electron bundle (CommonJS) `require` resolves it
 * like the rest of main, app.asar and its unpacked `.node` included; esbuild would keep a
 * dynamic `import()` as a real ESM import there, which resolves differently. Under ESM
 * (tsx, Vitest) there is no `require`, and `import()` is the way.
 */
async function loadKeyring(): Promise<Keyring> {
  const mod: unknown =
    typeof require === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: CommonJS bundle
        require('@napi-rs/keyring')
      : await import('@napi-rs/keyring');
  // CommonJS interop: named exports, or everything on `default`.
  const lib = mod as Partial<Keyring> & { default?: Keyring };
  const found = lib.AsyncEntry ? (lib as Keyring) : lib.default;
  if (!found?.AsyncEntry) throw new Error('@napi-rs/keyring loaded without AsyncEntry');
  return found;
}

/** The default backend: `@napi-rs/keyring`, pinned to the Secret Service on Linux. */
export function createNapiKeyringBackend(service: string, account: string): KeyringBackend {
  type Entry = InstanceType<Keyring['AsyncEntry']>;
  let entry: Promise<Entry> | undefined;
  const open = (): Promise<Entry> => {
    // Unpinned, Linux falls back silently to the kernel keyring, which forgets on reboot.
    entry ??= loadKeyring().then((lib) => new lib.AsyncEntry(service, account, { linux: { store: 'secret-service' } }));
    return entry;
  };
  return {
    get: async () => (await open()).getPassword(),
    set: async (secret) => (await open()).setPassword(secret),
    delete: async () => (await open()).deletePassword(),
  };
}

export interface KeyStoreOptions {
  service: string;
  account: string;
  backend?: KeyringBackend;
  log?: Logger;
  /** Give up on a keychain call after this long (a hung D-Bus service must not hang the app). */
  timeoutMs?: number;
  /** For tests: which OS to word the problem text for. */
  platform?: NodeJS.Platform;
  /** The origin a bare key stored by an earlier version belongs to (the one configured now). Default: BizKitHub's. */
  legacyOrigin?: string;
  /** Where the origin a bare key was first given to is kept when the keychain cannot be rewritten. */
  legacyBinding?: LegacyBindingRecord;
}

/** The origin a bare (unbound) key was first given to, kept outside the keychain. Not a secret. */
export interface LegacyBindingRecord {
  /** The recorded origin, or null when none was recorded. Rejects when it cannot be read. */
  read(): Promise<string | null>;
  write(origin: string): Promise<void>;
}

/** A `LegacyBindingRecord` in a small JSON file (main's user-data folder). */
export function fileLegacyBinding(file: string): LegacyBindingRecord {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') return null;
        throw e;
      }
      const value: unknown = JSON.parse(text);
      const origin = (value as { origin?: unknown } | null)?.origin;
      if (typeof origin !== 'string') throw new Error('the legacy key binding record is unreadable');
      return origin;
    },
    async write(origin) {
      await writeFile(file, `${JSON.stringify({ origin })}\n`, { encoding: 'utf8', mode: 0o600 });
    },
  };
}

export interface SaveKeyOptions {
  /** Keep the key in memory only, until the app quits. */
  sessionOnly?: boolean;
  /** The API origin the key is for; it is given to no other. Default: BizKitHub's. */
  origin?: string;
}

export interface KeyStore {
  /** Validates (ApiKeySchema), then stores in the keychain or, with `sessionOnly`, in memory. */
  save(key: string, options?: SaveKeyOptions): Promise<Result<KeyStatus, DeskError>>;
  /** Forgets the key in memory and deletes it from the keychain. */
  remove(): Promise<Result<KeyStatus, DeskError>>;
  status(): KeyStatus;
  /** For main's own use only (redaction). Never send this over IPC. */
  getKey(): string | null;
  /** The key, only when it is bound to `origin` (API requests). Never send this over IPC. */
  keyFor(origin: string): string | null;
}

/** What the keychain holds: the key and the origin it is bound to. */
function encodeBound(key: string, origin: string): string {
  return JSON.stringify({ origin, key });
}

function decodeStored(stored: string): { key: string; origin: string | null } | null {
  if (!stored.startsWith('{')) return { key: stored, origin: null };
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return null;
    const { key, origin } = value as { key?: unknown; origin?: unknown };
    return typeof key === 'string' && typeof origin === 'string' ? { key, origin } : null;
  } catch {
    return null;
  }
}

const DEFAULT_KEYCHAIN_TIMEOUT_MS = 20_000;

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${e.message}${typeof code === 'string' ? ` [${code}]` : ''}`;
  }
  return String(e);
}

export type KeychainProblemReason = 'timeout' | 'locked' | 'unavailable';

/** What kind of problem it is, for the UI to word in its own language. */
export function keychainProblemReason(e: unknown): KeychainProblemReason {
  const text = errorText(e).toLowerCase();
  if (text.includes('timed out')) return 'timeout';
  if (text.includes('locked') || text.includes('prompt') || text.includes('dismissed')) return 'locked';
  return 'unavailable';
}

/** A sentence an agent (or their IT) can act on: what is missing and what to install or unlock. */
export function describeKeychainProblem(e: unknown, platform: NodeJS.Platform = process.platform): string {
  const raw = redact(errorText(e)).slice(0, 300);
  const text = raw.toLowerCase();
  if (platform === 'linux') {
    if (text.includes('timed out')) {
      return `The Secret Service did not answer (${raw}). Make sure gnome-keyring (or KWallet with its Secret Service) is running and the login keyring is unlocked, then try again.`;
    }
    if (text.includes('locked') || text.includes('prompt') || text.includes('dismissed')) {
      return `The login keyring is locked (${raw}). Unlock it (log in to the desktop session, or open "Passwords and Keys"), then try again.`;
    }
    return `No usable Secret Service (${raw}). Install and start gnome-keyring (or KWallet with its Secret Service enabled) and make sure the login keyring is unlocked; until then the key can be kept for this session only.`;
  }
  if (platform === 'darwin') {
    return `The macOS Keychain could not be used (${raw}). Unlock your login keychain in Keychain Access; until then the key can be kept for this session only.`;
  }
  if (platform === 'win32') {
    return `Windows Credential Manager could not be used (${raw}); until it works the key can be kept for this session only.`;
  }
  return `The OS credential store could not be used (${raw}); the key can be kept for this session only.`;
}

/** A keychain call that gives up after `ms` (a hung D-Bus service must not hang the app). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function createKeyStore(o: KeyStoreOptions): Promise<KeyStore> {
  const backend = o.backend ?? createNapiKeyringBackend(o.service, o.account);
  const timeoutMs = o.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const platform = o.platform ?? process.platform;
  const log = o.log;
  const legacyOrigin = o.legacyOrigin ?? DEFAULT_API_ORIGIN;
  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    withTimeout(Promise.resolve().then(fn), timeoutMs, `Keychain ${what}`);

  let key: string | null = null;
  let boundOrigin: string | null = null;
  let storage: 'keychain' | 'session' | null = null;
  let available = false;
  let problem: string | undefined;
  let reason: KeychainProblemReason | undefined;

  const markUnavailable = (e: unknown, what: string) => {
    available = false;
    problem = describeKeychainProblem(e, platform);
    reason = keychainProblemReason(e);
    log?.warn(`keychain: ${what} failed`, { problem });
  };

  // Probe once: a read tells us whether the store works and gives us the key.
  try {
    const stored = await call('read', () => backend.get());
    available = true;
    const decoded = stored === null ? null : decodeStored(stored);
    const parsed = decoded === null ? null : ApiKeySchema.safeParse(decoded.key);
    if (stored !== null && (decoded === null || !parsed?.success)) {
      log?.warn('keychain: the stored value is not a valid API key; ignoring it');
    } else if (decoded !== null && parsed?.success) {
      const origin = decoded.origin ?? (await bindLegacyKey(parsed.data));
      if (origin !== null) {
        key = parsed.data;
        boundOrigin = origin;
        storage = 'keychain';
      }
    }
  } catch (e) {
    markUnavailable(e, 'read');
  }

  /**
   * The origin a bare key from an earlier version is given to, or null when it cannot be
   * kept to one origin (it is then not used). A recorded first binding wins over the
   * origin configured now.
   */
  async function bindLegacyKey(bare: string): Promise<string | null> {
    let recorded: string | null = null;
    try {
      recorded = o.legacyBinding ? await o.legacyBinding.read() : null;
    } catch (e) {
      log?.warn('keychain: the record of the stored key\'s origin is unreadable; not using the key', { error: e });
      return null;
    }
    const origin = recorded ?? legacyOrigin;
    try {
      await call('write', () => backend.set(encodeBound(bare, origin)));
      log?.info('keychain: stored key bound to the configured API origin', { origin });
      return origin;
    } catch (e) {
      log?.warn('keychain: could not rewrite the stored key in the bound form', { error: e });
    }
    if (recorded !== null) return recorded;
    try {
      if (!o.legacyBinding) throw new Error('no place to record it');
      await o.legacyBinding.write(origin);
      log?.info('keychain: stored key kept to the configured API origin (recorded beside the settings)', { origin });
      return origin;
    } catch (e) {
      log?.warn('keychain: the stored key cannot be kept to one origin; not using it (enter it again)', { error: e });
      return null;
    }
  }

  // save/remove run one at a time, so two windows cannot interleave a write and a delete.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const status = (): KeyStatus => ({
    configured: key !== null,
    kind: key === null ? null : apiKeyKind(key),
    masked: key === null ? null : maskApiKey(key),
    storage: key === null ? null : storage,
    origin: key === null ? null : boundOrigin,
    keychain: available
      ? { available: true }
      : { available: false, ...(problem ? { problem } : {}), ...(reason ? { reason } : {}) },
  });

  return {
    status,
    getKey: () => key,
    keyFor: (origin) => (key !== null && boundOrigin === origin ? key : null),

    save: (input, options = {}) => serial(() => save(input, options)),
    remove: () => serial(remove),
  };

  async function save(input: string, options: SaveKeyOptions): Promise<Result<KeyStatus, DeskError>> {
    const parsed = ApiKeySchema.safeParse(input);
    if (!parsed.success) {
      return err({
        kind: 'bad-request',
        message: 'Not an API key: it is 32 characters, PROD, DEV_ or ROOT followed by 28 letters or digits.',
        issues: ['key: invalid format'],
      });
    }
    const next = parsed.data;
    const origin = options.origin ?? DEFAULT_API_ORIGIN;
    log?.setSecrets([next]);

    if (options.sessionOnly) {
      // A key saved earlier must not come back at the next start.
      if (available && storage === 'keychain') {
        try {
          await call('delete', () => backend.delete());
        } catch (e) {
          markUnavailable(e, 'delete');
        }
      }
      key = next;
      boundOrigin = origin;
      storage = 'session';
      log?.info('keychain: key kept for this session only', { origin });
      return ok(status());
    }

    // Even when the probe failed, try: the agent may have unlocked the keyring since.
    try {
      await call('write', () => backend.set(encodeBound(next, origin)));
    } catch (e) {
      markUnavailable(e, 'write');
      return err({
        kind: 'no-keychain',
        message: `The key was not saved: ${problem ?? 'the OS credential store is unavailable'}`,
      });
    }
    available = true;
    problem = undefined;
    reason = undefined;
    key = next;
    boundOrigin = origin;
    storage = 'keychain';
    log?.info('keychain: key saved', { origin });
    return ok(status());
  }

  async function remove(): Promise<Result<KeyStatus, DeskError>> {
    const hadKeychainCopy = storage === 'keychain';
    key = null;
    boundOrigin = null;
    storage = null;
    if (!available && !hadKeychainCopy) return ok(status());
    try {
      await call('delete', () => backend.delete());
    } catch (e) {
      markUnavailable(e, 'delete');
      if (hadKeychainCopy) {
        return err({
          kind: 'no-keychain',
          message: `The key is no longer used, but it could not be deleted from the OS credential store: ${problem ?? ''}`,
        });
      }
    }
    log?.info('keychain: key removed');
    return ok(status());
  }
}
