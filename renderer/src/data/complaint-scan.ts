/**
 * A scan of every cached complaint for the background refresh: which were never
 * downloaded, failed, or are stale. It reads the stored rows straight from IndexedDB, a
 * page at a time, and looks only at their clear part (./at-rest-stored.ts: glanceAtStoredComplaint),
 * so no seal is opened: with a big worklist, opening every row at each start would keep
 * the page busy for seconds. A row the clear part cannot answer for (written before the
 * flags, or sealed under another key) is read through Dexie, which opens it.
 * Each page is its own short read transaction, with a pause after it: the drain's writes
 * and the UI's reads go in between.
 */
import { glanceAtStoredComplaint, type ComplaintGlance } from './at-rest-stored';
import type { CachedComplaint, DeskDatabase } from './db';

export type { ComplaintGlance } from './at-rest-stored';

const PAGE = 1000;

function glanceOfRow(row: CachedComplaint): ComplaintGlance {
  return {
    id: row.id,
    ...(row.localRef !== undefined ? { localRef: row.localRef } : {}),
    fetchedAt: row.fetchedAt,
    existsOnServer: row.existsOnServer,
    fetchFailed: row.fetchError !== null && row.fetchError !== undefined,
  };
}

interface StoredPage {
  keys: IDBValidKey[];
  values: unknown[];
}

function readPage(idb: IDBDatabase, after: IDBValidKey | null, keyRange: typeof IDBKeyRange): Promise<StoredPage> {
  return new Promise((resolve, reject) => {
    const transaction = idb.transaction('complaints', 'readonly');
    const store = transaction.objectStore('complaints');
    const range = after === null ? null : keyRange.lowerBound(after, true);
    const keys = store.getAllKeys(range, PAGE);
    const values = store.getAll(range, PAGE);
    transaction.oncomplete = () => resolve({ keys: keys.result, values: values.result as unknown[] });
    transaction.onerror = () => reject(transaction.error ?? new Error('The complaints could not be read.'));
    transaction.onabort = () => reject(transaction.error ?? new Error('Reading the complaints was aborted.'));
  });
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Calls `visit` with a glance at every cached complaint (in ID order; those opened through Dexie last). */
export async function scanComplaints(db: DeskDatabase, visit: (glance: ComplaintGlance) => void): Promise<void> {
  const keyRange = (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
  if (!db.isOpen()) await db.open();
  const idb = db.backendDB() as IDBDatabase | null;
  if (idb === null || keyRange === undefined) {
    await db.complaints.each((row) => visit(glanceOfRow(row)));
    return;
  }
  const keyId = db.sealer?.keyId ?? null;
  const toOpen: string[] = [];
  for (let after: IDBValidKey | null = null; ; ) {
    const page = await readPage(idb, after, keyRange);
    page.values.forEach((stored, i) => {
      const glance = glanceAtStoredComplaint(stored, keyId);
      if (glance !== null) visit(glance);
      else toOpen.push(String(page.keys[i]));
    });
    if (page.keys.length < PAGE) break;
    after = page.keys[page.keys.length - 1] ?? null;
    await pause();
  }
  for (let i = 0; i < toOpen.length; i += PAGE) {
    const rows = await db.complaints.bulkGet(toOpen.slice(i, i + PAGE));
    for (const row of rows) if (row !== undefined) visit(glanceOfRow(row));
    if (i + PAGE < toOpen.length) await pause();
  }
}
