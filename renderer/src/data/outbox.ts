/**
 * The agent's actions on the outbox: change a status, undo/cancel, retry, discard,
 * resolve a conflict. Each is one Dexie transaction over the complaint's row and its
 * entries, written at once, online or not; the sync engine sends entries later (its side
 * is ./outbox-sending.ts, the reads are ./outbox-queries.ts).
 *
 * Entries after their complaint's oldest unsent one wait (see nextSendable). When an
 * unsent entry leaves the queue without being applied (cancelled, discarded, server's
 * status kept), the next unsent entry of the same complaint takes over its baseStatus, so
 * the chain of "what the agent saw" stays true.
 */
import Dexie from 'dexie';
import {
  decideChange,
  isCreate,
  isUnsent,
  pendingOf,
  type OutboxEntry,
  type OutboxState,
} from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import type { ComplaintStatus } from '../../../common/status';
import { entriesOfComplaint, type DeskDatabase } from './db';
import { findComplaint } from './new-complaints';
import { journaled, type JournalNote } from './journal-writer';
import { newEntryFields, recomputeComplaint, touch } from './outbox-primitives';
import { assertTakingChanges } from './storage-health';

export interface ChangeOptions {
  /** Undo window: the new entry is not sent before now + holdMs. Default 0 (as soon as possible). */
  holdMs?: number;
}

export type ChangeResult =
  | { kind: 'queued'; seq: number }
  /** The newest change was still in its undo hold: its target was replaced, the hold restarted. */
  | { kind: 'replaced'; seq: number }
  | { kind: 'cancelled'; seq: number }
  | { kind: 'unchanged' };

export type EntryActionError =
  | { reason: 'not-found' }
  /** The entry is not in a state that allows this action (e.g. already sending). */
  | { reason: 'wrong-state'; state: OutboxState };

/** The next unsent entry after `entry` takes over its baseStatus (entry leaves without being applied); the journal hears of it. */
async function handOverBase(db: DeskDatabase, entry: OutboxEntry, now: number, note: JournalNote): Promise<void> {
  if (entry.seq === undefined) return;
  const next = await db.outbox
    .where('[complaintId+seq]')
    .between([entry.complaintId, entry.seq], [entry.complaintId, Dexie.maxKey], false, true)
    .filter((e) => isUnsent(e.state))
    .first();
  if (next?.seq === undefined) return;
  await db.outbox.update(next.seq, { baseStatus: entry.baseStatus, updatedAt: touch(next, now) });
  note.put.push(next.seq);
}

/**
 * The agent sets a complaint's status. One transaction updates the cached complaint
 * and the outbox:
 * - the status it already shows (pending ?? confirmed) → unchanged
 * - back to the status before the newest unsent change while that change is only
 *   queued → that change is cancelled (nothing will be sent)
 * - another status while the newest change is still in its undo hold → that change's
 *   target is replaced (the replaced one is recorded) and the hold restarts: a fumble
 *   is one entry and one server event, not six
 * - otherwise → a new queued entry, baseStatus = the status the agent saw.
 * Every new entry records the database's destination (it is sent there or nowhere).
 * Throws if the complaint is not in the worklist (the UI only offers the control there).
 *
 * `holdMs` (default 0) is an undo window: the new entry's nextAttemptAt is now + holdMs,
 * so the engine leaves it alone until then (it wakes exactly when the hold ends) and
 * cancelEntry within the window means nothing is ever sent. "Sync now" ends the hold
 * early (see releaseUndoHolds in ./outbox-sending.ts).
 */
export async function changeStatus(
  db: DeskDatabase,
  complaintId: string,
  status: ComplaintStatus,
  now: number = Date.now(),
  options: ChangeOptions = {},
): Promise<ChangeResult> {
  const holdMs = options.holdMs !== undefined && Number.isFinite(options.holdMs) ? Math.max(0, options.holdMs) : 0;
  assertTakingChanges(db);
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async (): Promise<ChangeResult> => {
    // A complaint filed here may have got its ID meanwhile: the reference still finds it.
    const row = await findComplaint(db, complaintId);
    if (!row) throw new Error(`Complaint ${complaintId} is not in the worklist.`);
    complaintId = row.id;
    const unsent = (await entriesOfComplaint(db, complaintId).toArray()).filter((e) => isUnsent(e.state));
    const shown = pendingOf(unsent).pendingStatus ?? row.serverStatus;
    const decision = decideChange(shown, unsent.at(-1) ?? null, status, now);
    switch (decision.kind) {
      case 'unchanged':
        return decision;
      case 'cancel':
        await db.outbox.delete(decision.seq);
        await recomputeComplaint(db, complaintId, { lastChangeAt: now });
        note.gone.push({ seq: decision.seq, outcome: 'cancelled' });
        return { kind: 'cancelled', seq: decision.seq };
      case 'replace': {
        const held = unsent.at(-1)!;
        await db.outbox.update(decision.seq, {
          targetStatus: status,
          replaced: [...(held.replaced ?? []), held.targetStatus],
          nextAttemptAt: holdMs > 0 ? now + holdMs : 0,
          updatedAt: touch(held, now),
        });
        await recomputeComplaint(db, complaintId, { lastChangeAt: now });
        note.put.push(decision.seq);
        return { kind: 'replaced', seq: decision.seq };
      }
      case 'queue': {
        const seq = await db.outbox.add({
          ...newEntryFields(db, now),
          complaintId,
          targetStatus: status,
          baseStatus: decision.baseStatus,
          nextAttemptAt: holdMs > 0 ? now + holdMs : 0,
        });
        await recomputeComplaint(db, complaintId, { lastChangeAt: now });
        note.put.push(seq);
        return { kind: 'queued', seq };
      }
    }
  }));
}

/**
 * Runs `action` on entry `seq` inside one rw transaction if its state is one of
 * `allowed`; otherwise reports why not.
 */
async function withEntry(
  db: DeskDatabase,
  seq: number,
  allowed: readonly OutboxState[],
  action: (entry: OutboxEntry & { seq: number }, note: JournalNote) => Promise<void>,
): Promise<Result<void, EntryActionError>> {
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async (): Promise<Result<void, EntryActionError>> => {
    const entry = await db.outbox.get(seq);
    if (!entry) return err({ reason: 'not-found' });
    // A create has its own actions (./new-complaints.ts): cancelling or discarding it
    // here would leave its complaint and the changes behind it without it.
    if (!allowed.includes(entry.state) || isCreate(entry)) return err({ reason: 'wrong-state', state: entry.state });
    await action({ ...entry, seq }, note);
    return ok(undefined);
  }));
}

/** Undo/Cancel: deletes a queued, failed or conflict entry (never one being sent). */
export function cancelEntry(db: DeskDatabase, seq: number, now: number = Date.now()): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['queued', 'failed', 'conflict'], async (entry, note) => {
    await handOverBase(db, entry, now, note);
    await db.outbox.delete(seq);
    note.gone.push({ seq, outcome: 'cancelled' });
    await recomputeComplaint(db, entry.complaintId, { lastChangeAt: now });
  });
}

/** Retry a failed entry: back to queued, as soon as possible. */
export function retryEntry(db: DeskDatabase, seq: number, now: number = Date.now()): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['failed'], async (entry, note) => {
    note.put.push(seq);
    await db.outbox.update(seq, {
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      updatedAt: touch(entry, now),
    });
  });
}

/** Discard a failed entry: never sent, kept in history as discarded. */
export function discardEntry(db: DeskDatabase, seq: number, now: number = Date.now()): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['failed'], async (entry, note) => {
    await handOverBase(db, entry, now, note);
    await db.outbox.update(seq, { state: 'discarded', resolution: 'discarded', updatedAt: touch(entry, now) });
    note.gone.push({ seq, outcome: 'discarded' });
    await recomputeComplaint(db, entry.complaintId);
  });
}

/**
 * The agent's decision on a conflict.
 * - 'mine' ("Apply mine anyway"): queued again with baseStatus = the server's status
 *   seen, so the next check passes unless the server moved again.
 * - 'server' ("Keep server's"): discarded with resolution 'kept-server'; the complaint
 *   shows the server's status.
 */
export function resolveConflict(
  db: DeskDatabase,
  seq: number,
  choice: 'mine' | 'server',
  now: number = Date.now(),
): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['conflict'], async (entry, note) => {
    if (choice === 'mine') {
      note.put.push(seq);
      await db.outbox.update(seq, {
        state: 'queued',
        baseStatus: entry.serverStatusSeen,
        attempts: 0,
        nextAttemptAt: 0,
        lastError: null,
        resolution: 'applied-anyway',
        updatedAt: touch(entry, now),
      });
      return;
    }
    await handOverBase(db, entry, now, note);
    await db.outbox.update(seq, { state: 'discarded', resolution: 'kept-server', updatedAt: touch(entry, now) });
    note.gone.push({ seq, outcome: 'kept' });
    const row = await db.complaints.get(entry.complaintId);
    // A fetch after the conflict was recorded knows better than serverStatusSeen.
    const newerFetch = row?.fetchedAt != null && row.fetchedAt > entry.updatedAt;
    await recomputeComplaint(
      db,
      entry.complaintId,
      entry.serverStatusSeen !== null && !newerFetch ? { serverStatus: entry.serverStatusSeen } : {},
    );
  });
}
