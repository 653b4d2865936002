import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../../common/ipc-contract';
import { journalChannels } from '../../../../electron/services/desk/journal-channels';
import { openJournal, type Journal } from '../../../../electron/services/journal/journal';
import type { Logger } from '../../../../electron/services/logger';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { reconcileWithJournal } from '../../../../renderer/src/data/journal-reconcile';
import { attachJournal } from '../../../../renderer/src/data/journal-writer';
import { fileComplaint } from '../../../../renderer/src/data/new-complaints';
import { cancelEntry, changeStatus } from '../../../../renderer/src/data/outbox';
import { wipeLocalData } from '../../../../renderer/src/data/wipe';
import { TEST_DATA_KEY } from '../../../support/data-key';
import { seedComplaint } from '../../../support/desk-db';

const LIVE = 'live:https://api.bizkithub.com';
const BODY = { variantCode: 'reklamace', description: 'Prasklý displej', customerName: 'Jana Nováková', orderNumber: 'OBJ-17' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

let dir: string | undefined;
let journal: Journal | undefined;
const dbs: DeskDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
  await journal?.close();
  journal = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

let counter = 0;
function newDb(name = `journal-reconcile-${process.pid}-${Date.now()}-${++counter}`): DeskDatabase {
  const db = openDeskDatabase(name, LIVE, TEST_DATA_KEY);
  dbs.push(db);
  return db;
}

type JournalDesk = Pick<DeskApi, 'getJournalUnsent' | 'appendJournal'>;
async function mainSide(): Promise<{ desk: JournalDesk; journal: Journal }> {
  dir ??= mkdtempSync(join(tmpdir(), 'desk-journal-reconcile-'));
  journal = await openJournal({ path: join(dir, 'unsent-work.journal'), dataKey: async () => TEST_DATA_KEY, log: quiet });
  const handlers = journalChannels(journal, quiet);
  const desk = { appendJournal: handlers.appendJournal, getJournalUnsent: handlers.getJournalUnsent } as unknown as JournalDesk;
  return { desk, journal };
}

function attach(db: DeskDatabase, desk: JournalDesk): void {
  attachJournal(db, async (records) => {
    const r = await desk.appendJournal({ records });
    if (!r.ok) throw new Error(r.error.message);
  });
}

/** Three status changes (one a chain of two) and a complaint filed: "4 pending" as the agent saw it. */
async function fourPending(db: DeskDatabase): Promise<void> {
  await seedComplaint(db, 'RK-1', 'new');
  await seedComplaint(db, 'RK-2', 'open');
  await changeStatus(db, 'RK-1', 'open', 10);
  await changeStatus(db, 'RK-2', 'wait', 11);
  await changeStatus(db, 'RK-1', 'resolve', 12);
  await fileComplaint(db, BODY, 13, () => 'local-abcdefghjk');
}

describe('reconcile with the journal at a workspace start', () => {
  it('a lost database gets every unsent entry back: same seq (order), destination, base status; complaint rows and pending figures too', async () => {
    const { desk } = await mainSide();
    const before = newDb();
    attach(before, desk);
    await fourPending(before);
    const original = await before.outbox.toArray();

    const after = newDb(); // the IndexedDB folder was deleted: an empty database
    const report = await reconcileWithJournal(after, desk, 99);
    expect(report.restored).toHaveLength(4);
    expect(report.missing).toBe(0);
    const restored = await after.outbox.toArray();
    expect(restored.map((e) => [e.seq, e.kind ?? 'status', e.complaintId, e.targetStatus, e.baseStatus, e.destination, e.state])).toEqual(
      original.map((e) => [e.seq, e.kind ?? 'status', e.complaintId, e.targetStatus, e.baseStatus, LIVE, 'queued']),
    );
    expect(restored.find((e) => e.kind === 'create')?.create).toEqual(BODY);
    expect((await after.complaints.get('RK-1'))?.pendingCount).toBe(2);
    expect((await after.complaints.get('local-abcdefghjk'))?.draft).toEqual(BODY);

    // Told once: the next start has nothing to restore.
    expect((await reconcileWithJournal(after, desk, 100)).restored).toEqual([]);
    // New entries continue after the restored ones.
    attach(after, desk);
    const next = await changeStatus(after, 'RK-2', 'closed', 101);
    expect(next.kind === 'queued' && next.seq).toBe(5);
  });

  it('a database that lost its last writes gets those back (with the base status a cancel handed over); an entry that left the queue here is not brought back', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    attach(db, desk);
    await fourPending(db); // seq 1: RK-1 → open, 2: RK-2 → wait, 3: RK-1 → resolve, 4: the create
    const r = await changeStatus(db, 'RK-2', 'closed', 20);
    expect(r).toEqual({ kind: 'queued', seq: 5 });
    expect((await cancelEntry(db, 2, 21)).ok).toBe(true); // RK-2's → wait undone: → closed now starts from open
    // The last writes never reached the disk; seq 1 left the queue without the journal hearing of it.
    await db.outbox.bulkDelete([1, 4, 5]);
    await db.outbox.add({ ...(await db.outbox.get(3))!, seq: undefined }); // a later entry exists: seq 1 is behind the tail
    const highest = (await db.outbox.toCollection().primaryKeys()).at(-1)!;
    expect(highest).toBe(6);
    await db.outbox.delete(6);

    const report = await reconcileWithJournal(db, desk, 50);
    expect(report.restored.map((e) => [e.seq, e.complaintId])).toEqual([
      [4, 'local-abcdefghjk'],
      [5, 'RK-2'],
    ]);
    expect(report.closed).toBe(1); // seq 1
    expect((await db.outbox.get(5))?.baseStatus).toBe('open');
    expect(await db.outbox.get(2)).toBeUndefined();
  });

  it("a create whose request may have gone out comes back uncertain (the agent checks), never queued; status changes that went out are checked first", async () => {
    const { desk, journal: j } = await mainSide();
    const db = newDb();
    attach(db, desk);
    await fourPending(db);
    await j.createSending(LIVE, 'local-abcdefghjk');
    j.statusSending(LIVE, 'RK-2', 'wait');

    const after = newDb();
    await reconcileWithJournal(after, desk, 99);
    const states = Object.fromEntries((await after.outbox.toArray()).map((e) => [e.seq, e.state]));
    expect(states).toEqual({ 1: 'queued', 2: 'needs-check', 3: 'queued', 4: 'uncertain' });
  });

  it('entries written before the journal existed are added to it; a wipe makes the journal forget the destination', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    await fourPending(db); // no journal attached: an earlier release
    const report = await reconcileWithJournal(db, desk, 50);
    expect(report.adopted).toBe(4);
    expect(report.restored).toEqual([]);
    const lost = newDb();
    expect((await reconcileWithJournal(lost, desk, 60)).restored).toHaveLength(4);

    attach(lost, desk);
    const wiped = await wipeLocalData(lost, { confirmLoss: true }, async () => ({ ok: true, value: TEST_DATA_KEY }));
    expect(wiped.ok).toBe(true);
    expect((await reconcileWithJournal(newDb(), desk, 70)).restored).toEqual([]);
  });
});
