/**
 * Stranded work has a way out: changes waiting for an account that never comes back can be
 * discarded, or sent to the account configured now (never demo → live, never twice, and
 * through the same conflict check as any change).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_DESTINATION, liveDestination, type Destination } from '../../../../common/destination';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { destinationDatabase, prepareDestinationDatabase, readWaitingElsewhere } from '../../../../renderer/src/data/destinations';
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

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A destination that will never come back, with changes waiting in it (A: new → open → wait, B: new → resolve). */
async function strandedIn(from: Destination): Promise<DeskDatabase> {
  const old = await open(from);
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
    expect(await discardStranded(from, [b.seq!], TEST_DATA_KEY)).toBe(1);
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
});
