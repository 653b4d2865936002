/**
 * Reads of the cached complaints for the UI, split so each re-runs only when it must and
 * stays cheap with 20,000 cached complaints (keys, not rows, wherever an index exists):
 * - the order: the `lastChangeAt` index (keys only); its first screen alone, to draw that
 *   before the whole order is read;
 * - filters: the `serverStatus` and `pendingCount` indexes (keys only);
 * - search: word prefixes in the `*searchWords` index (ID, customer, order number, email,
 *   folded: "novakova" finds "Nováková"); keys only, no row is read;
 * - the visible rows, by key; one complaint, by its ID or local reference.
 * The worklist combines the key sets in memory and loads only the visible rows.
 *
 * The worklist's live forms are paced (./paced-query.ts): a drain writes complaint rows
 * constantly, and the list holds still while it does, so a few reads a second lose
 * nothing. One complaint's row stays a Dexie liveQuery (it re-runs only when that row
 * changes). The reads themselves are Dexie calls only, so they may run inside either.
 */
import { liveQuery, type Observable } from 'dexie';
import type { ComplaintStatus } from '../../../common/status';
import { keysHavingWords } from './at-rest';
import type { CachedComplaint, DeskDatabase } from './db';
import { findComplaint } from './new-complaints';
import { pacedQuery, type PacedQuery, type PaceOptions } from './paced-query';
import { queryWords } from './search-words';

export interface WorklistOrder {
  /** Oldest change first. */
  ids: string[];
  total: number;
  /** Only the first screen of the list (loadFirstPage): the whole order follows. */
  partial?: true;
}

/**
 * The first `size` complaints of the list in the order shown (newest or oldest change
 * first), and how many there are: enough to draw the first screen while the whole order
 * (every key of the index) is still being read.
 */
export async function loadFirstPage(db: DeskDatabase, newestFirst: boolean, size: number): Promise<WorklistOrder> {
  const byChange = db.complaints.orderBy('lastChangeAt');
  const [ids, total] = await Promise.all([(newestFirst ? byChange.reverse() : byChange).limit(size).primaryKeys(), db.complaints.count()]);
  return { ids: newestFirst ? ids.reverse() : ids, total, partial: true };
}

export async function loadOrder(db: DeskDatabase): Promise<WorklistOrder> {
  const [ordered, total] = await Promise.all([db.complaints.orderBy('lastChangeAt').primaryKeys(), db.complaints.count()]);
  if (ordered.length >= total) return { ids: ordered, total };
  // Defensive: a row without an indexable lastChangeAt would be missing from the index.
  const seen = new Set(ordered);
  const all = await db.complaints.toCollection().primaryKeys();
  return { ids: [...all.filter((id) => !seen.has(id)), ...ordered], total };
}

export async function keysWithStatus(db: DeskDatabase, status: ComplaintStatus): Promise<Set<string>> {
  return new Set(await db.complaints.where('serverStatus').equals(status).primaryKeys());
}

export async function keysWithPending(db: DeskDatabase): Promise<Set<string>> {
  return new Set(await db.complaints.where('pendingCount').above(0).primaryKeys());
}

/**
 * Indexed search: complaints where every word typed is the prefix of one of their search
 * words (see ./search-words.ts). One index range per typed word, keys only; the
 * key sets are intersected in memory. An empty query matches everything.
 */
export async function keysMatchingSearch(db: DeskDatabase, text: string): Promise<Set<string>> {
  const words = queryWords(text);
  if (words.length === 0) return new Set(await db.complaints.toCollection().primaryKeys());
  if (words.length > 1) {
    const rareFirst = await rarestWordFirst(db, words);
    if (rareFirst !== null) return rareFirst;
  }
  const perWord = await Promise.all(
    words.map(async (word) => new Set(await db.complaints.where('searchWords').startsWith(word).primaryKeys())),
  );
  perWord.sort((a, b) => a.size - b.size);
  const [smallest, ...others] = perWord;
  const result = new Set<string>();
  for (const id of smallest ?? []) if (others.every((set) => set.has(id))) result.add(id);
  return result;
}

/** A rare word's matches are checked one by one (their token rows) up to this many. */
const CHECK_RARE_UP_TO = 2000;

/**
 * Several words, one of them rare ("novak jana": many Janas): the rarest word's keys (the
 * index counts first), each checked for the other words, instead of every common word's
 * keys read and intersected. Null when no word is rare enough (or nothing to check with).
 */
async function rarestWordFirst(db: DeskDatabase, words: readonly string[]): Promise<Set<string> | null> {
  const counts = await Promise.all(words.map((word) => db.complaints.where('searchWords').startsWith(word).count()));
  const rarest = counts.indexOf(Math.min(...counts));
  if ((counts[rarest] ?? Infinity) > CHECK_RARE_UP_TO) return null;
  const candidates = [...new Set(await db.complaints.where('searchWords').startsWith(words[rarest] ?? '').primaryKeys())];
  const others = words.filter((_, i) => i !== rarest);
  const found = await keysHavingWords(db, db.sealer, candidates, others);
  return found === null ? null : new Set(found);
}

/**
 * Complaints BizKitHub does not know ("Not found"), for "Select all not found". Not an
 * index: a one-off scan when the agent asks (read as keys of a filtered collection).
 */
export async function keysNotFound(db: DeskDatabase): Promise<Set<string>> {
  return new Set(await db.complaints.filter((row) => row.existsOnServer === false).primaryKeys());
}

/** The rows of `ids` that are cached (one bulkGet; missing ones left out). */
export async function readRows(db: DeskDatabase, ids: readonly string[]): Promise<CachedComplaint[]> {
  const rows = await db.complaints.bulkGet([...ids]);
  return rows.filter((row): row is CachedComplaint => row !== undefined);
}

/** A read of the complaints above, re-run as complaints are written. Paced. */
function pacedComplaints<T>(db: DeskDatabase, read: () => Promise<T>, pace: PaceOptions): PacedQuery<T> {
  return pacedQuery(db, ['complaints'], read, pace);
}

export function liveOrder(db: DeskDatabase, pace: PaceOptions = {}): PacedQuery<WorklistOrder> {
  return pacedComplaints(db, () => loadOrder(db), pace);
}

export function liveKeysWithStatus(db: DeskDatabase, status: ComplaintStatus, pace: PaceOptions = {}): PacedQuery<Set<string>> {
  return pacedComplaints(db, () => keysWithStatus(db, status), pace);
}

export function liveKeysWithPending(db: DeskDatabase, pace: PaceOptions = {}): PacedQuery<Set<string>> {
  return pacedComplaints(db, () => keysWithPending(db), pace);
}

export function liveKeysMatchingSearch(db: DeskDatabase, text: string, pace: PaceOptions = {}): PacedQuery<Set<string>> {
  return pacedComplaints(db, () => keysMatchingSearch(db, text), pace);
}

/** The rows of `ids` (the worklist's visible window). Paced. */
export function liveRows(db: DeskDatabase, ids: readonly string[], pace: PaceOptions = {}): PacedQuery<CachedComplaint[]> {
  return pacedComplaints(db, () => readRows(db, ids), pace);
}

/** One complaint by its ID or the local reference it was filed under; null when it is not cached. */
export function liveComplaint(db: DeskDatabase, id: string): Observable<CachedComplaint | null> {
  return liveQuery(async () => (await findComplaint(db, id)) ?? null);
}
