/**
 * The worklist's reads, split so each re-runs only when it must and stays cheap with
 * 20,000 cached complaints (keys, not rows, wherever an index exists):
 * - the order: the `lastChangeAt` index (keys only);
 * - filters: the `serverStatus` and `pendingCount` indexes (keys only);
 * - search: an indexed ID-prefix match (instant), and a scan of `searchText` (customer,
 *   order number, email), which has no index and must read every row.
 * WorklistView combines the key sets in memory and loads only the visible rows.
 * These run inside liveQuery: Dexie calls only.
 */
import type { ComplaintStatus } from '../../../common/status';
import type { DeskDatabase } from '../data/db';

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

/** Indexed and fast: complaint IDs starting with the search text (any case). */
export async function keysWithIdPrefix(db: DeskDatabase, needle: string): Promise<Set<string>> {
  return new Set(await db.complaints.where(':id').startsWithIgnoreCase(needle).primaryKeys());
}

/** A scan: rows whose lowercased searchText (id, customer, order number, email) contains the needle. */
export async function keysMatchingText(db: DeskDatabase, needle: string): Promise<Set<string>> {
  return new Set(await db.complaints.filter((c) => c.searchText.includes(needle)).primaryKeys());
}
