/**
 * Reads of the outbox, for the engine's helpers and the UI. The live ones satisfy
 * Svelte's store contract (`$derived(liveUnsent(db))`, read `$x`).
 *
 * Which live form: a read that would otherwise re-run after every write of a drain is
 * paced (./paced-query.ts: the unsent list, the pending count, the history, the
 * notifier's facts); a read of one entry or one complaint's entries, or of a range a
 * drain does not write, stays a Dexie liveQuery (it re-runs only when its own range
 * changes).
 *
 * Unsent entries are read with one `equals` range per state rather than `anyOf`:
 * IndexedDB answers each range with a single getAll, where Dexie walks `anyOf` with a
 * cursor, one round trip per entry. The ranges share one read transaction, since every
 * transaction on the outbox queues behind the engine's writes.
 */
import Dexie, { liveQuery, type Observable } from 'dexie';
import { ACTIVE_STATES, HISTORY_STATES, UNSENT_STATES, type OutboxEntry } from '../../../common/outbox-rules';
import { entriesOfComplaint, type DeskDatabase } from './db';
import { pacedQuery, type PacedQuery, type PaceOptions } from './paced-query';

const bySeq = (a: OutboxEntry, b: OutboxEntry): number => (a.seq ?? 0) - (b.seq ?? 0);

/** Unsent entries (queued, sending, needs-check, conflict, failed, uncertain), in no particular order. */
export async function readUnsent(db: DeskDatabase): Promise<OutboxEntry[]> {
  return db.transaction('r', db.outbox, async () => {
    const perState = await Promise.all(UNSENT_STATES.map((state) => db.outbox.where('state').equals(state).toArray()));
    return perState.flat();
  });
}

/** Unsent entries, oldest first. */
export async function readUnsentInOrder(db: DeskDatabase): Promise<OutboxEntry[]> {
  return (await readUnsent(db)).sort(bySeq);
}

/** Number of unsent entries: one indexed count per state, in one transaction (see readUnsent). */
export async function countUnsent(db: DeskDatabase): Promise<number> {
  return db.transaction('r', db.outbox, async () => {
    const perState = await Promise.all(UNSENT_STATES.map((state) => db.outbox.where('state').equals(state).count()));
    return perState.reduce((sum, n) => sum + n, 0);
  });
}

/** Unsent entries, oldest first. Paced. */
export function liveUnsent(db: DeskDatabase): PacedQuery<OutboxEntry[]> {
  return pacedQuery(db, ['outbox'], () => readUnsentInOrder(db));
}

/** Number of unsent entries ("N pending"). Paced. */
export function livePendingCount(db: DeskDatabase): PacedQuery<number> {
  return pacedQuery(db, ['outbox'], () => countUnsent(db));
}

/** Sent and discarded entries, most recently updated first. Paced. */
export function liveHistory(db: DeskDatabase, limit = 200): PacedQuery<OutboxEntry[]> {
  return pacedQuery(db, ['outbox'], async () => {
    const perState = await Promise.all(
      HISTORY_STATES.map((state) =>
        db.outbox
          .where('[state+updatedAt]')
          .between([state, Dexie.minKey], [state, Dexie.maxKey])
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    return perState
      .flat()
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit);
  });
}

/** What the desktop notifier watches: the unsent entries, and how many ended sent or discarded since `since`. */
export interface OutboxFacts {
  unsent: OutboxEntry[];
  sent: number;
  discarded: number;
}

/** OutboxFacts in one read transaction. */
export async function readOutboxFacts(db: DeskDatabase, since: number): Promise<OutboxFacts> {
  return db.transaction('r', db.outbox, async (): Promise<OutboxFacts> => {
    const [unsent, sent, discarded] = await Promise.all([
      readUnsent(db),
      db.outbox.where('[state+updatedAt]').between(['sent', since], ['sent', Dexie.maxKey]).count(),
      db.outbox.where('[state+updatedAt]').between(['discarded', since], ['discarded', Dexie.maxKey]).count(),
    ]);
    return { unsent, sent, discarded };
  });
}

/** OutboxFacts, re-read as the outbox changes. Paced (`options` may space the reads further). */
export function liveOutboxFacts(db: DeskDatabase, since: number, options: PaceOptions = {}): PacedQuery<OutboxFacts> {
  return pacedQuery(db, ['outbox'], () => readOutboxFacts(db, since), options);
}

/** One entry (undefined once it is gone, e.g. cancelled). */
export function liveEntry(db: DeskDatabase, seq: number): Observable<OutboxEntry | undefined> {
  return liveQuery(() => db.outbox.get(seq));
}

/** Every entry of one complaint, oldest first. */
export function liveEntriesOfComplaint(db: DeskDatabase, complaintId: string): Observable<OutboxEntry[]> {
  return liveQuery(() => entriesOfComplaint(db, complaintId).toArray());
}

/** When the oldest entry the engine should be sending now was made; null when there is none. */
export function liveOldestActiveAt(db: DeskDatabase): Observable<number | null> {
  return liveQuery(async () => {
    const active = await db.outbox.where('state').anyOf(ACTIVE_STATES).toArray();
    return active.length === 0 ? null : Math.min(...active.map((e) => e.createdAt));
  });
}
