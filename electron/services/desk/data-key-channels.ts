/**
 * The data key's channels. The key is made here, in main, from the OS's random source,
 * and handed to the app's page over the sender-checked IPC channel; it is never written
 * to the renderer's storage or to a log. Where it is kept between runs is the key store's
 * business (`DataKeyStore`); the store here keeps it for this run only.
 */
import { randomBytes } from 'node:crypto';
import type { DataKey } from '../../../common/data-key';
import type { DeskHandlers } from '../../../common/ipc-contract';
import { ok } from '../../../common/result';

type DataKeyChannels = Pick<DeskHandlers, 'getDataKey' | 'replaceDataKey'>;

export interface DataKeyStore {
  /** The current key, made on first use. */
  current(): Promise<DataKey>;
  /** Forgets the current key for good, then makes and keeps a new one. */
  replace(): Promise<DataKey>;
}

/** A key that lives as long as this process: nothing it sealed is readable after a restart. */
export function createMemoryDataKeyStore(): DataKeyStore {
  let key: DataKey | null = null;
  const fresh = (): DataKey => ({
    keyId: `m${randomBytes(6).toString('hex')}`,
    key: randomBytes(32).toString('base64'),
    kept: 'memory-only',
  });
  return {
    current: async () => (key ??= fresh()),
    replace: async () => (key = fresh()),
  };
}

export function dataKeyChannels(store: DataKeyStore): DataKeyChannels {
  return {
    getDataKey: async () => ok(await store.current()),
    replaceDataKey: async () => ok(await store.replace()),
  };
}
