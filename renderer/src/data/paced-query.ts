/**
 * A live query for queries that would otherwise run after every write of a busy table
 * (the outbox during a drain): the query re-runs when one of `tables` changes (Dexie's
 * `storagemutated`, which also carries other windows' writes), but
 * - never two runs at once,
 * - after a run, the next waits `pace` × that run's duration (default 3: the query takes
 *   at most a quarter of the time however fast writes come),
 * - the first change after a quiet spell is read at once, so small, idle outboxes update
 *   within milliseconds as before.
 *
 * Why: Dexie's liveQuery re-runs at once after each write. In the app every outbox write
 * re-ran five outbox queries (the engine's watch, the header's and the update banner's
 * "N pending", the notifier's, the pending list), each in its own transaction, and
 * IndexedDB runs the readers and the engine's next write on the outbox one after
 * another: a 100-change drain in Chromium spent most of its time waiting on them.
 *
 * The subscription also satisfies Svelte's store contract (`$store`), like liveQuery's.
 */
import Dexie, { type ObservabilitySet } from 'dexie';

export interface PacedObserver<T> {
  next?: (value: T) => void;
  error?: (error: unknown) => void;
}

export interface PacedSubscription {
  unsubscribe(): void;
  /** Runs the query now (unpaced) and delivers its answer; resolves when delivered. */
  refresh(): Promise<void>;
}

export interface PacedQuery<T> {
  subscribe(observer: ((value: T) => void) | PacedObserver<T>): PacedSubscription;
}

export const DEFAULT_PACE = 3;

export interface PaceOptions {
  /** The next run waits `pace` × the last run's duration (default DEFAULT_PACE). */
  pace?: number;
  /**
   * And at least this long after the last run ended (asked each time; default 0). For a
   * reader that needs no more than a few answers a second, or none while a drain writes.
   */
  minGapMs?: () => number;
}

export function pacedQuery<T>(
  db: Pick<Dexie, 'name'>,
  tables: readonly string[],
  query: () => Promise<T>,
  options: PaceOptions = {},
): PacedQuery<T> {
  const pace = options.pace ?? DEFAULT_PACE;
  const minGapMs = options.minGapMs ?? (() => 0);
  const parts = tables.map((table) => `idb://${db.name}/${table}/`);
  return {
    subscribe(observer) {
      const next = typeof observer === 'function' ? observer : observer.next;
      const fail = typeof observer === 'function' ? undefined : observer.error;
      let closed = false;
      let reading = false;
      let dirty = false;
      // Real time on purpose: this paces database reads, nothing else.
      let timer: ReturnType<typeof setTimeout> | null = null;
      let lastDuration = 0;
      let lastEnd = 0;
      // Runs may overlap (refresh() does not wait for a paced one): only a run that started
      // after the last delivered one may deliver, so an older answer never wins.
      let started = 0;
      let delivered = 0;

      const runNow = async (): Promise<void> => {
        const id = ++started;
        try {
          const value = await query();
          if (!closed && id > delivered) {
            delivered = id;
            next?.(value);
          }
        } catch (error) {
          if (!closed) fail?.(error);
        }
      };

      const run = async (): Promise<void> => {
        reading = true;
        dirty = false;
        const began = Date.now();
        try {
          await runNow();
        } finally {
          reading = false;
          lastEnd = Date.now();
          lastDuration = lastEnd - began;
          if (dirty) schedule();
        }
      };

      function schedule(): void {
        if (closed || timer !== null) return;
        if (reading) {
          dirty = true;
          return;
        }
        const wait = lastEnd + Math.max(pace * lastDuration, lastEnd === 0 ? 0 : minGapMs()) - Date.now();
        if (wait <= 0) {
          void run();
          return;
        }
        timer = setTimeout(() => {
          timer = null;
          if (!closed) void run();
        }, wait);
      }

      const onMutated = (mutated: ObservabilitySet): void => {
        if (Object.keys(mutated).some((part) => parts.some((prefix) => part.startsWith(prefix)))) schedule();
      };
      Dexie.on('storagemutated', onMutated);
      schedule();
      return {
        unsubscribe() {
          if (closed) return;
          closed = true;
          if (timer !== null) clearTimeout(timer);
          Dexie.on.storagemutated.unsubscribe(onMutated);
        },
        refresh: () => (closed ? Promise.resolve() : runNow()),
      };
    },
  };
}
