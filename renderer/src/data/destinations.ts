/**
 * One database per destination (common/destination.ts), and what waits in the others.
 *
 * - destinationDatabase + prepareDestinationDatabase: the database the app works in, for
 *   the destination main reports now. The first time, it adopts the single database of earlier releases: its
 *   worklist, outbox and sync state move here, every entry stamped with this destination
 *   (the stated upgrade rule: they belong to the destination current at the upgrade).
 *   Not while the keychain cannot be read (demo then only stands in for the real
 *   destination): the old database waits, untouched, and its unsent entries are counted.
 * - readWaitingElsewhere: unsent changes kept in the other destinations' databases. They
 *   are never sent from here; the UI lists them as waiting ("Waiting for the key for
 *   api.bizkithub.com") and counts them, so the app never says "everything has been sent"
 *   while they wait.
 */
import Dexie from 'dexie';
import type { DataKey } from '../../../common/data-key';
import type { Destination } from '../../../common/destination';
import { isUnsent, type OutboxEntry } from '../../../common/outbox-rules';
import { DEFAULT_DB_NAME, DeskDatabase, databaseNameFor, destinationOfDatabase } from './db';
import { recomputeComplaint } from './outbox-primitives';
import { countUnsent, readUnsentInOrder } from './outbox-queries';
import { openCheckedDatabase, type OpenOptions } from './storage-open';

/** The meta row that says this database adopted the pre-destination one (never twice). */
const ADOPTED_KEY = 'adopted-legacy-database';

/**
 * The destination's database, not opened yet (the UI's context needs it at once). The
 * data key may follow (db.useDataKey) as long as it comes before prepareDestinationDatabase.
 */
export function destinationDatabase(destination: Destination, dataKey?: DataKey): DeskDatabase {
  return new DeskDatabase(databaseNameFor(destination), destination, dataKey);
}

export interface PrepareOptions extends OpenOptions {
  /**
   * May the pre-destination database be adopted by this destination now. False while the
   * keychain cannot be read: the destination is demo only because the key is out of reach,
   * and the old live queue must not move to demo, where it could never reach BizKitHub.
   */
  mayAdoptLegacy?: boolean;
}

/**
 * Opens it (its data key given; see ./storage-open.ts for the refusals), adopting the
 * pre-destination database when allowed (see adoptLegacyDatabase).
 */
export async function prepareDestinationDatabase(db: DeskDatabase, options: PrepareOptions = {}): Promise<AdoptionOutcome> {
  if (db.dataKey === null) throw new Error('The data key is missing: the database is not opened.');
  await openCheckedDatabase(db, options);
  if (options.mayAdoptLegacy === false) return deferLegacyAdoption();
  return (await adoptLegacyDatabase(db)) ? { kind: 'adopted' } : { kind: 'none' };
}

export type AdoptionOutcome =
  | { kind: 'none' }
  /** Entries copied here and the old database deleted. */
  | { kind: 'adopted' }
  /** Left where it is, unread by the app, until adoption is allowed; `unsent` of its entries wait in it. */
  | { kind: 'deferred'; unsent: number };

/** One entry's identity across databases (its seq differs once copied). */
function identityOf(entry: OutboxEntry): string {
  return [entry.kind ?? 'status', entry.complaintId, entry.createdAt, entry.targetStatus].join('\u0000');
}

/** The legacy database's unsent entries, counted without opening it for a destination (no upgrade runs). */
export async function countLegacyUnsent(legacyName: string = DEFAULT_DB_NAME): Promise<number> {
  if (!(await Dexie.exists(legacyName))) return 0;
  const legacy = new Dexie(legacyName);
  try {
    await legacy.open();
    if (!legacy.tables.some((table) => table.name === 'outbox')) return 0;
    const entries = (await legacy.table('outbox').toArray()) as OutboxEntry[];
    return entries.filter((e) => isUnsent(e.state)).length;
  } finally {
    legacy.close();
  }
}

async function deferLegacyAdoption(): Promise<AdoptionOutcome> {
  if (!(await Dexie.exists(DEFAULT_DB_NAME))) return { kind: 'none' };
  return { kind: 'deferred', unsent: await countLegacyUnsent() };
}

/**
 * Moves the pre-destination database into `db`: one transaction writes everything and the
 * marker; the old database is deleted only once every one of its entries is found here.
 * A crash before the commit leaves the old one whole (adopted again at the next start).
 * With the marker already there (a crash after the commit, or an earlier release run
 * again after the upgrade, which writes the old database anew), the old database is read
 * again and only its entries not yet here are added, after the ones here, in their order:
 * nothing adopted is copied twice over newer states, and nothing made since is lost.
 * True when anything was copied (or the first adoption happened).
 */
export async function adoptLegacyDatabase(db: DeskDatabase, legacyName: string = DEFAULT_DB_NAME): Promise<boolean> {
  if (!(await Dexie.exists(legacyName))) return false;
  const marker = await db.table('meta').get(ADOPTED_KEY);
  // Opened for this destination: v4's upgrade stamps every entry with it.
  const legacy = new DeskDatabase(legacyName, db.destination, db.dataKey ?? undefined);
  let legacyEntries: OutboxEntry[];
  let copied: number;
  try {
    const [complaints, outbox, meta] = await Promise.all([legacy.complaints.toArray(), legacy.outbox.toArray(), legacy.meta.toArray()]);
    legacyEntries = outbox;
    const stamp = (e: OutboxEntry): OutboxEntry => ({ ...e, destination: e.destination ?? db.destination });
    copied = await db.transaction('rw', db.complaints, db.outbox, db.meta, async () => {
      if (marker === undefined) {
        await db.complaints.bulkPut(complaints);
        await db.outbox.bulkPut(outbox.map(stamp));
        await db.meta.bulkPut(meta);
        await db.table('meta').put({ key: ADOPTED_KEY, at: Date.now(), from: legacyName });
        return outbox.length;
      }
      const here = new Set((await db.outbox.toArray()).map(identityOf));
      const missing = outbox.filter((e) => !here.has(identityOf(e))).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      if (missing.length === 0) return 0;
      // Appended: the key generator gives them seqs after every entry here.
      await db.outbox.bulkAdd(missing.map(({ seq: _seq, ...entry }) => stamp(entry)));
      const touched = new Set(missing.map((e) => e.complaintId));
      const known = new Set(await db.complaints.where('id').anyOf([...touched]).primaryKeys());
      await db.complaints.bulkPut(complaints.filter((c) => touched.has(c.id) && !known.has(c.id)));
      for (const id of touched) await recomputeComplaint(db, id);
      return missing.length;
    });
  } finally {
    legacy.close();
  }
  // Counted before the old copy goes: every entry it held must be here now.
  const here = new Set((await db.outbox.toArray()).map(identityOf));
  const absent = legacyEntries.filter((e) => !here.has(identityOf(e))).length;
  if (absent > 0) throw new Error(`Adopting the earlier database left ${absent} of its ${legacyEntries.length} entries uncopied; it is kept.`);
  await Dexie.delete(legacyName);
  return marker === undefined || copied > 0;
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
