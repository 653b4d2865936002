/**
 * Stranded work: unsent changes kept in another destination's database (./destinations.ts)
 * whose API may never come back (the company moved its API, a saved port changed). The
 * agent may discard them, or send them to the account configured now. Both only on the
 * agent's word, never by themselves; demo changes never go to a live account.
 *
 * Sending here copies each change into this destination's queue as a new change made
 * now (same complaint, same target, same base status), so it goes through the same
 * conflict check as any change; then the original is closed as discarded. The two
 * databases cannot share a transaction: the copy is written first and carries where it
 * came from (`movedFrom`), so a move cut short is finished by the next one, never copied twice.
 *
 * Both go through this destination's journal of unsent work (./journal-writer.ts) like any
 * outbox action: a copy is journaled as this destination's, and an original closed here is
 * journaled as gone from its own destination, so a later restore never brings it back.
 */
import Dexie from 'dexie';
import type { DataKey } from '../../../common/data-key';
import { isDemoDestination, type Destination } from '../../../common/destination';
import { isCreate, isKnownEntryKind, isUnsent, type OutboxEntry } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import { DeskDatabase, databaseNameFor, newCachedComplaint } from './db';
import { journaled, type JournalNote } from './journal-writer';
import { newEntryFields, recomputeComplaint, touch } from './outbox-primitives';

/** Why a move is refused: demo changes never go live; only a live account receives; not to the same destination. */
export type MoveRefusal = 'demo-to-live' | 'not-an-account' | 'same-destination';

export function moveRefusal(from: Destination, to: Destination): MoveRefusal | null {
  if (from === to) return 'same-destination';
  if (isDemoDestination(from)) return 'demo-to-live';
  if (isDemoDestination(to)) return 'not-an-account';
  return null;
}

/** Where a copied change came from: the other destination and its seq there. */
function movedFromOf(from: Destination, seq: number): string {
  return `${from}#${seq}`;
}

/** Opens another destination's database for one job, closed after it. */
async function withOther<T>(from: Destination, dataKey: DataKey | null, job: (db: DeskDatabase) => Promise<T>): Promise<T> {
  const name = databaseNameFor(from);
  if (!(await Dexie.exists(name))) throw new Error('That account keeps no changes on this computer any more.');
  const other = new DeskDatabase(name, from, dataKey ?? undefined);
  try {
    return await job(other);
  } finally {
    other.close();
  }
}

/** Closes the entries in their own database as discarded (never sent), noting them as gone from it; returns how many. */
async function closeAsDiscarded(db: DeskDatabase, seqs: ReadonlySet<number>, now: number, note: JournalNote): Promise<number> {
  const closed = await db.transaction('rw', db.complaints, db.outbox, async () => {
    const entries = (await db.outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry & { seq: number } => e?.seq !== undefined && isUnsent(e.state));
    for (const e of entries) {
      await db.outbox.update(e.seq, { state: 'discarded', resolution: 'discarded', nextAttemptAt: 0, updatedAt: touch(e, now) });
    }
    for (const id of new Set(entries.map((e) => e.complaintId))) await recomputeComplaint(db, id);
    return entries;
  });
  for (const e of closed) note.gone.push({ seq: e.seq, outcome: 'discarded', destination: e.destination ?? db.destination });
  return closed.length;
}

/**
 * Discards the chosen changes waiting for `from`; returns how many were still unsent.
 * `here` is the workspace's own database: its journal records them as gone.
 */
export function discardStranded(from: Destination, here: DeskDatabase, seqs: readonly number[], now: number = Date.now()): Promise<number> {
  return journaled(here, (note) => withOther(from, here.dataKey, (other) => closeAsDiscarded(other, new Set(seqs), now, note)));
}

/**
 * Sends the chosen changes waiting for `from` to `here` (this destination's database),
 * oldest first: status changes only (a complaint filed for another account stays there).
 * Returns how many moved.
 */
export async function moveStrandedHere(
  from: Destination,
  here: DeskDatabase,
  seqs: readonly number[],
  now: number = Date.now(),
): Promise<Result<number, MoveRefusal>> {
  const refusal = moveRefusal(from, here.destination);
  if (refusal !== null) return err(refusal);
  const chosen = new Set(seqs);
  return journaled(here, (note) => withOther(from, here.dataKey, async (other) => {
    const waiting = (await other.outbox.bulkGet([...chosen]))
      .filter((e): e is OutboxEntry & { seq: number } => e?.seq !== undefined && isUnsent(e.state) && !isCreate(e) && isKnownEntryKind(e))
      .sort((a, b) => a.seq - b.seq);
    if (waiting.length === 0) return ok(0);
    await here.transaction('rw', here.complaints, here.outbox, async () => {
      for (const e of waiting) {
        const movedFrom = movedFromOf(from, e.seq);
        if ((await here.outbox.filter((x) => x.movedFrom === movedFrom).count()) > 0) continue; // a move cut short
        if ((await here.complaints.get(e.complaintId)) === undefined) await here.complaints.add(newCachedComplaint(e.complaintId, now));
        const seq = await here.outbox.add({
          ...newEntryFields(here, now),
          complaintId: e.complaintId,
          targetStatus: e.targetStatus,
          baseStatus: e.baseStatus,
          nextAttemptAt: 0,
          movedFrom,
        });
        note.put.push(seq);
      }
      for (const id of new Set(waiting.map((e) => e.complaintId))) await recomputeComplaint(here, id, { lastChangeAt: now });
    });
    await closeAsDiscarded(other, new Set(waiting.map((e) => e.seq)), now, note);
    return ok(waiting.length);
  }));
}
