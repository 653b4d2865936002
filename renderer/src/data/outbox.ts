/**
 * The outbox: every status change an agent makes is written here (with the cached
 * complaint) in one Dexie transaction, at once, online or not. The sync engine
 * (../sync/engine.ts) sends entries; the functions here are the agent's side: change,
 * undo/cancel, retry, discard, resolve a conflict, prune history, export for support.
 *
 * Reactive lists for the UI: liveUnsent, livePendingCount, liveHistory (paced live
 * queries, see ./paced-query.ts; they satisfy Svelte's store contract). The UI may also
 * query db.outbox directly; the indexes are listed in ./db.ts.
 *
 * Rules for entries after their complaint's oldest unsent one: they wait (see
 * nextSendable). When an unsent entry leaves the queue without being applied
 * (cancelled, discarded, server's status kept), the next unsent entry of the same
 * complaint takes over its baseStatus, so the chain of "what the agent saw" stays true.
 */
import Dexie from 'dexie';
import type { DeskError } from '../../../common/errors';
import {
  HISTORY_STATES,
  OUTBOX_STATES,
  UNSENT_STATES,
  decideChange,
  isCreate,
  isUnsent,
  pendingOf,
  type OutboxEntry,
  type OutboxResolution,
  type OutboxState,
} from '../../../common/outbox-rules';
import { redact } from '../../../common/redact';
import { err, ok, type Result } from '../../../common/result';
import type { ComplaintStatus } from '../../../common/status';
import {
  DB_VERSION,
  entriesOfComplaint,
  readSyncMeta,
  type CachedComplaint,
  type DeskDatabase,
} from './db';
import { pacedQuery, type PacedQuery } from './paced-query';

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

/** The next `updatedAt` of an entry: strictly increasing, as the engine uses it as a claim token. */
export function touch(entry: Pick<OutboxEntry, 'updatedAt'>, now: number): number {
  return Math.max(now, entry.updatedAt + 1);
}

/** What every new entry starts with: queued, never tried, bound to the database's destination. */
export function newEntryFields(db: DeskDatabase, now: number) {
  return {
    createdAt: now,
    state: 'queued' as const,
    attempts: 0,
    lastError: null,
    updatedAt: now,
    sentAt: null,
    resolution: null,
    serverStatusSeen: null,
    destination: db.destination,
  };
}

/** An entry that ends applied on BizKitHub (`resolution` says how it was found so). */
export function sentPatch(entry: Pick<OutboxEntry, 'updatedAt'>, resolution: OutboxResolution, at: number): Partial<OutboxEntry> {
  return { state: 'sent', resolution, sentAt: at, lastError: null, nextAttemptAt: 0, updatedAt: touch(entry, at) };
}

/**
 * Recomputes pendingStatus/pendingCount of a complaint from its outbox entries, and
 * applies `patch`. Call inside a rw transaction over complaints and outbox.
 */
export async function recomputeComplaint(
  db: DeskDatabase,
  complaintId: string,
  patch: Partial<Omit<CachedComplaint, 'id' | 'pendingStatus' | 'pendingCount'>> = {},
): Promise<void> {
  await writePendingOf(db, complaintId, await entriesOfComplaint(db, complaintId).toArray(), patch);
}

/** The complaint's row with `patch` and the pending figures of `entries` (all of its outbox entries, as read in this transaction). */
export async function writePendingOf(
  db: DeskDatabase,
  complaintId: string,
  entries: readonly OutboxEntry[],
  patch: Partial<Omit<CachedComplaint, 'id' | 'pendingStatus' | 'pendingCount'>> = {},
): Promise<void> {
  const row = await db.complaints.get(complaintId);
  if (!row) return;
  await db.complaints.put({ ...row, ...patch, ...pendingOf(entries) });
}

/** The next unsent entry after `entry` takes over its baseStatus (entry leaves without being applied). */
async function handOverBase(db: DeskDatabase, entry: OutboxEntry, now: number): Promise<void> {
  if (entry.seq === undefined) return;
  const next = await db.outbox
    .where('[complaintId+seq]')
    .between([entry.complaintId, entry.seq], [entry.complaintId, Dexie.maxKey], false, true)
    .filter((e) => isUnsent(e.state))
    .first();
  if (next?.seq === undefined) return;
  await db.outbox.update(next.seq, { baseStatus: entry.baseStatus, updatedAt: touch(next, now) });
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
 * early (see releaseUndoHolds in ../sync/entry-sender.ts).
 */
export async function changeStatus(
  db: DeskDatabase,
  complaintId: string,
  status: ComplaintStatus,
  now: number = Date.now(),
  options: ChangeOptions = {},
): Promise<ChangeResult> {
  const holdMs = options.holdMs !== undefined && Number.isFinite(options.holdMs) ? Math.max(0, options.holdMs) : 0;
  return db.transaction('rw', db.complaints, db.outbox, async (): Promise<ChangeResult> => {
    // A complaint filed here may have got its ID meanwhile: the reference still finds it.
    const row = (await db.complaints.get(complaintId)) ?? (await db.complaints.where('localRef').equals(complaintId).first());
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
        return { kind: 'queued', seq };
      }
    }
  });
}

/**
 * Runs `action` on entry `seq` inside one rw transaction if its state is one of
 * `allowed`; otherwise reports why not.
 */
async function withEntry(
  db: DeskDatabase,
  seq: number,
  allowed: readonly OutboxState[],
  action: (entry: OutboxEntry & { seq: number }) => Promise<void>,
): Promise<Result<void, EntryActionError>> {
  return db.transaction('rw', db.complaints, db.outbox, async (): Promise<Result<void, EntryActionError>> => {
    const entry = await db.outbox.get(seq);
    if (!entry) return err({ reason: 'not-found' });
    // A create has its own actions (./new-complaints.ts): cancelling or discarding it
    // here would leave its complaint and the changes behind it without it.
    if (!allowed.includes(entry.state) || isCreate(entry)) return err({ reason: 'wrong-state', state: entry.state });
    await action({ ...entry, seq });
    return ok(undefined);
  });
}

/** Undo/Cancel: deletes a queued, failed or conflict entry (never one being sent). */
export function cancelEntry(db: DeskDatabase, seq: number, now: number = Date.now()): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['queued', 'failed', 'conflict'], async (entry) => {
    await handOverBase(db, entry, now);
    await db.outbox.delete(seq);
    await recomputeComplaint(db, entry.complaintId, { lastChangeAt: now });
  });
}

/** Retry a failed entry: back to queued, as soon as possible. */
export function retryEntry(db: DeskDatabase, seq: number, now: number = Date.now()): Promise<Result<void, EntryActionError>> {
  return withEntry(db, seq, ['failed'], async (entry) => {
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
  return withEntry(db, seq, ['failed'], async (entry) => {
    await handOverBase(db, entry, now);
    await db.outbox.update(seq, { state: 'discarded', resolution: 'discarded', updatedAt: touch(entry, now) });
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
  return withEntry(db, seq, ['conflict'], async (entry) => {
    if (choice === 'mine') {
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
    await handOverBase(db, entry, now);
    await db.outbox.update(seq, { state: 'discarded', resolution: 'kept-server', updatedAt: touch(entry, now) });
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

/** A DeskError without its free text (which may quote server data): kind and codes only. */
type ExportedError = Pick<DeskError, 'kind' | 'code' | 'httpStatus' | 'retryAfterMs'>;

function exportError(error: DeskError | null): ExportedError | null {
  if (error === null) return null;
  const { kind, code, httpStatus, retryAfterMs } = error;
  return { kind, code, httpStatus, retryAfterMs };
}

export interface OutboxExport {
  format: 'bizkithub-desk-outbox';
  dbVersion: number;
  exportedAt: string;
  sync: {
    online: boolean;
    pausedReason: null | 'auth' | 'rate-limited';
    pausedUntil: number | null;
    lastSuccessAt: number | null;
    lastAttemptAt: number | null;
    lastError: ExportedError | null;
  };
  counts: Record<OutboxState, number>;
  entries: Array<Omit<OutboxEntry, 'lastError' | 'create'> & { lastError: ExportedError | null }>;
}

/**
 * For support: every outbox entry and the sync state. Complaint IDs, statuses, times,
 * error kinds and codes only: no detail (names, emails, bank accounts), no error text;
 * the JSON passes redact() so nothing key-like survives.
 */
export async function exportOutbox(db: DeskDatabase, now: number = Date.now()): Promise<OutboxExport> {
  const [entries, meta] = await db.transaction('r', db.outbox, db.meta, () =>
    Promise.all([db.outbox.orderBy('seq').toArray(), readSyncMeta(db)]),
  );
  const counts = Object.fromEntries(
    OUTBOX_STATES.map((s) => [s, 0]),
  ) as Record<OutboxState, number>;
  for (const e of entries) counts[e.state] += 1;
  const data: OutboxExport = {
    format: 'bizkithub-desk-outbox',
    dbVersion: DB_VERSION,
    exportedAt: new Date(now).toISOString(),
    sync: {
      online: meta.online,
      pausedReason: meta.pausedReason,
      pausedUntil: meta.pausedUntil,
      lastSuccessAt: meta.lastSuccessAt,
      lastAttemptAt: meta.lastAttemptAt,
      lastError: exportError(meta.lastError),
    },
    counts,
    // Field by field: a create's request (names, emails, bank accounts) never leaves.
    entries: entries.map((e) => ({
      seq: e.seq,
      kind: e.kind ?? 'status',
      complaintId: e.complaintId,
      localRef: e.localRef,
      targetStatus: e.targetStatus,
      baseStatus: e.baseStatus,
      createdAt: e.createdAt,
      state: e.state,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastError: exportError(e.lastError),
      updatedAt: e.updatedAt,
      sentAt: e.sentAt,
      resolution: e.resolution,
      serverStatusSeen: e.serverStatusSeen,
    })),
  };
  return JSON.parse(redact(JSON.stringify(data))) as OutboxExport;
}

// ---------------------------------------------------------------------------------
// Reactive queries for the UI (Svelte: `$derived(liveUnsent(db))`, read `$x`)

/**
 * Unsent entries (queued, sending, needs-check, conflict, failed), in no particular order.
 * One `equals` range per state rather than `anyOf`: IndexedDB answers each with a single
 * getAll, where Dexie walks `anyOf` with a cursor, one round trip per entry (in Chromium,
 * 2.5× slower for 1,000 entries; 20× slower for a count). These run after every outbox
 * write (live queries, the engine's watch), so that cost is paid many times over in a drain.
 */
export async function readUnsent(db: DeskDatabase): Promise<OutboxEntry[]> {
  // One read transaction for the five ranges, not five: each transaction queues behind the
  // engine's writes of the outbox, and a drain writes it constantly.
  return db.transaction('r', db.outbox, async () => {
    const perState = await Promise.all(UNSENT_STATES.map((state) => db.outbox.where('state').equals(state).toArray()));
    return perState.flat();
  });
}

/** Number of unsent entries: one indexed count per state, in one transaction (see readUnsent). */
export async function countUnsent(db: DeskDatabase): Promise<number> {
  return db.transaction('r', db.outbox, async () => {
    const perState = await Promise.all(UNSENT_STATES.map((state) => db.outbox.where('state').equals(state).count()));
    return perState.reduce((sum, n) => sum + n, 0);
  });
}

/** Unsent entries (queued, sending, needs-check, conflict, failed), oldest first. Paced: see ./paced-query.ts. */
export function liveUnsent(db: DeskDatabase): PacedQuery<OutboxEntry[]> {
  return pacedQuery(db, ['outbox'], async () => (await readUnsent(db)).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
}

/** Number of unsent entries ("N pending"). Paced: see ./paced-query.ts. */
export function livePendingCount(db: DeskDatabase): PacedQuery<number> {
  return pacedQuery(db, ['outbox'], () => countUnsent(db));
}

/** Sent and discarded entries, most recently updated first. Paced: see ./paced-query.ts. */
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
