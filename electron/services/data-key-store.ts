/**
 * The data key kept in the OS keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux) next to the API key, in its own account, through the same
 * `KeyringBackend` (./keychain.ts). Made from `crypto.randomBytes(32)` on first use, with a
 * key id, and never written anywhere else: not to settings.json, not to a log, not to an
 * error message.
 *
 * A read that fails is not a missing key. "No entry" makes a key; a keychain that cannot
 * be used (none, locked, not answering) or that holds something else gives a key for this
 * run only (`memory-only`), and the stored key is left alone, so what it sealed is readable
 * again once the keychain is back. A key that cannot be stored is also for this run only.
 *
 * `replace()` is crypto-shredding: the old key is deleted from the keychain first; if that
 * fails, it says so and nothing changes, so the old key is never kept while the caller
 * believes it gone.
 */
import { randomBytes } from 'node:crypto';
import { DataKeySchema, type DataKey, type DataProtection } from '../../common/data-key';
import type { DeskError } from '../../common/errors';
import { err, ok, type Result } from '../../common/result';
import { memoryDataKey, type DataKeyStore } from './desk/data-key-channels';
import {
  createNapiKeyringBackend,
  describeKeychainProblem,
  keychainProblemReason,
  withTimeout,
  type KeyringBackend,
} from './keychain';
import type { Logger } from './logger';

/** The data key's keychain account, beside the API key's. */
export function dataKeyAccount(apiKeyAccount: string): string {
  return `${apiKeyAccount}.data-key`;
}

export interface KeychainDataKeyStoreOptions {
  service: string;
  /** The data key's own account (`dataKeyAccount(…)`). */
  account: string;
  /** Absent: the OS credential store via `@napi-rs/keyring`. */
  backend?: KeyringBackend;
  log?: Logger;
  /** Give up on a keychain call after this long (a hung D-Bus service must not hang the app). */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** What the keychain holds: the key and its id, never the `kept` figure. */
const StoredSchema = DataKeySchema.pick({ keyId: true, key: true }).strict();

type MemoryReason = NonNullable<DataProtection['reason']>;
interface Held {
  key: DataKey;
  reason?: MemoryReason;
}

function freshKeychainKey(): DataKey {
  return { keyId: `k${randomBytes(6).toString('hex')}`, key: randomBytes(32).toString('base64'), kept: 'keychain' };
}

function parseStored(stored: string): DataKey | null {
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(stored));
    return parsed.success ? { ...parsed.data, kept: 'keychain' } : null;
  } catch {
    return null;
  }
}

export function createKeychainDataKeyStore(o: KeychainDataKeyStoreOptions): DataKeyStore {
  const backend = o.backend ?? createNapiKeyringBackend(o.service, o.account);
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = o.platform ?? process.platform;
  const log = o.log;
  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    withTimeout(Promise.resolve().then(fn), timeoutMs, `Keychain ${what} (data key)`);
  const problemOf = (e: unknown) => describeKeychainProblem(e, platform);
  const reasonOf = (e: unknown): MemoryReason => (keychainProblemReason(e) === 'unavailable' ? 'no-keychain' : 'keychain-locked');

  /** For this run only; `why` is logged, never the key. */
  const inMemory = (reason: MemoryReason, why: string, fields: Record<string, unknown> = {}): Held => {
    const key = memoryDataKey();
    log?.warn(`data key: ${why}; customers' data is kept in memory only for this run`, { keyId: key.keyId, ...fields });
    return { key, reason };
  };

  /** A new key into the keychain, or into memory when it cannot be stored. */
  async function makeAndKeep(): Promise<Held> {
    const key = freshKeychainKey();
    try {
      await call('write', () => backend.set(JSON.stringify({ keyId: key.keyId, key: key.key })));
    } catch (e) {
      return inMemory(reasonOf(e), 'the OS keychain could not store a new key', { problem: problemOf(e) });
    }
    log?.info('data key: made and kept in the OS keychain', { keyId: key.keyId });
    return { key };
  }

  async function load(): Promise<Held> {
    let stored: string | null;
    try {
      stored = await call('read', () => backend.get());
    } catch (e) {
      return inMemory(reasonOf(e), 'the OS keychain could not be read; the key kept there is left alone', {
        problem: problemOf(e),
      });
    }
    if (stored === null) return makeAndKeep();
    const key = parseStored(stored);
    if (key === null) {
      return inMemory('stored-key-unreadable', 'the OS keychain holds something that is not a data key; it is left alone');
    }
    log?.info('data key: read from the OS keychain', { keyId: key.keyId });
    return { key };
  }

  let held: Promise<Held> | null = null;
  const current = (): Promise<Held> => (held ??= load());

  // replace() runs one at a time, after the first load.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  async function replace(): Promise<Result<DataKey, DeskError>> {
    const old = await current();
    try {
      await call('delete', () => backend.delete());
    } catch (e) {
      const problem = problemOf(e);
      if (old.reason === 'no-keychain' && reasonOf(e) === 'no-keychain') {
        // No keychain on this machine: the key in use lives only in this process, so
        // dropping it shreds what it sealed. Refusing would leave the agent unable to wipe.
        const next = inMemory('no-keychain', 'the data key in use is dropped and replaced; there is no OS keychain to clean', {
          old: old.key.keyId,
        });
        held = Promise.resolve(next);
        return ok(next.key);
      }
      log?.warn('data key: the old key could not be deleted from the OS keychain; it is still the one in use', {
        keyId: old.key.keyId,
        problem,
      });
      // In a memory-only run the key in use is not in the keychain, but one an earlier run
      // kept there may be: it is not shredded either, so this is not a success.
      const what =
        old.key.kept === 'keychain'
          ? 'it could not be deleted from the OS credential store, so what it encrypted is not shredded'
          : 'a data key kept in the OS credential store by an earlier run could not be deleted, so what it encrypted is not shredded';
      return err({ kind: 'no-keychain', message: `The data key was not replaced: ${what}. ${problem}` });
    }
    log?.info('data key: the old key is deleted from the OS keychain', { keyId: old.key.keyId });
    const next = await makeAndKeep();
    held = Promise.resolve(next);
    return ok(next.key);
  }

  return {
    current: async () => (await current()).key,
    replace: () => serial(replace),
    protection: async () => {
      const { key, reason } = await current();
      return reason ? { kept: key.kept, reason } : { kept: key.kept };
    },
  };
}
