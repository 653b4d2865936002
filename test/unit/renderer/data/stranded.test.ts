/**
 * Stranded work has a way out: changes waiting for an account that never comes back can be
 * discarded, or sent to the account configured now (never demo → live, never twice, and
 * through the same conflict check as any change).
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_DESTINATION, liveDestination, type Destination } from '../../../../common/destination';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { destinationDatabase, prepareDestinationDatabase, readWaitingElsewhere } from '../../../../renderer/src/data/destinations';
import { openJournal, type Journal } from '../../../../electron/services/journal/journal';
import type { Logger } from '../../../../electron/services/logger';
import { attachJournal } from '../../../../renderer/src/data/journal-writer';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { discardStranded, moveRefusal, moveStrandedHere } from '../../../../renderer/src/data/stranded';
import { createSyncEngine } from '../../../../renderer/src/sync/engine';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { createFakeDesk, manualTimers } from '../../../support/fake-desk';
import { seedComplaint } from '../../../support/desk-db';
import { TEST_DATA_KEY } from '../../../support/data-key';

let n = 0;
/** A live destination no other test uses (a loopback port, as the browser host saves). */
const uniqueLive = (): Destination => liveDestination(`http://127.0.0.1:${41000 + ++n}`);
const opened: DeskDatabase[] = [];

async function open(destination: Destination): Promise<DeskDatabase> {
  const db = destinationDatabase(destination, TEST_DATA_KEY);
  await prepareDestinationDatabase(db);
  opened.push(db);
  return db;
}

let journalDir: string | undefined;
let journal: Journal | undefined;

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
  await journal?.close();
  journal = undefined;
  if (journalDir) rmSync(journalDir, { recursive: true, force: true });
  journalDir = undefined;
});

/** Main's journal of unsent work, written straight by the databases attached to it. */
async function mainJournal(): Promise<Journal> {
  journalDir = mkdtempSync(join(tmpdir(), 'desk-stranded-journal-'));
  const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
  journal = await openJournal({ path: join(journalDir, 'unsent-work.journal'), dataKey: async () => TEST_DATA_KEY, log: quiet });
  return journal;
}

function attach(db: DeskDatabase, to: Journal): void {
  attachJournal(db, (records) => to.append(records));
}

/** A destination that will never come back, with changes waiting in it (A: new → open → wait, B: new → resolve). */
async function strandedIn(from: Destination, journaledIn?: Journal): Promise<DeskDatabase> {
  const old = await open(from);
  if (journaledIn) attach(old, journaledIn);
  await seedComplaint(old, 'A', 'new');
  await seedComplaint(old, 'B', 'new');
  await changeStatus(old, 'A', 'open', 10);
  await changeStatus(old, 'A', 'wait', 20);
  await changeStatus(old, 'B', 'resolve', 30);
  old.close();
  return old;
}

describe('stranded work', () => {
  it('never demo → live, never to demo', () => {
    const live = liveDestination('https://api.example.com');
    expect(moveRefusal(DEMO_DESTINATION, live)).toBe('demo-to-live');
    expect(moveRefusal(live, DEMO_DESTINATION)).toBe('not-an-account');
    expect(moveRefusal(live, live)).toBe('same-destination');
    expect(moveRefusal(live, liveDestination('https://api2.example.com'))).toBeNull();
  });

  it('demo changes are refused, and nothing moves', async () => {
    await strandedIn(DEMO_DESTINATION);
    const here = await open(uniqueLive());
    const waiting = await readWaitingElsewhere(here.destination, TEST_DATA_KEY);
    const demo = waiting.find((w) => w.destination === DEMO_DESTINATION);
    const result = await moveStrandedHere(DEMO_DESTINATION, here, demo?.entries.map((e) => e.seq!) ?? [1, 2, 3]);
    expect(result).toEqual({ ok: false, error: 'demo-to-live' });
    expect(await here.outbox.count()).toBe(0);
    const demoDb = await open(DEMO_DESTINATION);
    expect(await demoDb.outbox.where('state').equals('queued').count()).toBe(3);
  });

  it('sent to this account: copied here in order with their bases, closed there; a move cut short is never copied twice', async () => {
    const from = uniqueLive();
    await strandedIn(from);
    const here = await open(uniqueLive());
    const [group] = await readWaitingElsewhere(here.destination, TEST_DATA_KEY).then((w) => w.filter((g) => g.destination === from));
    const seqs = group!.entries.map((e) => e.seq!);
    expect(await moveStrandedHere(from, here, seqs, 1000)).toEqual({ ok: true, value: 3 });
    const copied = await here.outbox.orderBy('seq').toArray();
    expect(copied.map((e) => [e.complaintId, e.baseStatus, e.targetStatus, e.state, e.destination])).toEqual([
      ['A', 'new', 'open', 'queued', here.destination],
      ['A', 'open', 'wait', 'queued', here.destination],
      ['B', 'new', 'resolve', 'queued', here.destination],
    ]);
    expect(await here.complaints.get('A')).toMatchObject({ pendingStatus: 'wait', pendingCount: 2 });
    expect((await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from)).toEqual([]);

    // Cut short: the originals were never closed. The next move closes them and copies nothing again.
    const old = await open(from);
    await old.outbox.toCollection().modify({ state: 'queued', resolution: null });
    old.close();
    expect(await moveStrandedHere(from, here, seqs, 2000)).toEqual({ ok: true, value: 3 });
    expect(await here.outbox.count()).toBe(3);
  });

  it('discarded: named ones only, kept as history there, no longer waiting', async () => {
    const from = uniqueLive();
    await strandedIn(from);
    const here = await open(uniqueLive());
    const [group] = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from);
    const b = group!.entries.find((e) => e.complaintId === 'B')!;
    expect(await discardStranded(from, here, [b.seq!])).toBe(1);
    const [after] = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from);
    expect(after!.entries.map((e) => e.complaintId)).toEqual(['A', 'A']);
    const old = await open(from);
    expect(await old.outbox.get(b.seq!)).toMatchObject({ state: 'discarded', resolution: 'discarded' });
    expect(await old.complaints.get('B')).toMatchObject({ pendingStatus: null, pendingCount: 0 });
  });

  it('a moved change goes through the same conflict check as any change', async () => {
    const from = uniqueLive();
    await strandedIn(from);
    const here = await open(uniqueLive());
    const [group] = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from);
    await moveStrandedHere(from, here, group!.entries.map((e) => e.seq!));
    // On this account, someone already moved A to "reject": A's change is a conflict; B's goes.
    const fake = createFakeDesk({ A: 'reject', B: 'new' });
    const engine = createSyncEngine({
      db: here,
      desk: fake.desk,
      getSettings: () => ({ conflictCheck: true, syncConcurrency: 2 }),
      timers: manualTimers(),
      locks: createLocalLocks(),
      windowTarget: null,
    });
    await engine.start();
    try {
      await engine.syncNow();
      expect(fake.applied).toEqual([{ complaintId: 'B', status: 'resolve' }]);
      const states = (await here.outbox.orderBy('seq').toArray()).map((e) => [e.complaintId, e.state]);
      expect(states).toEqual([['A', 'conflict'], ['A', 'queued'], ['B', 'sent']]);
    } finally {
      await engine.stop();
    }
  });

  it('a move is journaled: the copies as this account\'s unsent work, the originals as gone from theirs', async () => {
    const j = await mainJournal();
    const from = uniqueLive();
    await strandedIn(from, j);
    expect((await j.unsent(from)).entries).toHaveLength(3);
    const here = await open(uniqueLive());
    attach(here, j);
    const [group] = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from);
    expect(await moveStrandedHere(from, here, group!.entries.map((e) => e.seq!), 1000)).toEqual({ ok: true, value: 3 });

    // Were either database lost now, the journal restores the copies here and never the originals.
    expect((await j.unsent(from)).entries).toEqual([]);
    const copies = (await j.unsent(here.destination)).entries;
    expect(copies.map((e) => [e.destination, e.complaintId, e.baseStatus, e.targetStatus, e.state])).toEqual([
      [here.destination, 'A', 'new', 'open', 'queued'],
      [here.destination, 'A', 'open', 'wait', 'queued'],
      [here.destination, 'B', 'new', 'resolve', 'queued'],
    ]);
    expect(copies.map((e) => e.seq)).toEqual((await here.outbox.orderBy('seq').primaryKeys()));
  });

  it('a discard is journaled as gone from the other account: a later restore never brings it back', async () => {
    const j = await mainJournal();
    const from = uniqueLive();
    await strandedIn(from, j);
    const here = await open(uniqueLive());
    attach(here, j);
    const [group] = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).filter((g) => g.destination === from);
    const b = group!.entries.find((e) => e.complaintId === 'B')!;
    expect(await discardStranded(from, here, [b.seq!])).toBe(1);
    const left = (await j.unsent(from)).entries;
    expect(left.map((e) => [e.complaintId, e.targetStatus])).toEqual([['A', 'open'], ['A', 'wait']]);
    expect((await j.unsent(here.destination)).entries).toEqual([]);
  });

  it('an entry of a kind this release does not know is never moved as a status change', async () => {
    const from = uniqueLive();
    await strandedIn(from);
    const old = await open(from);
    const [first] = await old.outbox.orderBy('seq').toArray();
    await old.outbox.update(first!.seq!, { kind: 'merge' as never });
    old.close();
    const here = await open(uniqueLive());
    const seqs = (await readWaitingElsewhere(here.destination, TEST_DATA_KEY)).find((g) => g.destination === from)!.entries.map((e) => e.seq!);
    expect(seqs).toContain(first!.seq);
    expect(await moveStrandedHere(from, here, seqs, 1000)).toEqual({ ok: true, value: 2 });
    expect((await here.outbox.orderBy('seq').toArray()).map((e) => [e.complaintId, e.targetStatus])).toEqual([['A', 'wait'], ['B', 'resolve']]);
    const kept = await open(from);
    expect(await kept.outbox.get(first!.seq!)).toMatchObject({ state: 'queued', kind: 'merge' });
  });
});
