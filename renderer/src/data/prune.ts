/**
 * What leaves the local database with age ("Data care"): resolved complaints nobody has
 * touched for a while, and the outbox's history of sent and discarded changes, so a
 * long-lived worklist does not grow forever. Unsent changes never leave this way.
 */
import Dexie from 'dexie';
import { HISTORY_STATES, UNSENT_STATES } from '../../../common/outbox-rules';
import type { CachedComplaint, DeskDatabase } from './db';

export interface PruneCacheOptions {
  /** Untouched for longer than this (ms) before `now`; e.g. cachePruneDays × 86,400,000. */
  olderThanMs: number;
  now: number;
}

/**
 * May this row leave the cache? Only when the server says it is resolved
 * (`detail.isResolved === true`; never derived locally from a status), and neither the
 * agent's last change nor the last fetch happened since `cutoff`. Unsent changes are
 * checked separately against the outbox.
 */
export function isPrunable(row: CachedComplaint, cutoff: number): boolean {
  return (
    row.detail?.isResolved === true &&
    row.lastChangeAt < cutoff &&
    row.fetchedAt !== null &&
    row.fetchedAt < cutoff
  );
}

/**
 * Removes cached complaints that are resolved on the server, have no unsent outbox entry
 * (the outbox is read, not the derived pendingCount) and were not touched (lastChangeAt,
 * fetchedAt) since `now - olderThanMs`. One transaction: a change made meanwhile either
 * lands before (and keeps its complaint) or after (on a complaint no longer listed, which
 * changeStatus refuses). Their sent history stays until pruneHistory removes it.
 * Returns the IDs removed.
 */
export async function pruneCache(db: DeskDatabase, options: PruneCacheOptions): Promise<string[]> {
  if (!Number.isFinite(options.olderThanMs) || options.olderThanMs < 0) return [];
  const cutoff = options.now - options.olderThanMs;
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const candidates = await db.complaints
      .where('lastChangeAt')
      .below(cutoff)
      .filter((row) => isPrunable(row, cutoff))
      .primaryKeys();
    if (candidates.length === 0) return [];
    const unsent = await db.outbox.where('state').anyOf(UNSENT_STATES).toArray();
    const busy = new Set(unsent.map((e) => e.complaintId));
    const removable = candidates.filter((id) => !busy.has(id));
    await db.complaints.bulkDelete(removable);
    return removable;
  });
}

/** Deletes sent/discarded entries last updated more than `olderThanMs` before `now`. Never unsent ones. */
export async function pruneHistory(db: DeskDatabase, olderThanMs: number, now: number = Date.now()): Promise<number> {
  const cutoff = now - olderThanMs;
  let deleted = 0;
  await db.transaction('rw', db.outbox, async () => {
    for (const state of HISTORY_STATES) {
      deleted += await db.outbox
        .where('[state+updatedAt]')
        .between([state, Dexie.minKey], [state, cutoff], true, false)
        .delete();
    }
  });
  return deleted;
}
