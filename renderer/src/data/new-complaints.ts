/**
 * Complaints filed in the app: saved at once, sent when the network is back.
 *
 * - fileComplaint writes the complaint (under a local reference, see
 *   common/new-complaint.ts) and its create entry in one transaction. Status changes made
 *   on it before it exists queue behind the create (same complaintId, later seq).
 * - When BizKitHub answers with an ID, remapComplaint moves the row and every entry from
 *   the reference to the ID, inside the transaction that settles the create (the engine's
 *   settleCreate): no moment exists where the create is done and its changes still point
 *   at the reference. A crash before that transaction leaves the create `sending`, which
 *   the next flush turns into `uncertain` (never resent by itself).
 * - An uncertain create ends only by the agent: linkExisting ("It exists, its ID is …",
 *   verified with `detail`) or createAgain.
 * - discardNewComplaint drops a complaint that was never created, with its changes.
 */
import { ComplaintIdSchema, type CreateComplaintRequest } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import type { DeskApi } from '../../../common/ipc-contract';
import { linkMismatch, newLocalRef, type LinkMismatch } from '../../../common/new-complaint';
import { isCreate, isUnsent, type OutboxEntry, type OutboxState } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import {
  entriesOfComplaint,
  newCachedComplaint,
  type CachedComplaint,
  type DeskDatabase,
} from './db';
import { searchWordsOf } from './search-words';
import { applyDetail } from './worklist';
import { journaled } from './journal-writer';
import { newEntryFields, recomputeComplaint, sentPatch, touch } from './outbox-primitives';
import { assertTakingChanges } from './storage-health';

/**
 * Files a complaint: its worklist row ("Not yet on BizKitHub") and its create entry, in
 * one transaction. The request must already be valid (checkNewComplaint).
 */
export async function fileComplaint(
  db: DeskDatabase,
  request: CreateComplaintRequest,
  now: number = Date.now(),
  makeRef: () => string = () => newLocalRef(),
): Promise<{ localRef: string; seq: number }> {
  assertTakingChanges(db);
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async () => {
    let localRef = makeRef();
    for (let tries = 0; (await db.complaints.get(localRef)) !== undefined; tries++) {
      if (tries >= 5) throw new Error('Could not make a unique local reference.');
      localRef = makeRef();
    }
    const row: CachedComplaint = {
      ...newCachedComplaint(localRef, now),
      localRef,
      draft: request,
      searchWords: searchWordsOf(localRef, request),
    };
    await db.complaints.add(row);
    const seq = await db.outbox.add({
      ...newEntryFields(db, now),
      kind: 'create',
      complaintId: localRef,
      targetStatus: 'new',
      baseStatus: null,
      create: request,
      nextAttemptAt: 0,
    });
    await recomputeComplaint(db, localRef);
    note.put.push(seq);
    return { localRef, seq };
  }));
}

/**
 * The complaint filed as `localRef` is `serverId` on BizKitHub: its row and every entry
 * (the create and the changes queued behind it) move to the ID. Call inside a rw
 * transaction over complaints and outbox. A row already under `serverId` (the agent
 * added that ID meanwhile) is kept, and learns the reference.
 */
export async function remapComplaint(db: DeskDatabase, localRef: string, serverId: string, now: number): Promise<void> {
  const entries = await entriesOfComplaint(db, localRef).toArray();
  for (const entry of entries) {
    if (entry.seq === undefined) continue;
    await db.outbox.update(entry.seq, { complaintId: serverId, localRef, updatedAt: touch(entry, now) });
  }
  const filed = await db.complaints.get(localRef);
  const existing = await db.complaints.get(serverId);
  if (filed) await db.complaints.delete(localRef);
  const base = existing ?? filed ?? newCachedComplaint(serverId, now);
  const draft = filed?.draft ?? base.draft;
  await db.complaints.put({
    ...base,
    id: serverId,
    localRef,
    draft: existing?.detail ? undefined : draft,
    serverStatus: base.serverStatus ?? 'new',
    // Downloaded by the next refresh round, or when the agent opens it.
    timelineStale: true,
    lastChangeAt: Math.max(base.lastChangeAt, now),
    searchWords: searchWordsOf(serverId, existing?.detail ?? draft ?? null),
  });
  await recomputeComplaint(db, serverId);
}

/** A complaint by its ID, or by the local reference it was filed under (links, open views). */
export async function findComplaint(db: DeskDatabase, id: string): Promise<CachedComplaint | undefined> {
  return (await db.complaints.get(id)) ?? (await db.complaints.where('localRef').equals(id).first());
}

/**
 * Complaint types seen in the most recently changed downloaded complaints (`limit` rows at
 * most), sorted: the new-complaint form offers them beside the ones set in Settings, as no
 * endpoint lists the types.
 */
export async function readSeenComplaintTypes(db: DeskDatabase, limit = 2000): Promise<string[]> {
  const rows = await db.complaints.orderBy('lastChangeAt').reverse().limit(limit).toArray();
  const codes = rows.map((row) => row.detail?.variant?.code).filter((c): c is string => typeof c === 'string');
  return [...new Set(codes)].sort();
}

/** The create entry of a complaint filed here (by its current ID or reference); undefined for others. */
export async function createEntryOf(db: DeskDatabase, complaintId: string): Promise<(OutboxEntry & { seq: number }) | undefined> {
  const entries = await entriesOfComplaint(db, complaintId).toArray();
  const entry = entries.find((e) => isCreate(e));
  return entry?.seq === undefined ? undefined : { ...entry, seq: entry.seq };
}

export type NewComplaintActionError =
  | { reason: 'not-found' }
  | { reason: 'wrong-state'; state: OutboxState }
  | { reason: 'bad-id' }
  /** `detail` failed: not-found (no such complaint), offline, key… */
  | { reason: 'fetch'; error: DeskError }
  /** BizKitHub's complaint is not this one: what it has instead. */
  | { reason: 'mismatch'; mismatches: LinkMismatch[] };

async function uncertainCreate(
  db: DeskDatabase,
  seq: number,
): Promise<Result<OutboxEntry & { seq: number; create: CreateComplaintRequest }, NewComplaintActionError>> {
  const entry = await db.outbox.get(seq);
  if (!entry || !isCreate(entry) || entry.create === undefined) return err({ reason: 'not-found' });
  if (entry.state !== 'uncertain') return err({ reason: 'wrong-state', state: entry.state });
  return ok({ ...entry, seq, create: entry.create });
}

/**
 * "It exists, its ID is …": BizKitHub's `detail` of that ID must match what was filed
 * (customer name and order number, see linkMismatch). Then the complaint and its queued
 * changes move to the ID (the changes go next), and the detail is stored.
 */
export async function linkExisting(
  db: DeskDatabase,
  desk: Pick<DeskApi, 'getComplaint'>,
  seq: number,
  typedId: string,
  now: () => number = Date.now,
): Promise<Result<{ id: string }, NewComplaintActionError>> {
  const id = ComplaintIdSchema.safeParse(typedId.trim());
  if (!id.success) return err({ reason: 'bad-id' });
  const before = await uncertainCreate(db, seq);
  if (!before.ok) return before;
  const detail = await desk.getComplaint({ id: id.data, destination: db.destination });
  if (!detail.ok) return err({ reason: 'fetch', error: detail.error });
  const mismatches = linkMismatch(before.value.create, detail.value);
  if (mismatches !== null) return err({ reason: 'mismatch', mismatches });
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await uncertainCreate(db, seq);
    if (!entry.ok) return entry;
    const at = now();
    note.gone.push({ seq, outcome: 'linked', remapTo: id.data });
    await db.outbox.update(seq, sentPatch(entry.value, 'linked', at));
    await remapComplaint(db, entry.value.complaintId, id.data, at);
    await applyDetail(db, id.data, detail.value, at);
    await recomputeComplaint(db, id.data);
    return ok({ id: id.data });
  }));
}

/** "Create it again": the agent's decision; the create goes at the next pass. */
export async function createAgain(
  db: DeskDatabase,
  seq: number,
  now: number = Date.now(),
): Promise<Result<void, NewComplaintActionError>> {
  return journaled(db, (note) => db.transaction('rw', db.outbox, async () => {
    const entry = await uncertainCreate(db, seq);
    if (!entry.ok) return entry;
    note.put.push(seq);
    await db.outbox.update(seq, {
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      updatedAt: touch(entry.value, now),
    });
    return ok(undefined);
  }));
}

/** Not sent yet (queued) or refused (failed): what was filed may still be corrected. */
const EDITABLE: readonly OutboxState[] = ['queued', 'failed'];

/**
 * Corrects what was filed (e.g. a type BizKitHub refused) and queues it again. Never for
 * an uncertain create: BizKitHub may already have the first version.
 */
export async function editFiledComplaint(
  db: DeskDatabase,
  seq: number,
  request: CreateComplaintRequest,
  now: number = Date.now(),
): Promise<Result<{ localRef: string }, NewComplaintActionError>> {
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!entry || !isCreate(entry)) return err({ reason: 'not-found' });
    if (!EDITABLE.includes(entry.state)) return err({ reason: 'wrong-state', state: entry.state });
    note.put.push(seq);
    await db.outbox.update(seq, {
      create: request,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      updatedAt: touch(entry, now),
    });
    const localRef = entry.complaintId;
    const row = await db.complaints.get(localRef);
    if (row) {
      await db.complaints.put({
        ...row,
        draft: request,
        lastChangeAt: now,
        searchWords: searchWordsOf(localRef, request),
      });
    }
    await recomputeComplaint(db, localRef);
    return ok({ localRef });
  }));
}

const DISCARDABLE: readonly OutboxState[] = ['queued', 'failed', 'uncertain'];

/**
 * Drops a complaint filed here that BizKitHub did not take (or that the agent no longer
 * wants sent): the create and the changes behind it end as discarded, the row leaves the
 * worklist. Refused while the create is being sent, and once it was created.
 */
export async function discardNewComplaint(
  db: DeskDatabase,
  seq: number,
  now: number = Date.now(),
): Promise<Result<void, NewComplaintActionError>> {
  return journaled(db, (note) => db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!entry || !isCreate(entry)) return err({ reason: 'not-found' });
    if (!DISCARDABLE.includes(entry.state)) return err({ reason: 'wrong-state', state: entry.state });
    for (const e of await entriesOfComplaint(db, entry.complaintId).toArray()) {
      if (e.seq === undefined || !isUnsent(e.state)) continue;
      await db.outbox.update(e.seq, { state: 'discarded', resolution: 'discarded', updatedAt: touch(e, now) });
      note.gone.push({ seq: e.seq, outcome: 'discarded' });
    }
    await db.complaints.delete(entry.complaintId);
    return ok(undefined);
  }));
}
