/**
 * Watches the outbox: pending count (for main and the status), the watchdog, and new
 * changes to send: at once (debounced), or for a change in its undo window, exactly
 * when the window ends (not at the next periodic tick).
 *
 * Paced (../data/paced-query.ts) rather than a liveQuery: a liveQuery re-reads every unsent
 * entry after every outbox write, so a drain of N changes would cost O(N²) reads competing
 * with the drain (docs/data-notes.md). At the end of every flush the engine reads the watch at once (refresh), so the
 * status is exact when a flush is over.
 */
import { isInUndoHold, retryAfterTrouble, type OutboxEntry } from '../../../common/outbox-rules';
import type { DeskDatabase } from '../data/db';
import { pacedSendable } from '../data/outbox-sending';
import type { SyncDesk } from './engine-types';
import type { SyncMetaState } from './sync-meta';

/** Between two reads while this window flushes. */
export const SYNCING_GAP_MS = 250;

export interface OutboxWatch {
  /** Reads the outbox at once (unpaced). */
  refresh(): Promise<void>;
  stop(): void;
}

export function watchOutbox(options: {
  db: DeskDatabase;
  desk: Pick<SyncDesk, 'reportPending'>;
  state: SyncMetaState;
  now: () => number;
  /** New changes are ready: flush soon. */
  notifyChange(): void;
  scheduleWake(at: number): void;
}): OutboxWatch {
  const { desk, state, now } = options;
  let ready = new Set<number>();
  let held = new Set<number>();
  let reported: number | null = null;

  const apply = (entries: OutboxEntry[]): void => {
    const pending = entries.length;
    const active = entries.filter((e) => e.state === 'queued' || e.state === 'sending' || e.state === 'needs-check');
    const oldest = active.length === 0 ? null : active.reduce((min, e) => Math.min(min, e.createdAt), Infinity);
    state.setOutbox(pending, oldest, retryAfterTrouble(active, now()));
    if (reported !== pending) {
      reported = pending;
      // Detached: a failed report (main gone, database closing) must not become an unhandled rejection.
      desk.reportPending({ pending }).catch(() => undefined);
    }
    const nowReady = new Set(
      entries.filter((e) => e.state === 'queued' && e.nextAttemptAt === 0 && e.seq !== undefined).map((e) => e.seq as number),
    );
    const fresh = [...nowReady].some((seq) => !ready.has(seq));
    ready = nowReady;
    if (fresh && state.meta.online) options.notifyChange();
    const at = now();
    const nowHeld = new Set<number>();
    for (const e of entries) {
      if (e.seq === undefined || !isInUndoHold(e, at)) continue;
      nowHeld.add(e.seq);
      if (!held.has(e.seq)) options.scheduleWake(e.nextAttemptAt);
    }
    held = nowHeld;
  };

  // A failing read (database closing or broken) is not the watch's to report: the flush does.
  // While a flush runs it writes the outbox constantly: a few reads a second are enough for
  // the status (each read queues with the flush's writes), and the flush reads it at its end.
  const subscription = pacedSendable(options.db, {
    minGapMs: () => (state.syncing ? SYNCING_GAP_MS : 0),
  }).subscribe({
    next: apply,
    error: () => undefined,
  });
  return {
    refresh: () => subscription.refresh(),
    stop: () => subscription.unsubscribe(),
  };
}
