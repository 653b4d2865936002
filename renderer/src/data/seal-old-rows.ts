/**
 * Seals what an earlier release stored in clear, once, in the background after the
 * database opened (the agent works meanwhile). Rows an earlier release wrote have no
 * `atRest` marker (./at-rest.ts): they are found by walking each table in primary-key
 * order on the raw stored form, and rewritten through the database (which seals them) in
 * small transactions, each re-reading its rows first so a newer write is never undone.
 * A crash between batches loses nothing (each batch commits whole) and the next start
 * simply walks again; a meta row records that it finished, so later starts skip it.
 */
import Dexie, { type IndexableType } from 'dexie';
import type { DeskDatabase } from './db';

const DONE_KEY = 'sealed-at-rest';
const TABLES = ['complaints', 'outbox', 'meta'] as const;
export const SEAL_BATCH = 200;

type StoredRow = Record<string, unknown>;

/** Written by an earlier release, or before the search tokens' table existed (an upgrade). */
function writtenInClear(row: unknown): boolean {
  return typeof row === 'object' && row !== null && ((row as StoredRow).atRest !== 1 || (row as StoredRow).tokensPending === 1);
}

/** How many rows it sealed. `pause` runs between batches (the app yields to the agent there). */
export async function sealOldRows(db: DeskDatabase, pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<number> {
  if ((await db.table('meta').get(DONE_KEY)) !== undefined) return 0;
  // The same database without the middleware: what is stored, as it is stored.
  const raw = new Dexie(db.name, { addons: [] });
  let sealed = 0;
  try {
    await raw.open();
    for (const table of TABLES) {
      let after: unknown = undefined;
      for (;;) {
        const range = after === undefined ? raw.table(table).toCollection() : raw.table(table).where(':id').above(after);
        const batch = await range.limit(SEAL_BATCH).toArray();
        if (batch.length === 0) break;
        const keyPath = raw.table(table).schema.primKey.keyPath as string;
        after = (batch[batch.length - 1] as StoredRow)[keyPath];
        const keys = batch.filter(writtenInClear).map((row) => (row as StoredRow)[keyPath] as IndexableType);
        if (keys.length > 0) {
          await db.transaction('rw', db.table(table), async () => {
            // Read back through the database (a clear row reads as it is), written sealed.
            const rows = (await db.table(table).bulkGet(keys)).filter((row) => row !== undefined);
            await db.table(table).bulkPut(rows);
            sealed += rows.length;
          });
        }
        if (batch.length < SEAL_BATCH) break;
        await pause();
      }
    }
    await db.table('meta').put({ key: DONE_KEY, at: Date.now() });
  } finally {
    raw.close();
  }
  return sealed;
}
