/**
 * Group commit for the sync engine's writes. IndexedDB runs read-write transactions on the
 * same tables one after another, so during a drain each lane's settle waited for the
 * others' anyway, paying a transaction each. Here a write that arrives while one is
 * committing waits for it (as it would have) and then commits together with every other
 * write that arrived meanwhile, in one transaction.
 *
 * Each job keeps its own meaning: jobs are written as conditional read-then-write steps
 * (../data/outbox-sending.ts) and run one after another inside the shared transaction, so
 * each sees the writes of the jobs before it. If any job throws, the shared transaction is
 * aborted (nothing of the batch is written) and every job runs again in a transaction of
 * its own: a failing job fails alone, as it did before batching.
 */
import type { DeskDatabase } from './db';

export interface WriteBatcher {
  /** Runs `job` in a read-write transaction on complaints and outbox, shared with jobs that arrived meanwhile. */
  run<T>(job: () => Promise<T>): Promise<T>;
}

interface Queued {
  job: () => Promise<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

export function createWriteBatcher(db: DeskDatabase): WriteBatcher {
  let waiting: Queued[] = [];
  let committing = false;

  const alone = (q: Queued): Promise<void> =>
    db.transaction('rw', db.complaints, db.outbox, q.job).then(q.resolve, q.reject);

  async function commit(batch: Queued[]): Promise<void> {
    if (batch.length === 1) return alone(batch[0]!);
    let results: unknown[];
    try {
      results = await db.transaction('rw', db.complaints, db.outbox, async () => {
        const out: unknown[] = [];
        for (const q of batch) out.push(await q.job());
        return out;
      });
    } catch {
      for (const q of batch) await alone(q);
      return;
    }
    batch.forEach((q, i) => q.resolve(results[i]));
  }

  async function drain(): Promise<void> {
    committing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        await commit(batch);
      }
    } finally {
      committing = false;
    }
  }

  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ job, resolve: resolve as (value: unknown) => void, reject });
        if (!committing) void drain();
      });
    },
  };
}
