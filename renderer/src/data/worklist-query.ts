/**
 * The worklist's reads, split so each re-runs only when it must and stays cheap with
 * 20,000 cached complaints (keys, not rows, wherever an index exists):
 * - the order: the `lastChangeAt` index (keys only);
 * - filters: the `serverStatus` and `pendingCount` indexes (keys only);
 * - search: word prefixes in the `*searchWords` index (ID, customer, order number, email,
 *   folded: "novakova" finds "Nováková"); keys only, no row is read.
 * WorklistView combines the key sets in memory and loads only the visible rows.
 * These run inside liveQuery: Dexie calls only.
 */
import type { ComplaintStatus } from '../../../common/status';
import type { DeskDatabase } from './db';
import { queryWords } from './search-words';

export interface WorklistOrder {
  /** Oldest change first. */
  ids: string[];
  total: number;
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
  const perWord = await Promise.all(
    words.map(async (word) => new Set(await db.complaints.where('searchWords').startsWith(word).primaryKeys())),
  );
  perWord.sort((a, b) => a.size - b.size);
  const [smallest, ...others] = perWord;
  const result = new Set<string>();
  for (const id of smallest ?? []) if (others.every((set) => set.has(id))) result.add(id);
  return result;
}


/**
 * Complaints BizKitHub does not know ("Not found"), for "Select all not found". Not an
 * index: a one-off scan when the agent asks (read as keys of a filtered collection).
 */
export async function keysNotFound(db: DeskDatabase): Promise<Set<string>> {
  return new Set(await db.complaints.filter((row) => row.existsOnServer === false).primaryKeys());
}
