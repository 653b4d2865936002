/** One database per destination: adopting the pre-destination database, and reading what waits in the others. */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { liveDestination } from '../../../../common/destination';
import { DEFAULT_DB_NAME, SCHEMA_VERSIONS, databaseNameFor } from '../../../../renderer/src/data/db';
import {
  adoptLegacyDatabase,
  countUnsentIn,
  deleteOtherDestinations,
  destinationDatabase,
  prepareDestinationDatabase,
  readWaitingElsewhere,
} from '../../../../renderer/src/data/destinations';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { seedComplaint } from '../../../support/desk-db';
import { TEST_DATA_KEY } from '../../../support/data-key';

let n = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${++n}`;

/** The single database of a release before destinations (schema v3), with a queue. */
async function legacyDatabase(name: string): Promise<void> {
  const old = new Dexie(name);
  for (const { version, stores } of SCHEMA_VERSIONS) if (version <= 3) old.version(version).stores(stores);
  await old.open();
  await old.table('complaints').add({
    id: 'A1', addedAt: 1, detail: null, existsOnServer: true, serverStatus: 'new', pendingStatus: 'wait',
    pendingCount: 1, fetchedAt: 1, fetchError: null, lastChangeAt: 5, searchText: 'a1', searchWords: ['a1'],
  });
  const base = {
    complaintId: 'A1', baseStatus: 'new' as const, createdAt: 1, attempts: 0, nextAttemptAt: 0,
    lastError: null, sentAt: null, resolution: null, serverStatusSeen: null,
  };
  await old.table('outbox').bulkAdd([
    { ...base, targetStatus: 'open', state: 'sent', updatedAt: 10 },
    { ...base, baseStatus: 'open', targetStatus: 'wait', state: 'queued', updatedAt: 20 },
  ]);
  await old.table('meta').put({ key: 'sync', lastSuccessAt: 3, lastAttemptAt: 3, lastError: null, pausedReason: null, pausedUntil: null, online: true });
  old.close();
}

describe('adopting the pre-destination database', () => {
  it('moves everything to the destination current at the upgrade, every entry stamped with it, then deletes it', async () => {
    const legacy = unique('legacy');
    await legacyDatabase(legacy);
    const destination = liveDestination(`https://${unique('adopt')}.example.com`);
    const db = destinationDatabase(destination, TEST_DATA_KEY);
    await db.open();
    expect(await adoptLegacyDatabase(db, legacy)).toBe(true);
    expect(await db.complaints.get('A1')).toMatchObject({ pendingStatus: 'wait', pendingCount: 1 });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.seq, e.state, e.targetStatus, e.destination])).toEqual([
      [1, 'sent', 'open', destination],
      [2, 'queued', 'wait', destination],
    ]);
    expect((await db.meta.get('sync'))?.lastSuccessAt).toBe(3);
    expect(await Dexie.exists(legacy)).toBe(false);
    // The key generator continues after the adopted entries: order is kept.
    await changeStatus(db, 'A1', 'resolve', 100);
    expect((await db.outbox.orderBy('seq').last())?.seq).toBe(3);
    db.close();
  });

  it('a crash after the copy committed: the old database is only deleted at the next start, never copied over newer states', async () => {
    const legacy = unique('legacy');
    await legacyDatabase(legacy);
    const destination = liveDestination(`https://${unique('crash')}.example.com`);
    const db = destinationDatabase(destination, TEST_DATA_KEY);
    await db.open();
    await adoptLegacyDatabase(db, legacy);
    await db.outbox.update(2, { state: 'sent', resolution: 'sent' }); // sent since
    await legacyDatabase(legacy); // as if the delete had not happened
    expect(await adoptLegacyDatabase(db, legacy)).toBe(false);
    expect((await db.outbox.get(2))?.state).toBe('sent');
    expect(await db.outbox.count()).toBe(2);
    expect(await Dexie.exists(legacy)).toBe(false);
    db.close();
  });

  it('an earlier release run again after the upgrade: what it queued since is copied after the adopted entries, then the old database goes', async () => {
    const legacy = unique('legacy');
    await legacyDatabase(legacy);
    const destination = liveDestination(`https://${unique('downgrade')}.example.com`);
    const db = destinationDatabase(destination, TEST_DATA_KEY);
    await db.open();
    await adoptLegacyDatabase(db, legacy);
    await changeStatus(db, 'A1', 'resolve', 100); // seq 3, made after the upgrade
    // The downgraded release writes its own database anew (seqs from 1) and queues a change.
    const old = new Dexie(legacy);
    for (const { version, stores } of SCHEMA_VERSIONS) if (version <= 3) old.version(version).stores(stores);
    await old.open();
    await old.table('outbox').add({
      complaintId: 'B2', baseStatus: 'new', targetStatus: 'open', createdAt: 200, state: 'queued', attempts: 0,
      nextAttemptAt: 0, lastError: null, updatedAt: 200, sentAt: null, resolution: null, serverStatusSeen: null,
    });
    await old.table('complaints').add({
      id: 'B2', addedAt: 1, detail: null, existsOnServer: true, serverStatus: 'new', pendingStatus: 'open',
      pendingCount: 1, fetchedAt: 1, fetchError: null, lastChangeAt: 200, searchWords: ['b2'],
    });
    old.close();

    expect(await adoptLegacyDatabase(db, legacy)).toBe(true);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => [e.seq, e.complaintId, e.targetStatus, e.state, e.destination])).toEqual([
      [1, 'A1', 'open', 'sent', destination],
      [2, 'A1', 'wait', 'queued', destination],
      [3, 'A1', 'resolve', 'queued', destination],
      [4, 'B2', 'open', 'queued', destination],
    ]);
    expect(await db.complaints.get('B2')).toMatchObject({ pendingStatus: 'open', pendingCount: 1 });
    expect(await Dexie.exists(legacy)).toBe(false);
    db.close();
  });

  it('the keychain could not be read (demo only stands in): the old queue is not adopted by demo, only counted, and left whole', async () => {
    // prepareDestinationDatabase works on the one legacy name; its own database name here.
    await Dexie.delete(DEFAULT_DB_NAME);
    await legacyDatabase(DEFAULT_DB_NAME);
    const demo = destinationDatabase('demo', TEST_DATA_KEY);
    expect(await prepareDestinationDatabase(demo, { mayAdoptLegacy: false })).toEqual({ kind: 'deferred', unsent: 1 });
    expect(await demo.outbox.count()).toBe(0);
    demo.close();
    expect(await Dexie.exists(DEFAULT_DB_NAME)).toBe(true);

    // The keychain answers later: the live destination adopts it, with both entries.
    const destination = liveDestination(`https://${unique('unlocked')}.example.com`);
    const live = destinationDatabase(destination, TEST_DATA_KEY);
    expect(await prepareDestinationDatabase(live, { mayAdoptLegacy: true })).toEqual({ kind: 'adopted' });
    expect((await live.outbox.toArray()).map((e) => [e.targetStatus, e.destination])).toEqual([
      ['open', destination],
      ['wait', destination],
    ]);
    expect(await Dexie.exists(DEFAULT_DB_NAME)).toBe(false);
    live.close();
  });

  it('nothing to adopt: a new user opens an empty database', async () => {
    const db = destinationDatabase(liveDestination(`https://${unique('new')}.example.com`), TEST_DATA_KEY);
    await prepareDestinationDatabase(db);
    expect(await db.outbox.count()).toBe(0);
    db.close();
  });
});

describe('what waits in the other destinations', () => {
  it('lists the unsent changes of every other destination, counts them, and leaves sent ones out', async () => {
    const demo = 'demo';
    const live = liveDestination(`https://${unique('wait')}.example.com`);
    const demoDb = destinationDatabase(demo, TEST_DATA_KEY);
    const liveDb = destinationDatabase(live, TEST_DATA_KEY);
    await seedComplaint(demoDb, 'D1', 'new');
    await changeStatus(demoDb, 'D1', 'open', 1);
    await seedComplaint(liveDb, 'L1', 'new');
    await seedComplaint(liveDb, 'L2', 'open');
    await changeStatus(liveDb, 'L1', 'open', 1);
    await changeStatus(liveDb, 'L2', 'wait', 2);
    await changeStatus(liveDb, 'L2', 'resolve', 3);
    const [first] = await liveDb.outbox.orderBy('seq').toArray();
    await liveDb.outbox.update(first!.seq!, { state: 'sent' });

    const fromDemo = await readWaitingElsewhere(demo, TEST_DATA_KEY);
    const liveGroup = fromDemo.find((w) => w.destination === live);
    expect(liveGroup?.entries.map((e) => [e.complaintId, e.targetStatus, e.destination])).toEqual([
      ['L2', 'wait', live],
      ['L2', 'resolve', live],
    ]);
    expect(fromDemo.some((w) => w.destination === demo)).toBe(false);
    const fromLive = await readWaitingElsewhere(live, TEST_DATA_KEY);
    expect(fromLive.find((w) => w.destination === demo)?.entries.map((e) => e.complaintId)).toEqual(['D1']);
    expect(await countUnsentIn(live)).toBe(2);
    expect(await countUnsentIn(demo)).toBe(1);
    expect(await countUnsentIn(liveDestination('https://never-used.example.com'))).toBe(0);
    expect(databaseNameFor(live)).toBe(`bizkithub-complaints-desk:${live}`);
    demoDb.close();
    liveDb.close();
  });
});

describe('wiping covers every destination', () => {
  it('deletes the other destinations\' databases; one with unsent changes only when the loss was confirmed', async () => {
    const current = liveDestination(`https://${unique('current')}.example.com`);
    const idle = liveDestination(`https://${unique('idle')}.example.com`);
    const busy = liveDestination(`https://${unique('busy')}.example.com`);
    const idleDb = destinationDatabase(idle, TEST_DATA_KEY);
    await seedComplaint(idleDb, 'I1', 'new');
    const busyDb = destinationDatabase(busy, TEST_DATA_KEY);
    await seedComplaint(busyDb, 'B1', 'new');
    await changeStatus(busyDb, 'B1', 'open', 1);
    idleDb.close();
    busyDb.close();

    await deleteOtherDestinations(current, { confirmLoss: false });
    expect(await Dexie.exists(databaseNameFor(idle))).toBe(false);
    expect(await Dexie.exists(databaseNameFor(busy))).toBe(true);
    await deleteOtherDestinations(current, { confirmLoss: true });
    expect(await Dexie.exists(databaseNameFor(busy))).toBe(false);
  });
});

