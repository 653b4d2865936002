/**
 * At a workspace's start, before the agent can change anything: the destination's
 * database is held against main's journal of unsent work (common/journal.ts).
 *
 * - An unsent journal entry the database lacks, with a `seq` past the database's highest,
 *   is restored with its `seq` (so its order), destination, base status and attempts:
 *   the database was lost, evicted or lost its last writes. One whose request may have
 *   gone out is checked with `detail` before anything is sent (`needs-check`, as after a
 *   crash); a create whose answer may have been lost is `uncertain` ("Needs check"), never
 *   sent again by itself. Its complaint's row comes back too (a filed complaint with what
 *   was filed; others are downloaded by the refresher).
 * - A create whose body cannot be opened (sealed with a key this run does not have), and
 *   the changes queued behind it, cannot be restored: they are counted as missing, and
 *   the agent is told.
 * - An unsent journal entry the database lacks with an earlier `seq` left the queue in
 *   this database (its record was lost): the journal closes it. So does one the database
 *   holds as history.
 * - An unsent entry of the database the journal lacks (written before the journal
 *   existed) is added to the journal.
 */
import type { DeskApi } from '../../../common/ipc-contract';
import type { JournalRecord, JournalUnsent } from '../../../common/journal';
import { isUnsent, UNSENT_STATES, type OutboxEntry, type OutboxState } from '../../../common/outbox-rules';
import { newCachedComplaint, type CachedComplaint, type DeskDatabase } from './db';
import { journalEntryOf } from './journal-writer';
import { newEntryFields, recomputeComplaint } from './outbox-primitives';
import { searchWordsOf } from './search-words';

export interface ReconcileReport {
  /** Entries restored into the database. */
  restored: { seq: number; complaintId: string; kind: 'status' | 'create'; state: OutboxState }[];
  /** Unsent entries the journal holds that could not be restored (their create's body is unreadable). */
  missing: number;
  /** Database entries added to the journal. */
  adopted: number;
  /** Journal entries closed (the database knows they left the queue). */
  closed: number;
}

type JournalDesk = Pick<DeskApi, 'getJournalUnsent' | 'appendJournal'>;

const APPEND_CHUNK = 1000;

/** The state a restored entry starts in. */
function restoredState(j: JournalUnsent): OutboxState {
  if (j.kind === 'create') {
    if (j.maybeSent || j.state === 'uncertain') return 'uncertain';
    return j.state === 'failed' ? 'failed' : 'queued';
  }
  return j.maybeSent || j.state === 'sending' || j.state === 'needs-check' ? 'needs-check' : 'queued';
}

function restoredEntry(db: DeskDatabase, j: JournalUnsent, now: number): OutboxEntry & { seq: number } {
  return {
    ...newEntryFields(db, now),
    seq: j.seq,
    kind: j.kind,
    complaintId: j.complaintId,
    ...(j.localRef !== undefined ? { localRef: j.localRef } : {}),
    targetStatus: j.targetStatus,
    baseStatus: j.baseStatus,
    createdAt: j.createdAt,
    state: restoredState(j),
    attempts: j.attempts,
    nextAttemptAt: 0,
    ...(j.replaced !== undefined ? { replaced: j.replaced } : {}),
    ...(j.create !== undefined ? { create: j.create } : {}),
  };
}

function restoredRow(j: JournalUnsent, now: number): CachedComplaint {
  const row = newCachedComplaint(j.complaintId, now);
  const localRef = j.kind === 'create' ? j.complaintId : j.localRef;
  if (j.kind === 'create' && j.create !== undefined) {
    return { ...row, localRef: j.complaintId, draft: j.create, searchWords: searchWordsOf(j.complaintId, j.create) };
  }
  return localRef !== undefined ? { ...row, localRef, timelineStale: true } : { ...row, timelineStale: true };
}

async function sendRecords(desk: JournalDesk, records: JournalRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += APPEND_CHUNK) {
    const r = await desk.appendJournal({ records: records.slice(i, i + APPEND_CHUNK) });
    if (!r.ok) throw new Error(r.error.message);
  }
}

/** Reconciles this database with the journal; throws only when main cannot be asked. */
export async function reconcileWithJournal(db: DeskDatabase, desk: JournalDesk, now: number = Date.now()): Promise<ReconcileReport> {
  const reply = await desk.getJournalUnsent({ destination: db.destination });
  if (!reply.ok) throw new Error(reply.error.message);
  const journal = reply.value.entries;
  const report: ReconcileReport = { restored: [], missing: 0, adopted: 0, closed: 0 };
  const records: JournalRecord[] = [];

  await db.transaction('rw', db.complaints, db.outbox, async () => {
    const keys = await db.outbox.toCollection().primaryKeys();
    const seqs = new Set(keys);
    const highest = keys.at(-1) ?? 0;
    const unsentHere = await db.outbox.where('state').anyOf(UNSENT_STATES).toArray();
    const journaled = new Set(journal.map((j) => j.seq));
    const lostRefs = new Set<string>();
    const touched = new Set<string>();

    for (const j of journal) {
      if (seqs.has(j.seq)) {
        const here = await db.outbox.get(j.seq);
        if (here && !isUnsent(here.state)) {
          records.push({ op: 'gone', destination: db.destination, seq: j.seq, outcome: here.state === 'sent' ? 'applied' : 'discarded' });
          report.closed += 1;
        }
        continue;
      }
      if (j.seq <= highest) {
        records.push({ op: 'gone', destination: db.destination, seq: j.seq, outcome: 'cancelled' });
        report.closed += 1;
        continue;
      }
      if ((j.kind === 'create' && j.unreadable) || lostRefs.has(j.complaintId)) {
        lostRefs.add(j.complaintId);
        report.missing += 1;
        continue;
      }
      const entry = restoredEntry(db, j, now);
      if ((await db.complaints.get(j.complaintId)) === undefined) await db.complaints.add(restoredRow(j, now));
      await db.outbox.add(entry);
      touched.add(j.complaintId);
      report.restored.push({ seq: j.seq, complaintId: j.complaintId, kind: j.kind, state: entry.state });
    }
    for (const id of touched) await recomputeComplaint(db, id);

    for (const e of unsentHere) {
      if (e.seq === undefined || journaled.has(e.seq)) continue;
      const entry = journalEntryOf(db, e);
      if (entry) {
        records.push({ op: 'put', entry });
        report.adopted += 1;
      }
    }
  });
  await sendRecords(desk, records);
  return report;
}
