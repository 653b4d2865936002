/**
 * The data key's channels. The key is made in main, from the OS's random source, and
 * handed to the app's page over the sender-checked IPC channel; it is never written to
 * the renderer's storage or to a log. Where it is kept between runs is the key store's
 * business (`DataKeyStore`: ../data-key-store.ts keeps it in the OS keychain); the store
 * here keeps it for this run only.
 *
 * Every key handed out is made known to the secret scrubber, so no other reply, event or
 * log line can carry it; the dispatcher lets it through in these two replies only
 * (../../ipc/dispatch.ts).
 */
import { randomBytes } from 'node:crypto';
import type { DataKey, DataProtection } from '../../../common/data-key';
import type { DeskHandlers } from '../../../common/ipc-contract';
import type { DeskError } from '../../../common/errors';
import { err, ok, type Result } from '../../../common/result';
import type { Logger } from '../logger';
import type { Secrets } from './secrets';

type DataKeyChannels = Pick<DeskHandlers, 'getDataKey' | 'replaceDataKey'>;

export interface DataKeyStore {
  /** The current key, made on first use. Never rejects: a store that cannot keep it keeps it in memory. */
  current(): Promise<DataKey>;
  /**
   * Forgets the current key for good (deleted from where it is kept, first), then makes and
   * keeps a new one. An error when the old key could not be deleted: nothing changed then.
   */
  replace(): Promise<Result<DataKey, DeskError>>;
  /** Where the current key is kept, and why in memory only if so (loads it on first use). */
  protection(): Promise<DataProtection>;
}

/** A fresh key for this run only; its id starts with `m` (memory). */
export function memoryDataKey(): DataKey {
  return {
    keyId: `m${randomBytes(6).toString('hex')}`,
    key: randomBytes(32).toString('base64'),
    kept: 'memory-only',
  };
}

/** A key that lives as long as this process: nothing it sealed is readable after a restart. */
export function createMemoryDataKeyStore(): DataKeyStore {
  let key: DataKey | null = null;
  return {
    current: async () => (key ??= memoryDataKey()),
    replace: async () => ok((key = memoryDataKey())),
    protection: async () => ({ kept: 'memory-only' }),
  };
}

/**
 * The store, with every key it gives made known to the secret scrubber, so that from the
 * moment main holds it, no reply, event or log line can carry it by accident.
 */
export function scrubbedDataKeyStore(store: DataKeyStore, secrets: Pick<Secrets, 'knowDataKey'>): DataKeyStore {
  const known = (key: DataKey): DataKey => {
    secrets.knowDataKey(key.key);
    return key;
  };
  const current = async () => known(await store.current());
  return {
    current,
    replace: async () => {
      const replaced = await store.replace();
      return replaced.ok ? ok(known(replaced.value)) : err(replaced.error);
    },
    protection: async () => {
      await current();
      return store.protection();
    },
  };
}

/**
 * IT policy `requireEncryptedStorage: true`: every key and every answer of `protection()`
 * says so (`encryptionRequired`), so that the renderer's data layer and main's journal seal
 * an unsent new complaint even with a key kept in memory only, rather than keep it in clear
 * to outlive a restart. The first memory-only key under the policy is said once in the log.
 */
export function encryptionRequiredDataKeyStore(store: DataKeyStore, log: Pick<Logger, 'warn'>): DataKeyStore {
  let said = false;
  const marked = (key: DataKey): DataKey => {
    if (key.kept === 'memory-only' && !said) {
      said = true;
      log.warn(
        'policy requireEncryptedStorage: no OS keychain keeps the data key, so nothing personal is written to disk in clear; ' +
          'an unsent new complaint and the New complaint draft live in memory only and are lost if the app closes before they are sent',
        { keyId: key.keyId },
      );
    }
    return { ...key, encryptionRequired: true };
  };
  return {
    current: async () => marked(await store.current()),
    replace: async () => {
      const replaced = await store.replace();
      return replaced.ok ? ok(marked(replaced.value)) : err(replaced.error);
    },
    protection: async () => ({ ...(await store.protection()), encryptionRequired: true }),
  };
}

export function dataKeyChannels(store: DataKeyStore): DataKeyChannels {
  return {
    getDataKey: async () => ok(await store.current()),
    replaceDataKey: () => store.replace(),
  };
}
