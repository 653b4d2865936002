/**
 * The renderer's side of the journal of unsent work (main keeps it, common/journal.ts):
 * after each of the agent's outbox actions commits, and before the action reports back
 * (and so before the agent is told "saved"), the entries it touched are appended in one
 * IPC call: an entry as it stands now (`put`), or how it left the queue (`gone`). Sends and
 * their answers main records itself; what only the renderer learns (a check found the
 * change applied) is appended in the background.
 *
 * A database has a journal once its workspace attaches one (`attachJournal`); without one
 * (tests, a bench's baseline) the actions run exactly as before. A journal that cannot be
 * written is logged and the action still succeeds: it is saved in this database.
 */
import type { Destination } from '../../../common/destination';
import type { JournalEntry, JournalOutcome, JournalRecord } from '../../../common/journal';
import { isUnsent, type OutboxEntry } from '../../../common/outbox-rules';
import type { DeskDatabase } from './db';

export type JournalSink = (records: JournalRecord[]) => Promise<void>;

const sinks = new WeakMap<DeskDatabase, JournalSink>();
/** Databases whose journal missed a write since it was attached: it may lack an entry. */
const behind = new WeakSet<DeskDatabase>();

export function attachJournal(db: DeskDatabase, sink: JournalSink): void {
  sinks.set(db, sink);
  behind.delete(db);
}

/** The journal may lack something this database holds (a write to it failed, or it could not be reconciled). */
export function markJournalBehind(db: DeskDatabase): void {
  behind.add(db);
}

/** True when every write to the journal since it was attached reached main. */
export function journalUpToDate(db: DeskDatabase): boolean {
  return sinks.has(db) && !behind.has(db);
}

export function detachJournal(db: DeskDatabase): void {
  sinks.delete(db);
}

export function hasJournal(db: DeskDatabase): boolean {
  return sinks.has(db);
}

/** The entry as the journal keeps it; null for one that is not unsent (or has no seq yet). */
export function journalEntryOf(db: DeskDatabase, entry: OutboxEntry): JournalEntry | null {
  if (entry.seq === undefined || !isUnsent(entry.state)) return null;
  return {
    destination: entry.destination ?? db.destination,
    seq: entry.seq,
    kind: entry.kind ?? 'status',
    complaintId: entry.complaintId,
    ...(entry.localRef !== undefined ? { localRef: entry.localRef } : {}),
    targetStatus: entry.targetStatus,
    baseStatus: entry.baseStatus,
    state: entry.state as JournalEntry['state'],
    attempts: entry.attempts,
    createdAt: Math.max(0, Math.floor(entry.createdAt)),
    nextAttemptAt: Math.max(0, Math.floor(entry.nextAttemptAt)),
    ...(entry.replaced !== undefined ? { replaced: entry.replaced.slice(-100) } : {}),
    ...(entry.create !== undefined ? { create: entry.create } : {}),
  };
}

async function send(db: DeskDatabase, records: JournalRecord[]): Promise<void> {
  const sink = sinks.get(db);
  if (!sink || records.length === 0) return;
  try {
    await sink(records);
  } catch (e) {
    behind.add(db);
    console.warn('The journal of unsent work could not be written:', e);
  }
}

/**
 * What one of the agent's actions touched: entries to journal as they are now, entries that
 * left. A `gone` entry of another destination's database (stranded work) names that
 * destination; otherwise it is the journaling database's own.
 */
export interface JournalNote {
  put: number[];
  gone: { seq: number; outcome: JournalOutcome; remapTo?: string; destination?: Destination }[];
}

export function newJournalNote(): JournalNote {
  return { put: [], gone: [] };
}

/**
 * Appends what `note` names: the `put` entries read as they are now (one read, after the
 * action's transaction committed), then the `gone` ones. Resolves once main has them.
 */
export async function writeJournalNote(db: DeskDatabase, note: JournalNote): Promise<void> {
  if (!sinks.has(db) || (note.put.length === 0 && note.gone.length === 0)) return;
  const records: JournalRecord[] = [];
  const rows = note.put.length > 0 ? await db.outbox.bulkGet(note.put) : [];
  for (const row of rows) {
    const entry = row ? journalEntryOf(db, row) : null;
    if (entry) records.push({ op: 'put', entry });
  }
  for (const g of note.gone) {
    records.push({ op: 'gone', destination: g.destination ?? db.destination, seq: g.seq, outcome: g.outcome, ...(g.remapTo ? { remapTo: g.remapTo } : {}) });
  }
  await send(db, records);
}

/** Runs an action that fills a note, then journals the note before returning the action's result. */
export async function journaled<T>(db: DeskDatabase, action: (note: JournalNote) => Promise<T>): Promise<T> {
  const note = newJournalNote();
  const result = await action(note);
  try {
    await answeredWithin(writeJournalNote(db, note), JOURNAL_WAIT_MS);
  } catch (e) {
    // Saved in this database all the same: the action stands.
    behind.add(db);
    console.warn('The journal of unsent work could not be written:', e);
  }
  return result;
}

/**
 * How long an action waits for main to take its journal note. Main answers in milliseconds;
 * a channel that drops calls without an answer (the browser host's socket while the browser
 * is set offline) must not hold the agent's Save: the action is saved in the database
 * already, and the journal is then marked behind (closing is not called safe).
 */
const JOURNAL_WAIT_MS = 3000;

function answeredWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (cause: unknown) => {
        clearTimeout(timer);
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      },
    );
  });
}

/** An outcome only the renderer learns (the check found the change applied): appended in the background. */
export function journalGoneSoon(db: DeskDatabase, seq: number, outcome: JournalOutcome): void {
  if (!sinks.has(db)) return;
  void send(db, [{ op: 'gone', destination: db.destination, seq, outcome }]);
}

/** Appends these entries as they are (adopting what the journal lacks, restoring). */
export async function journalEntries(db: DeskDatabase, entries: readonly OutboxEntry[]): Promise<void> {
  const records: JournalRecord[] = [];
  for (const e of entries) {
    const entry = journalEntryOf(db, e);
    if (entry) records.push({ op: 'put', entry });
  }
  await send(db, records);
}

/** The agent wiped this destination's local data: the journal forgets it too. */
export async function journalForget(db: DeskDatabase): Promise<void> {
  await send(db, [{ op: 'forget', destination: db.destination }]);
}
