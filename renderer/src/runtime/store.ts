/**
 * A value others can subscribe to, satisfying Svelte's store contract (`subscribe` calls
 * back at once with the current value and returns the unsubscribe function), so `$status`
 * works in components while the code that owns the value imports no Svelte.
 */
export interface Readable<T> {
  subscribe(run: (value: T) => void): () => void;
}

export interface Store<T> extends Readable<T> {
  set(value: T): void;
  get(): T;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const subscribers = new Set<(value: T) => void>();
  // As Svelte's writable: a set() made by a subscriber while others are being told is
  // queued, so every subscriber sees the values in order and ends with the latest.
  const queue: Array<[(value: T) => void, T]> = [];

  function set(next: T): void {
    // Objects always count as changed (as Svelte's safe_not_equal): status snapshots are new objects.
    if (next === value && (typeof next !== 'object' || next === null)) return;
    value = next;
    const drain = queue.length === 0;
    for (const run of subscribers) queue.push([run, next]);
    if (!drain) return;
    for (let i = 0; i < queue.length; i += 1) queue[i]![0](queue[i]![1]);
    queue.length = 0;
  }

  return {
    set,
    get: () => value,
    subscribe(run) {
      const subscriber = (v: T): void => run(v);
      subscribers.add(subscriber);
      run(value);
      return () => {
        subscribers.delete(subscriber);
      };
    },
  };
}
