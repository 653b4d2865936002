/**
 * Complaints filed in the app (issue 16): the create entry, the remap from the local
 * reference to BizKitHub's ID, and the uncertain answer that is never resent by itself.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { CreateComplaintRequest } from '../../../../common/api-schemas';
import { isLocalRef } from '../../../../common/new-complaint';
import { isLocalOnly, type DeskDatabase } from '../../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import { refreshComplaint } from '../../../../renderer/src/data/worklist';
import type { SyncEngine } from '../../../../renderer/src/sync/engine';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import {
  createAgain,
  discardNewComplaint,
  editFiledComplaint,
  fileComplaint,
  findComplaint,
  linkExisting,
} from '../../../../renderer/src/data/new-complaints';
import { cancelEntry, changeStatus } from '../../../../renderer/src/data/outbox';
import { exportOutbox } from '../../../../renderer/src/data/outbox-export';
import { createFakeDesk, type FakeDesk } from '../../../support/fake-desk';
import { useEngineHarness } from '../../../support/engine-harness';

const h = useEngineHarness(2_000_000);
const { clock } = h;
let db: DeskDatabase;
const REQUEST: CreateComplaintRequest = {
  variantCode: 'reklamace',
  description: 'Rozbitý displej 📱 po týdnu',
  customerName: 'Jana Nováková',
  orderNumber: 'OBJ-77',
  email: 'jana@example.cz',
  refundBankAccount: '123456789/0800',
};

function engineFor(fake: FakeDesk, locks = createLocalLocks()): SyncEngine {
  return h.engine(fake, { locks });
}

async function setup(): Promise<FakeDesk> {
  db = h.openDb();
  return createFakeDesk({});
}

const entries = (): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();

describe('filing a complaint', () => {
  it('writes the row and the create entry at once, under a local reference, pending', async () => {
    await setup();
    const { localRef, seq } = await fileComplaint(db, REQUEST, clock.t);
    expect(isLocalRef(localRef)).toBe(true);
    const row = await db.complaints.get(localRef);
    expect(row && isLocalOnly(row)).toBe(true);
    expect(row).toMatchObject({ pendingStatus: 'new', pendingCount: 1, draft: REQUEST, existsOnServer: null });
    expect(await db.outbox.get(seq)).toMatchObject({ kind: 'create', complaintId: localRef, state: 'queued', create: REQUEST });
    // Found by the search like a downloaded complaint.
    expect(row?.searchWords).toEqual(expect.arrayContaining(['novakova', 'obj-77']));
  });

  it('queues status changes behind the create; a status choice never cancels or replaces the create', async () => {
    await setup();
    const { localRef } = await fileComplaint(db, REQUEST, clock.t);
    expect(await changeStatus(db, localRef, 'open', clock.t)).toMatchObject({ kind: 'queued' });
    const [create, change] = await entries();
    expect(create).toMatchObject({ kind: 'create', state: 'queued' });
    expect(change).toMatchObject({ complaintId: localRef, baseStatus: 'new', targetStatus: 'open' });
    expect(await cancelEntry(db, create!.seq!)).toMatchObject({ ok: false, error: { reason: 'wrong-state' } });
  });

  it('the refresher and the detail view never ask BizKitHub about a local reference', async () => {
    const fake = await setup();
    const { localRef } = await fileComplaint(db, REQUEST, clock.t);
    expect(await refreshComplaint(db, fake.desk, localRef)).toMatchObject({ ok: false });
    expect(fake.calls).toEqual([]);
    expect(await db.complaints.get(localRef)).toMatchObject({ existsOnServer: null, fetchError: null });
  });
});

describe('sending a filed complaint', () => {
  it('creates once, then the changes behind it go under the new ID, in order; the reference still finds it', async () => {
    const fake = await setup();
    const { localRef } = await fileComplaint(db, REQUEST, clock.t);
    await changeStatus(db, localRef, 'open', clock.t);
    await changeStatus(db, localRef, 'resolve', clock.t);
    const engine = engineFor(fake);
    await engine.start();
    const report = await engine.syncNow();
    expect(report).toMatchObject({ sent: 3, uncertain: 0, failed: 0 });
    expect(fake.created).toHaveLength(1);
    const id = fake.created[0]!.id;
    expect(fake.calls.map((c) => c.method)).toEqual(['create', 'set', 'set']);
    expect(fake.applied).toEqual([
      { complaintId: id, status: 'open' },
      { complaintId: id, status: 'resolve' },
    ]);
    expect(await db.complaints.get(localRef)).toBeUndefined();
    const row = await findComplaint(db, localRef);
    expect(row).toMatchObject({ id, localRef, serverStatus: 'resolve', pendingCount: 0 });
    expect((await entries()).every((e) => e.complaintId === id && e.localRef === localRef && e.state === 'sent')).toBe(true);
  });

  it('an answer lost after the complaint was made: uncertain, never created twice, however many flushes', async () => {
    const fake = await setup();
    const { localRef, seq } = await fileComplaint(db, REQUEST, clock.t);
    await changeStatus(db, localRef, 'open', clock.t);
    fake.createFaults.push('apply-then-drop');
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ uncertain: 1, sent: 0 });
    clock.t += 3_600_000;
    await engine.syncNow();
    await engine.syncNow();
    expect(fake.created).toHaveLength(1);
    expect(fake.applied).toEqual([]);
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'uncertain', lastError: { kind: 'unknown-outcome' } });
    expect(await db.complaints.get(localRef)).toMatchObject({ pendingCount: 2 });
    // The change behind it waits, still under the reference.
    expect((await entries())[1]).toMatchObject({ complaintId: localRef, state: 'queued' });
  });

  it('a 5xx is uncertain too (it may come after the complaint was made); 4xx with a code fails; offline retries', async () => {
    const fake = await setup();
    const a = await fileComplaint(db, { ...REQUEST, customerName: 'A' }, clock.t);
    fake.createFaults.push('server');
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ uncertain: 1 });
    expect(await db.outbox.get(a.seq)).toMatchObject({ state: 'uncertain', lastError: { kind: 'server' } });

    const b = await fileComplaint(db, { ...REQUEST, customerName: 'B' }, clock.t);
    fake.createFaults.push('invalid');
    await engine.syncNow();
    expect(await db.outbox.get(b.seq)).toMatchObject({ state: 'failed', lastError: { kind: 'invalid' } });

    const c = await fileComplaint(db, { ...REQUEST, customerName: 'C' }, clock.t);
    fake.createFaults.push('network');
    await engine.syncNow();
    expect(await db.outbox.get(c.seq)).toMatchObject({ state: 'queued', attempts: 1 });
    clock.t += 3_600_000;
    await engine.syncNow();
    expect(await db.outbox.get(c.seq)).toMatchObject({ state: 'sent' });
    expect(fake.created.map((x) => x.customerName)).toEqual(['C']);
  });

  /** Files a complaint with a change behind it; the create reaches BizKitHub but its answer never lands in this window. */
  async function windowDiesWhileCreating(fake: FakeDesk, locks: ReturnType<typeof createLocalLocks>) {
    const { localRef, seq } = await fileComplaint(db, REQUEST, clock.t);
    await changeStatus(db, localRef, 'wait', clock.t);
    let release = (): void => {};
    fake.gate = new Promise<void>((resolve) => (release = resolve));
    const first = engineFor(fake, locks);
    await first.start();
    const flushing = first.syncNow();
    await new Promise((r) => setTimeout(r, 30));
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'sending' });
    await first.stop();
    release();
    await flushing;
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.created).toHaveLength(1); // it was made on the server
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'sending' }); // the answer never landed
    return { localRef, seq };
  }

  it('a window reload between the answer and the remap: main still knows the outcome; no duplicate, no question', async () => {
    const fake = await setup();
    const locks = createLocalLocks();
    const { localRef, seq } = await windowDiesWhileCreating(fake, locks);
    const second = engineFor(fake, locks);
    await second.start();
    await second.syncNow();
    const id = fake.created[0]!.id;
    expect(fake.created).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'create')).toHaveLength(1);
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'sent', complaintId: id, localRef });
    expect(fake.applied).toEqual([{ complaintId: id, status: 'wait' }]);
  });

  it('an app restart between the answer and the remap: uncertain, then linking neither duplicates nor orphans', async () => {
    const fake = await setup();
    const locks = createLocalLocks();
    const { localRef, seq } = await windowDiesWhileCreating(fake, locks);
    fake.forgetCreates(); // main restarted with the window

    const second = engineFor(fake, locks);
    await second.start();
    await second.syncNow();
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'uncertain', lastError: { kind: 'unknown-outcome' } });
    expect(fake.created).toHaveLength(1);

    const id = fake.created[0]!.id;
    const linked = await linkExisting(db, fake.desk, seq, ` ${id} `, () => clock.t);
    expect(linked).toEqual({ ok: true, value: { id } });
    await second.syncNow();
    expect(fake.created).toHaveLength(1);
    expect(fake.applied).toEqual([{ complaintId: id, status: 'wait' }]);
    const all = await entries();
    expect(all.map((e) => [e.complaintId, e.state, e.resolution])).toEqual([
      [id, 'sent', 'linked'],
      [id, 'sent', 'sent'],
    ]);
    expect(await db.complaints.count()).toBe(1);
    expect(await db.complaints.get(id)).toMatchObject({ localRef, serverStatus: 'wait', pendingCount: 0 });
  });

  it('main sends one create per reference: a second send while the first is in flight joins it', async () => {
    const fake = await setup();
    const ref = 'local-abcdefghij';
    const request = { request: REQUEST, destination: 'demo', ref };
    const [a, b] = await Promise.all([fake.desk.createComplaint(request), fake.desk.createComplaint(request)]);
    expect(a).toEqual(b);
    expect(fake.created).toHaveLength(1);
    // After a success too; after a failure it is sent again (the agent's "Create it again").
    expect(await fake.desk.createComplaint(request)).toEqual(a);
    fake.createFaults.push('server');
    const other = { ...request, ref: 'local-bcdefghijk' };
    expect(await fake.desk.createComplaint(other)).toMatchObject({ ok: false });
    expect(await fake.desk.createComplaint({ ...other, resume: true })).toMatchObject({ ok: false, error: { kind: 'server' } });
    expect(await fake.desk.createComplaint(other)).toMatchObject({ ok: true });
    expect(await fake.desk.createComplaint({ ...request, ref: 'local-cdefghijkm', resume: true })).toMatchObject({
      ok: false,
      error: { kind: 'unknown-outcome' },
    });
    expect(fake.created).toHaveLength(2);
  });

  it('linking refuses another complaint (customer or order differs) and a malformed ID, and changes nothing', async () => {
    const fake = await setup();
    const { localRef, seq } = await fileComplaint(db, REQUEST, clock.t);
    fake.createFaults.push('apply-then-server');
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    fake.statuses.set('OTHER-1', 'open');
    fake.created.push({ id: 'OTHER-1', customerName: 'Jana Nováková', orderNumber: 'OBJ-78' });
    expect(await linkExisting(db, fake.desk, seq, 'OTHER-1')).toMatchObject({
      ok: false,
      error: { reason: 'mismatch', mismatches: [{ field: 'orderNumber', server: 'OBJ-78' }] },
    });
    expect(await linkExisting(db, fake.desk, seq, 'two words')).toMatchObject({ ok: false, error: { reason: 'bad-id' } });
    expect(await linkExisting(db, fake.desk, seq, 'NOPE')).toMatchObject({ ok: false, error: { reason: 'fetch', error: { kind: 'not-found' } } });
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'uncertain', complaintId: localRef });
    expect(await db.complaints.get(localRef)).toBeDefined();
    // Case and spacing aside, the right one links.
    expect(await linkExisting(db, fake.desk, seq, 'srv-1')).toMatchObject({ ok: true });
  });

  it('"Create it again" sends it once more, by the agent’s decision only', async () => {
    const fake = await setup();
    const { seq } = await fileComplaint(db, REQUEST, clock.t);
    fake.createFaults.push('unknown-outcome');
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    expect(fake.created).toHaveLength(0);
    expect(await createAgain(db, seq, clock.t)).toMatchObject({ ok: true });
    await engine.syncNow();
    expect(fake.created).toHaveLength(1);
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'sent' });
    expect(await createAgain(db, seq, clock.t)).toMatchObject({ ok: false, error: { reason: 'wrong-state', state: 'sent' } });
  });

  it('a refused create can be corrected and sent again; an uncertain one cannot (it may exist)', async () => {
    const fake = await setup();
    const { localRef, seq } = await fileComplaint(db, { ...REQUEST, variantCode: 'typo' }, clock.t);
    await changeStatus(db, localRef, 'open', clock.t);
    fake.createFaults.push('invalid');
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'failed' });
    expect(await editFiledComplaint(db, seq, REQUEST, clock.t)).toEqual({ ok: true, value: { localRef } });
    expect(await db.complaints.get(localRef)).toMatchObject({ draft: REQUEST });
    await engine.syncNow();
    expect(fake.created).toHaveLength(1);
    expect(fake.applied).toEqual([{ complaintId: fake.created[0]!.id, status: 'open' }]);

    const other = await fileComplaint(db, { ...REQUEST, customerName: 'B' }, clock.t);
    fake.createFaults.push('unknown-outcome');
    await engine.syncNow();
    expect(await editFiledComplaint(db, other.seq, REQUEST, clock.t)).toMatchObject({
      ok: false,
      error: { reason: 'wrong-state', state: 'uncertain' },
    });
  });

  it('discarding a complaint never created drops its changes and its row; nothing is sent', async () => {
    const fake = await setup();
    const { localRef, seq } = await fileComplaint(db, REQUEST, clock.t);
    await changeStatus(db, localRef, 'open', clock.t);
    expect(await discardNewComplaint(db, seq, clock.t)).toMatchObject({ ok: true });
    expect(await db.complaints.get(localRef)).toBeUndefined();
    expect((await entries()).map((e) => e.state)).toEqual(['discarded', 'discarded']);
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    expect(fake.calls).toEqual([]);
  });

  it('creates wait for the destination they were filed for', async () => {
    const fake = await setup();
    const { seq } = await fileComplaint(db, REQUEST, clock.t);
    await db.outbox.update(seq, { destination: 'live:https://api.bizkithub.com' });
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    expect(fake.calls).toEqual([]);
    expect(await db.outbox.get(seq)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('the support export names the create but never what was filed (personal data)', async () => {
    await setup();
    await fileComplaint(db, REQUEST, clock.t);
    const text = JSON.stringify(await exportOutbox(db, clock.t));
    expect(text).toContain('"kind":"create"');
    for (const secret of ['Nováková', 'jana@example.cz', '123456789/0800', 'Rozbitý', 'OBJ-77']) expect(text).not.toContain(secret);
  });
});
