/**
 * Exclusive named locks: the Web Locks API (`navigator.locks`, shared by every window of
 * the app) where it exists, else an in-process stand-in. The sync engine, the refresher
 * and the attention notifier each hold one (one flush, one refresh round, one notifying
 * window at a time).
 */

/** The part of navigator.locks the app uses; injectable for tests. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** An in-process stand-in for navigator.locks (exclusive locks, ifAvailable). */
export function createLocalLocks(): LockManagerLike {
  const held = new Map<string, Promise<void>>();
  return {
    async request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
      if (options.ifAvailable === true && held.has(name)) return callback(null);
      for (let current = held.get(name); current !== undefined; current = held.get(name)) await current;
      let release = (): void => {};
      held.set(name, new Promise<void>((resolve) => (release = resolve)));
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        release();
      }
    },
  };
}

/** The Web Locks API, or null where this JS realm has none (Node, tests). */
export function webLocks(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks === undefined) return null;
  return {
    request: <T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>) =>
      locks.request(name, options, callback) as Promise<T>,
  };
}

/** Shared by everything in this JS realm that has no Web Locks. */
const localLocks = createLocalLocks();

/** Web Locks where they exist, else the in-process locks every user in this realm shares. */
export function defaultLocks(): LockManagerLike {
  return webLocks() ?? localLocks;
}
