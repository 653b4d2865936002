import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import { cancelEntry, changeStatus, discardEntry, resolveConflict, retryEntry } from '../../../../renderer/src/data/outbox';
import { exportOutbox } from '../../../../renderer/src/data/outbox-export';
import { livePendingCount, liveUnsent } from '../../../../renderer/src/data/outbox-queries';
import { pruneHistory } from '../../../../renderer/src/data/prune';
import { freshDb, seedComplaint, waitFor } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

async function entries(): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').toArray();
}
async function complaint(id = 'A1') {
  const row = await db.complaints.get(id);
  if (!row) throw new Error('missing');
  return row;
}

describe('changeStatus', () => {
  it('queues an entry and updates the complaint in one go', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const r = await changeStatus(db, 'A1', 'open', 500);
    expect(r.kind).toBe('queued');
    const [e] = await entries();
    expect(e).toMatchObject({ complaintId: 'A1', targetStatus: 'open', baseStatus: 'new', state: 'queued', attempts: 0, nextAttemptAt: 0, createdAt: 500 });
    expect(await complaint()).toMatchObject({ serverStatus: 'new', pendingStatus: 'open', pendingCount: 1, lastChangeAt: 500 });
  });

  it('holdMs: the new entry waits until now + holdMs (an undo window); default and bad values mean no hold', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await seedComplaint(db, 'B1', 'new');
    await seedComplaint(db, 'C1', 'new');
    await changeStatus(db, 'A1', 'open', 500, { holdMs: 4000 });
    await changeStatus(db, 'B1', 'open', 500, { holdMs: -5 });
    await changeStatus(db, 'C1', 'open', 500, { holdMs: Number.NaN });
    expect((await entries()).map((e) => [e.complaintId, e.state, e.nextAttemptAt])).toEqual([
      ['A1', 'queued', 4500],
      ['B1', 'queued', 0],
      ['C1', 'queued', 0],
    ]);
    // Pending at once, whatever the hold.
    expect(await complaint()).toMatchObject({ pendingStatus: 'open', pendingCount: 1, lastChangeAt: 500 });
    // Going back within the window cancels the held change: nothing left to send.
    expect((await changeStatus(db, 'A1', 'new', 600, { holdMs: 4000 })).kind).toBe('cancelled');
    expect((await entries()).map((e) => e.complaintId)).toEqual(['B1', 'C1']);
  });

  it('chains: the base of a second change is the pending status the agent saw', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open');
    await changeStatus(db, 'A1', 'wait');
    expect((await entries()).map((e) => [e.baseStatus, e.targetStatus])).toEqual([['new', 'open'], ['open', 'wait']]);
    expect(await complaint()).toMatchObject({ pendingStatus: 'wait', pendingCount: 2 });
  });

  it('open→new before syncing sends nothing (the queued change is cancelled)', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const q = await changeStatus(db, 'A1', 'open');
    const c = await changeStatus(db, 'A1', 'new', 900);
    expect(c).toEqual({ kind: 'cancelled', seq: q.kind === 'queued' ? q.seq : -1 });
    expect(await entries()).toEqual([]);
    expect(await complaint()).toMatchObject({ pendingStatus: null, pendingCount: 0, serverStatus: 'new', lastChangeAt: 900 });
  });

  it('cancels only the newest change of a chain', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open');
    await changeStatus(db, 'A1', 'wait');
    expect((await changeStatus(db, 'A1', 'open')).kind).toBe('cancelled');
    expect((await entries()).map((e) => e.targetStatus)).toEqual(['open']);
    expect(await complaint()).toMatchObject({ pendingStatus: 'open', pendingCount: 1 });
  });

  it('does not cancel a change already being sent: it queues the way back instead', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const q = await changeStatus(db, 'A1', 'open');
    if (q.kind !== 'queued') throw new Error();
    await db.outbox.update(q.seq, { state: 'sending' });
    const back = await changeStatus(db, 'A1', 'new');
    expect(back.kind).toBe('queued');
    expect((await entries()).map((e) => [e.state, e.baseStatus, e.targetStatus])).toEqual([
      ['sending', 'new', 'open'],
      ['queued', 'open', 'new'],
    ]);
  });

  it('the status it already shows → unchanged, nothing written', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    expect(await changeStatus(db, 'A1', 'new')).toEqual({ kind: 'unchanged' });
    await changeStatus(db, 'A1', 'open');
    expect(await changeStatus(db, 'A1', 'open')).toEqual({ kind: 'unchanged' });
    expect(await entries()).toHaveLength(1);
  });

  it('a complaint never fetched: base null', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', null);
    await changeStatus(db, 'A1', 'open');
    expect((await entries())[0]?.baseStatus).toBeNull();
  });

  it('refuses a complaint that is not in the worklist, writing nothing', async () => {
    db = freshDb();
    await expect(changeStatus(db, 'nope', 'open')).rejects.toThrow(/not in the worklist/);
    expect(await entries()).toEqual([]);
  });

  it('keeps sequence order by seq even when the device clock goes backwards', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open', 5000);
    await changeStatus(db, 'A1', 'wait', 10);
    expect((await entries()).map((e) => e.targetStatus)).toEqual(['open', 'wait']);
    expect((await complaint()).pendingStatus).toBe('wait');
  });
});

describe('cancel, retry, discard, resolve', () => {
  async function queued(status: Parameters<typeof changeStatus>[2], id = 'A1'): Promise<number> {
    const r = await changeStatus(db, id, status);
    if (r.kind !== 'queued') throw new Error(r.kind);
    return r.seq;
  }

  it('cancelEntry deletes queued/failed/conflict entries and recomputes the complaint', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    expect(await cancelEntry(db, s1)).toEqual({ ok: true, value: undefined });
    expect(await entries()).toEqual([]);
    expect(await complaint()).toMatchObject({ pendingStatus: null, pendingCount: 0 });
  });

  it.each(['sending', 'needs-check', 'sent', 'discarded'] as const)('cancelEntry refuses a %s entry', async (state) => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    await db.outbox.update(s1, { state });
    expect(await cancelEntry(db, s1)).toEqual({ ok: false, error: { reason: 'wrong-state', state } });
    expect(await entries()).toHaveLength(1);
  });

  it('cancelling the middle of a chain hands its base to the next change', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    await queued('wait');
    await cancelEntry(db, s1);
    expect((await entries()).map((e) => [e.baseStatus, e.targetStatus])).toEqual([['new', 'wait']]);
    expect(await complaint()).toMatchObject({ pendingStatus: 'wait', pendingCount: 1 });
  });

  it('cancelEntry of an unknown seq → not-found', async () => {
    db = freshDb();
    expect(await cancelEntry(db, 42)).toEqual({ ok: false, error: { reason: 'not-found' } });
  });

  it('retryEntry: failed → queued now; other states refused', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    expect((await retryEntry(db, s1)).ok).toBe(false);
    await db.outbox.update(s1, { state: 'failed', attempts: 3, nextAttemptAt: 99, lastError: { kind: 'not-found', message: 'x' } });
    expect((await retryEntry(db, s1)).ok).toBe(true);
    expect((await entries())[0]).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: 0, lastError: null });
  });

  it('discardEntry: failed → discarded, kept in history, no longer pending', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    await db.outbox.update(s1, { state: 'failed' });
    expect((await discardEntry(db, s1)).ok).toBe(true);
    expect((await entries())[0]).toMatchObject({ state: 'discarded', resolution: 'discarded' });
    expect(await complaint()).toMatchObject({ pendingStatus: null, pendingCount: 0 });
  });

  it("resolveConflict 'mine': queued again, based on what the server had", async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    await db.outbox.update(s1, { state: 'conflict', serverStatusSeen: 'reject' });
    expect((await resolveConflict(db, s1, 'mine')).ok).toBe(true);
    expect((await entries())[0]).toMatchObject({ state: 'queued', baseStatus: 'reject', targetStatus: 'open', nextAttemptAt: 0, resolution: 'applied-anyway' });
    expect(await complaint()).toMatchObject({ pendingStatus: 'open', pendingCount: 1 });
  });

  it("resolveConflict 'server': kept-server, the complaint shows the server's status", async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    await db.outbox.update(s1, { state: 'conflict', serverStatusSeen: 'reject', updatedAt: 10 });
    expect((await resolveConflict(db, s1, 'server')).ok).toBe(true);
    expect((await entries())[0]).toMatchObject({ state: 'discarded', resolution: 'kept-server' });
    expect(await complaint()).toMatchObject({ serverStatus: 'reject', pendingStatus: null, pendingCount: 0 });
  });

  it('resolveConflict refuses entries that are not conflicts', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const s1 = await queued('open');
    expect(await resolveConflict(db, s1, 'mine')).toEqual({ ok: false, error: { reason: 'wrong-state', state: 'queued' } });
  });
});

describe('pruneHistory', () => {
  it('deletes only sent/discarded entries older than the cutoff, never unsent ones', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const states = ['sent', 'discarded', 'queued', 'failed', 'conflict', 'needs-check', 'sending', 'sent'] as const;
    for (const [i, state] of states.entries()) {
      await db.outbox.add({
        complaintId: 'A1', targetStatus: 'open', baseStatus: 'new', createdAt: 0, state, attempts: 0, nextAttemptAt: 0,
        lastError: null, updatedAt: i === 7 ? 9_500 : 100, sentAt: null, resolution: null, serverStatusSeen: null,
      });
    }
    expect(await pruneHistory(db, 1000, 10_000)).toBe(2);
    expect((await entries()).map((e) => e.state)).toEqual(['queued', 'failed', 'conflict', 'needs-check', 'sending', 'sent']);
  });
});

describe('exportOutbox', () => {
  it('has ids, statuses and error kinds only: no personal data, no key, no error text', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await db.complaints.update('A1', { detail: { exist: true, id: 'A1', status: 'new', customerName: 'Jana', email: 'jana@example.cz', refund: { bankAccount: '123456789/0100' } } });
    const r = await changeStatus(db, 'A1', 'open');
    if (r.kind !== 'queued') throw new Error();
    const key = 'PROD' + 'a'.repeat(28);
    await db.outbox.update(r.seq, {
      lastError: { kind: 'auth', code: 'PUBLIC_API_KEY_DOES_NOT_EXIST', httpStatus: 401, message: `key ${key} for jana@example.cz` },
    });
    await db.meta.put({ key: 'sync', lastSuccessAt: 1, lastAttemptAt: 2, lastError: { kind: 'network', message: `GET /x?apiKey=${key}` }, pausedReason: 'auth', pausedUntil: null, online: true });
    await seedComplaint(db, `ROOT${'b'.repeat(28)}`, 'new');
    await changeStatus(db, `ROOT${'b'.repeat(28)}`, 'wait');
    const out = await exportOutbox(db, 0);
    const json = JSON.stringify(out);
    expect(json).not.toContain(key);
    expect(json).not.toContain('ROOT' + 'b'.repeat(28));
    expect(json).not.toMatch(/jana|Jana|123456789|apiKey/);
    expect(out.entries[0]).toMatchObject({ complaintId: 'A1', targetStatus: 'open', baseStatus: 'new', state: 'queued', lastError: { kind: 'auth', code: 'PUBLIC_API_KEY_DOES_NOT_EXIST', httpStatus: 401 } });
    expect(out.sync).toMatchObject({ pausedReason: 'auth', lastError: { kind: 'network' } });
    expect(out.counts.queued).toBe(2);
  });
});

describe('live queries', () => {
  it('liveUnsent and livePendingCount follow changes', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const counts: number[] = [];
    const lists: number[] = [];
    const s1 = livePendingCount(db).subscribe((n) => counts.push(n));
    const s2 = liveUnsent(db).subscribe((l) => lists.push(l.length));
    // Polled, not slept: the reads are paced (see paced-query.ts), and a busy machine is slow.
    const settled = (n: number, length: number) => waitFor(`${n} answers`, () => counts.length === n && lists.length === length);
    await settled(1, 1);
    await changeStatus(db, 'A1', 'open');
    await settled(2, 2);
    await changeStatus(db, 'A1', 'new');
    await settled(3, 3);
    await new Promise((r) => setTimeout(r, 50));
    s1.unsubscribe();
    s2.unsubscribe();
    expect(counts).toEqual([0, 1, 0]);
    expect(lists).toEqual([0, 1, 0]);
  });
});

describe('a fumble is not a change (undo hold)', () => {
  const HOLD = 4000;

  it('presses within the hold replace the held change: one entry, the replaced targets recorded, the hold restarted', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    let t = 10_000;
    const results = [];
    for (const status of ['open', 'wait', 'resolve', 'reject', 'closed', 'wait'] as const) {
      results.push(await changeStatus(db, 'A1', status, t, { holdMs: HOLD }));
      t += 150;
    }
    expect(results.map((r) => r.kind)).toEqual(['queued', 'replaced', 'replaced', 'replaced', 'replaced', 'replaced']);
    const all = await entries();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      baseStatus: 'new',
      targetStatus: 'wait',
      replaced: ['open', 'wait', 'resolve', 'reject', 'closed'],
      nextAttemptAt: t - 150 + HOLD,
      destination: 'demo',
    });
    expect(await complaint()).toMatchObject({ pendingStatus: 'wait', pendingCount: 1 });
  });

  it('back to the confirmed status within the hold cancels it; after the hold a new change is separate', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open', 1000, { holdMs: HOLD });
    await changeStatus(db, 'A1', 'wait', 1100, { holdMs: HOLD });
    expect(await changeStatus(db, 'A1', 'new', 1200, { holdMs: HOLD })).toMatchObject({ kind: 'cancelled' });
    expect(await entries()).toEqual([]);
    expect(await complaint()).toMatchObject({ pendingStatus: null, pendingCount: 0 });

    await changeStatus(db, 'A1', 'open', 2000, { holdMs: HOLD });
    // The hold has ended: a separate change, sent after the first, in order.
    expect(await changeStatus(db, 'A1', 'wait', 2000 + HOLD + 1, { holdMs: HOLD })).toMatchObject({ kind: 'queued' });
    expect((await entries()).map((e) => [e.baseStatus, e.targetStatus])).toEqual([
      ['new', 'open'],
      ['open', 'wait'],
    ]);
  });

  it('without a hold (holdMs 0) every change is its own entry, as before', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open', 1000);
    await changeStatus(db, 'A1', 'wait', 1001);
    expect(await entries()).toHaveLength(2);
  });
});

