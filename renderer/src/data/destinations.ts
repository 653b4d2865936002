/**
 * One database per destination (common/destination.ts), and what waits in the others.
 *
 * - destinationDatabase + prepareDestinationDatabase: the database the app works in, for
 *   the destination main reports now. The first time, it adopts the single database of earlier releases: its
 *   worklist, outbox and sync state move here, every entry stamped with this destination
 *   (the stated upgrade rule: they belong to the destination current at the upgrade).
 * - readWaitingElsewhere: unsent changes kept in the other destinations' databases. They
 *   are never sent from here; the UI lists them as waiting ("Waiting for the key for
 *   api.bizkithub.com") and counts them, so the app never says "everything has been sent"
 *   while they wait.
 */
import Dexie from 'dexie';
import type { DataKey } from '../../../common/data-key';
import type { Destination } from '../../../common/destination';
import type { OutboxEntry } from '../../../common/outbox-rules';
import { DEFAULT_DB_NAME, DeskDatabase, databaseNameFor, destinationOfDatabase } from './db';
import { countUnsent, readUnsentInOrder } from './outbox-queries';

/** The meta row that says this database adopted the pre-destination one (never twice). */
const ADOPTED_KEY = 'adopted-legacy-database';

/**
 * The destination's database, not opened yet (the UI's context needs it at once). The
 * data key may follow (db.useDataKey) as long as it comes before prepareDestinationDatabase.
 */
export function destinationDatabase(destination: Destination, dataKey?: DataKey): DeskDatabase {
  return new DeskDatabase(databaseNameFor(destination), destination, dataKey);
}

/** Opens it (its data key given), adopting the pre-destination database the first time (see adoptLegacyDatabase). */
export async function prepareDestinationDatabase(db: DeskDatabase): Promise<void> {
  if (db.dataKey === null) throw new Error('The data key is missing: the database is not opened.');
  await db.open();
  await adoptLegacyDatabase(db);
}

/**
 * Moves the pre-destination database into `db`: one transaction writes everything and the
 * marker, then the old database is deleted. A crash before the commit leaves the old one
 * whole (adopted again at the next start); a crash after it leaves the marker, so the old
 * copy is only deleted, never copied a second time over newer states.
 */
export async function adoptLegacyDatabase(db: DeskDatabase, legacyName: string = DEFAULT_DB_NAME): Promise<boolean> {
  if (!(await Dexie.exists(legacyName))) return false;
  const marker = await db.table('meta').get(ADOPTED_KEY);
  if (marker === undefined) {
    // Opened for this destination: v4's upgrade stamps every entry with it.
    const legacy = new DeskDatabase(legacyName, db.destination, db.dataKey ?? undefined);
    try {
      const [complaints, outbox, meta] = await Promise.all([
        legacy.complaints.toArray(),
        legacy.outbox.toArray(),
        legacy.meta.toArray(),
      ]);
      await db.transaction('rw', db.complaints, db.outbox, db.meta, async () => {
        await db.complaints.bulkPut(complaints);
        await db.outbox.bulkPut(outbox.map((e) => ({ ...e, destination: e.destination ?? db.destination })));
        await db.meta.bulkPut(meta);
        await db.table('meta').put({ key: ADOPTED_KEY, at: Date.now(), from: legacyName });
      });
    } finally {
      legacy.close();
    }
  }
  await Dexie.delete(legacyName);
  return marker === undefined;
}

export interface WaitingElsewhere {
  destination: Destination;
  /** Unsent entries, oldest first. */
  entries: OutboxEntry[];
}

/** Unsent changes of every other destination's database (see the file comment); personal fields opened with `dataKey`. */
export async function readWaitingElsewhere(current: Destination, dataKey: DataKey | null): Promise<WaitingElsewhere[]> {
  const names = await Dexie.getDatabaseNames();
  const out: WaitingElsewhere[] = [];
  for (const name of names) {
    const destination = destinationOfDatabase(name);
    if (destination === null || destination === current) continue;
    const other = new DeskDatabase(name, destination, dataKey ?? undefined);
    try {
      const entries = await readUnsentInOrder(other);
      if (entries.length > 0) out.push({ destination, entries });
    } finally {
      other.close();
    }
  }
  return out;
}

/** How many unsent changes a destination's database holds (the key dialogs ask before moving them). */
export async function countUnsentIn(destination: Destination): Promise<number> {
  const name = databaseNameFor(destination);
  if (!(await Dexie.exists(name))) return 0;
  const other = new DeskDatabase(name, destination);
  try {
    return await countUnsent(other);
  } finally {
    other.close();
  }
}

/**
 * "Wipe local data" covers every destination (personal data is cached in each): the other
 * destinations' databases are deleted. Refused while they hold unsent changes unless the
 * agent confirmed losing them (the caller counted them with readWaitingElsewhere).
 */
export async function deleteOtherDestinations(current: Destination, options: { confirmLoss: boolean }): Promise<number> {
  let deleted = 0;
  for (const name of await Dexie.getDatabaseNames()) {
    const destination = destinationOfDatabase(name);
    if (destination === null || destination === current) continue;
    if (!options.confirmLoss && (await countUnsentIn(destination)) > 0) continue;
    await Dexie.delete(name);
    deleted += 1;
  }
  return deleted;
}
