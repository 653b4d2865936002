import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskError } from '../../../../common/errors';
import type { DeskApi } from '../../../../common/ipc-contract';
import { err, ok } from '../../../../common/result';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { addComplaints, refreshAll, refreshComplaint, removeComplaint, removeComplaints } from '../../../../renderer/src/data/worklist';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { detailOf, freshDb, seedComplaint } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

type GetComplaint = Pick<DeskApi, 'getComplaint'>;
const deskAnswering = (answer: (id: string) => Awaited<ReturnType<DeskApi['getComplaint']>>): GetComplaint => ({
  getComplaint: async ({ id }) => answer(id),
});
const failure = (kind: DeskError['kind']) => err({ kind, message: kind });

describe('worklist', () => {
  it('addComplaints adds new ids, reports those already there', async () => {
    db = freshDb();
    expect(await addComplaints(db, ['A', 'B'], 10)).toEqual({ added: ['A', 'B'], alreadyThere: [] });
    expect(await addComplaints(db, ['B', 'C', 'C'], 20)).toEqual({ added: ['C'], alreadyThere: ['B'] });
    expect(await db.complaints.get('C')).toMatchObject({ addedAt: 20, existsOnServer: null, serverStatus: null, pendingCount: 0 });
  });

  it('addComplaints takes a long list in steps: every new id added once, those already there reported, in order', async () => {
    db = freshDb();
    const ids = Array.from({ length: 650 }, (_, i) => `L${String(i).padStart(4, '0')}`);
    await addComplaints(db, ids.slice(300, 310), 5);
    const report = await addComplaints(db, [...ids, ids[0]!], 10);
    expect(report.alreadyThere).toEqual(ids.slice(300, 310));
    expect(report.added).toEqual([...ids.slice(0, 300), ...ids.slice(310)]);
    expect(await db.complaints.count()).toBe(650);
    expect(await db.complaints.get('L0400')).toMatchObject({ addedAt: 10 });
  });

  it('removeComplaint is refused while changes are unsent, allowed after', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', 'new');
    await changeStatus(db, 'A', 'open');
    await changeStatus(db, 'A', 'wait');
    expect(await removeComplaint(db, 'A')).toEqual({ ok: false, error: { reason: 'unsent-changes', pending: 2 } });
    expect(await db.complaints.get('A')).toBeDefined();
    await db.outbox.toCollection().modify({ state: 'sent' });
    expect(await removeComplaint(db, 'A')).toEqual({ ok: true, value: undefined });
    expect(await db.complaints.get('A')).toBeUndefined();
  });

  it('refreshComplaint stores detail and status, never clobbering the pending status', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', 'new', 1);
    await changeStatus(db, 'A', 'open', 2);
    await refreshComplaint(db, deskAnswering((id) => ok(detailOf(id, 'wait'))), 'A', () => 50);
    expect(await db.complaints.get('A')).toMatchObject({
      serverStatus: 'wait',
      pendingStatus: 'open',
      pendingCount: 1,
      existsOnServer: true,
      fetchedAt: 50,
      fetchError: null,
      lastChangeAt: 50,
    });
  });

  it('not-found marks the complaint as gone but keeps it and its detail', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', null);
    await refreshComplaint(db, deskAnswering((id) => ok(detailOf(id, 'open'))), 'A');
    await refreshComplaint(db, deskAnswering(() => failure('not-found')), 'A');
    expect(await db.complaints.get('A')).toMatchObject({ existsOnServer: false, serverStatus: 'open', detail: { status: 'open' } });
  });

  it('other errors are stored; the previous detail stays', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', null);
    await refreshComplaint(db, deskAnswering((id) => ok(detailOf(id, 'open'))), 'A', () => 7);
    await refreshComplaint(db, deskAnswering(() => failure('server')), 'A', () => 9);
    expect(await db.complaints.get('A')).toMatchObject({ existsOnServer: true, fetchError: { kind: 'server' }, fetchedAt: 7, detail: { status: 'open' } });
  });

  it('a complaint removed while its detail was loading is not re-added', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', null);
    await refreshComplaint(db, { getComplaint: async ({ id }) => { await db.complaints.delete(id); return ok(detailOf(id, 'open')); } }, 'A');
    expect(await db.complaints.get('A')).toBeUndefined();
  });

  it('refreshAll refreshes everything with bounded concurrency, stopping at a rate limit', async () => {
    db = freshDb();
    await addComplaints(db, ['A', 'B', 'C', 'D', 'E', 'F']);
    let running = 0;
    let peak = 0;
    const desk: GetComplaint = {
      getComplaint: async ({ id }) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return id === 'C' ? failure('not-found') : ok(detailOf(id, 'open'));
      },
    };
    expect(await refreshAll(db, desk, { concurrency: 2 })).toEqual({ refreshed: 5, notFound: 1, failed: 0, stoppedBy: null });
    expect(peak).toBe(2);
    const limited = await refreshAll(db, deskAnswering(() => failure('rate-limited')), { concurrency: 1 });
    expect(limited.failed).toBe(1);
    expect(limited.stoppedBy?.kind).toBe('rate-limited');
  });

  it('refreshAll: only the rows the filter picks, oldest fetch first, at most `limit`, while mayContinue allows', async () => {
    db = freshDb();
    await addComplaints(db, ['A', 'B', 'C', 'D', 'E']);
    await db.complaints.update('A', { fetchedAt: 30 });
    await db.complaints.update('B', { fetchedAt: 10 });
    await db.complaints.update('C', { fetchedAt: 20 });
    await db.complaints.update('E', { fetchedAt: 5, existsOnServer: false });
    const asked: string[] = [];
    const desk = deskAnswering((id) => {
      asked.push(id);
      return ok(detailOf(id, 'open'));
    });
    const report = await refreshAll(db, desk, { concurrency: 1, filter: (r) => r.existsOnServer !== false, limit: 3 });
    expect(report).toEqual({ refreshed: 3, notFound: 0, failed: 0, stoppedBy: null });
    expect(asked).toEqual(['D', 'B', 'C']); // D never fetched: first; E filtered out; A over the limit

    asked.length = 0;
    let allowed = 2;
    const gated = await refreshAll(db, desk, { concurrency: 1, mayContinue: async () => allowed-- > 0 });
    expect(gated.refreshed).toBe(2);
    expect(asked).toHaveLength(2);
  });
});

describe('removeComplaints (#13, finding 5)', () => {
  it('removes many in one go and keeps, by name, those with unsent changes', async () => {
    db = freshDb();
    for (const id of ['A', 'B', 'C', 'D']) await seedComplaint(db, id, 'new');
    await changeStatus(db, 'C', 'open', 500);
    const report = await removeComplaints(db, ['A', 'B', 'C', 'B']);
    expect(report).toEqual({ removed: ['A', 'B'], refused: [{ id: 'C', pending: 1 }] });
    expect((await db.complaints.toCollection().primaryKeys()).sort()).toEqual(['C', 'D']);
    expect(await db.outbox.count()).toBe(1);
  });
});
