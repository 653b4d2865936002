/**
 * One flush pass: under the flush lock (one flush at a time, even across windows), recover
 * what a dead flush left `sending`, respect a queue-wide pause, then walk the outbox.
 *
 * - Crash safety: an entry is marked `sending` in a transaction before its request; any
 *   `sending` entry found by a flush that holds the lock was left by a flush that died
 *   (crash, closed window, stop()) and becomes `needs-check` (../data/outbox-sending.ts).
 * - Per complaint strictly in `seq` order; different complaints in parallel: the
 *   `syncConcurrency` setting's lanes, more while the rate budget has plenty left (up to
 *   four times as many), one when it is nearly used up. A lane walks one
 *   complaint's chain of changes, then takes the longest chain left (./chain-pool.ts).
 */
import { nextSendable, nextWakeAt, sendableChains } from '../../../common/outbox-rules';
import type { DeskDatabase } from '../data/db';
import { readSendable, recoverAbandoned, releaseUndoHolds } from '../data/outbox-sending';
import type { LockManagerLike } from '../runtime/locks';
import type { RunState } from '../runtime/run-state';
import { runChains } from './chain-pool';
import { emptyReport, type FlushReport, type Halt } from './engine-types';
import type { EntrySender } from './entry-sender';
import type { SyncMetaState } from './sync-meta';

export const FLUSH_LOCK_NAME = 'desk-outbox-flush';

/** An entry ready again right after its attempt (retry delay 0) waits at least this long. */
const RETRY_FLOOR_MS = 250;

export interface FlushPassOptions {
  db: DeskDatabase;
  run: RunState;
  state: SyncMetaState;
  sender: EntrySender;
  locks: LockManagerLike;
  now: () => number;
  inFlightGraceMs: number;
  busyRetryMs: number;
  /** Lanes at once, asked after every change (grown and shrunk with the rate budget). */
  concurrency(): number;
  scheduleWake(at: number): void;
}

/** One pass; `force` ("Sync now") also runs offline, retries an auth pause and ends undo holds. */
export function createFlushPass(options: FlushPassOptions): (force: boolean) => Promise<FlushReport> {
  const { db, run, state, sender, now, scheduleWake } = options;
  const stopped = (): boolean => !run.running;

  async function underLock(force: boolean, report: FlushReport): Promise<void> {
    await recoverAbandoned(db, now(), options.inFlightGraceMs);
    if ((await state.currentPause(force)) !== null) {
      report.skipped = 'paused';
      const { pausedReason, pausedUntil } = state.meta;
      if (pausedReason === 'rate-limited' && pausedUntil !== null) scheduleWake(pausedUntil);
      return;
    }
    if (!state.meta.online && !force) {
      report.skipped = 'offline';
      return;
    }
    if (force) await releaseUndoHolds(db, now());
    sender.beginPass();
    const halt: Halt = { wakeAt: null, halted: false };
    await walk(report, halt);
    if (stopped()) return;
    if (halt.halted) {
      if (halt.wakeAt !== null) scheduleWake(halt.wakeAt);
      return;
    }
    const left = await readSendable(db);
    const wake = nextWakeAt(left, now());
    // Ready again already (a retry delay of 0): the next pass, shortly.
    const readyAgain = nextSendable(left, now(), 1).length > 0 ? now() + RETRY_FLOOR_MS : null;
    const at = Math.min(wake ?? Infinity, readyAgain ?? Infinity);
    if (Number.isFinite(at)) scheduleWake(at);
  }

  async function walk(report: FlushReport, halt: Halt): Promise<void> {
    // Each entry at most once per pass: one whose retry delay came out as 0 (full jitter)
    // waits for the next pass instead of looping here.
    const attempted = new Set<number>();
    state.setSyncing(true);
    try {
      while (!stopped() && !halt.halted) {
        // Per complaint, its unsent entries in order (a chain). A lane walks a chain until an
        // entry does not end confirmed, then takes the longest chain left; never two entries
        // of one complaint at once, and no batch barrier (see ./chain-pool.ts).
        const chains = sendableChains(await readSendable(db), now()).filter(
          (chain) => chain[0]?.seq !== undefined && !attempted.has(chain[0].seq),
        );
        if (chains.length === 0) break;
        await runChains(
          chains,
          options.concurrency,
          async (entry, next) => {
            if (entry.seq === undefined || attempted.has(entry.seq)) return false;
            attempted.add(entry.seq);
            return sender.send(entry, report, halt, next);
          },
          () => stopped() || halt.halted,
        );
      }
      // Then the timeline of a complaint that got a change, if it is on screen.
      if (!stopped() && !halt.halted) await sender.refreshTimelines(options.concurrency(), halt);
    } finally {
      // Entries claimed ahead for a lane that stopped before them go back to the queue (if
      // that fails, the next flush recovers them as needs-check, like any claim left behind).
      await sender.releaseAhead().catch(() => undefined);
      state.setSyncing(false);
    }
  }

  return async function flushOnce(force) {
    const report = emptyReport();
    if (stopped()) return { ...report, skipped: 'stopped' };
    try {
      const gotLock = await options.locks.request(FLUSH_LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (lock === null) return false;
        await underLock(force, report);
        return true;
      });
      if (!gotLock) {
        report.skipped = 'busy';
        scheduleWake(now() + options.busyRetryMs);
      }
    } catch (cause) {
      // A local failure (database closed or broken): nothing was lost, the queue is as it was.
      report.error = String(cause);
    }
    return report;
  };
}
