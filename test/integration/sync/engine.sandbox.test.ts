/**
 * The outbox engine against the real sandbox: every scenario asserts what the server
 * really applied (`appliedChanges`): each change exactly once, in order per complaint,
 * nothing lost.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDeskDatabase } from '../../../renderer/src/data/db';
import { addComplaints, refreshComplaint } from '../../../renderer/src/data/worklist';
import { changeStatus, discardEntry, resolveConflict } from '../../../renderer/src/data/outbox';
import { API_TIMEOUT_MS, appliedStatuses, startHarness, statusOf, waitFor, type Harness } from './harness';
import { TEST_DATA_KEY } from '../../support/data-key';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function allSent(): Promise<boolean> {
  return (await h.entries()).every((e) => e.state === 'sent');
}

describe('sync engine ↔ real services ↔ sandbox', () => {
  it('outage, then recovery: everything queued offline is applied once, in order', async () => {
    h = await startHarness();
    const ids = await h.worklist(3);
    await h.sandbox.setFaults({ outage: true });
    const chains = new Map<string, string[]>();
    for (const [i, id] of ids.entries()) chains.set(id, await h.queueChain(id, i + 1));
    const engine = h.engine();
    await engine.start();
    await waitFor('offline noticed', () => !statusOf(engine).online);
    await waitFor('attempt settled', async () => (await h.entries()).every((e) => e.state !== 'sending'));
    expect(ids.flatMap((id) => appliedStatuses(h.sandbox, id))).toEqual([]);
    expect((await h.entries()).every((e) => e.state === 'queued')).toBe(true);

    await h.sandbox.setFaults({ outage: false });
    await waitFor('all sent after recovery', allSent);
    for (const id of ids) expect(appliedStatuses(h.sandbox, id)).toEqual(chains.get(id));
    await waitFor('status settled', () => statusOf(engine).pending === 0 && !statusOf(engine).syncing);
    expect(statusOf(engine)).toMatchObject({ online: true, pending: 0, lastError: null });
    const row = await h.db.complaints.get(ids[2]!);
    expect(row).toMatchObject({ serverStatus: chains.get(ids[2]!)!.at(-1), pendingStatus: null, pendingCount: 0 });
  });

  it('5xx burst (errorRate 1, then 0): retried with backoff, applied once', async () => {
    h = await startHarness();
    const ids = await h.worklist(2);
    await h.sandbox.setFaults({ errorRate: 1 });
    const a = await h.queueChain(ids[0]!, 2);
    const b = await h.queueChain(ids[1]!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('several failed attempts', async () => (await h.entries()).some((e) => e.attempts >= 2));
    expect(appliedStatuses(h.sandbox, ids[0]!)).toEqual([]);
    expect(statusOf(engine).lastError?.kind).toBe('server');
    await h.sandbox.setFaults({ errorRate: 0 });
    await waitFor('all sent', allSent);
    expect(appliedStatuses(h.sandbox, ids[0]!)).toEqual(a);
    expect(appliedStatuses(h.sandbox, ids[1]!)).toEqual(b);
  });

  it('429 with Retry-After: the whole queue pauses, then resumes by itself', async () => {
    h = await startHarness();
    const ids = await h.worklist(3);
    await h.sandbox.setFaults({ rateLimited: { retryAfterSec: 1 } });
    const chains = await Promise.all(ids.map((id) => h.queueChain(id, 1)));
    const engine = h.engine();
    await engine.start();
    await waitFor('paused', () => statusOf(engine).pausedReason === 'rate-limited');
    const paused = statusOf(engine);
    expect(paused.pausedUntil! - Date.now()).toBeGreaterThan(500);
    expect(paused.pausedUntil! - Date.now()).toBeLessThanOrEqual(1000);
    expect((await engine.syncNow()).skipped).toBe('paused'); // even "Sync now" honours Retry-After
    const limitedRequests = h.sandbox.requests.filter((r) => r.outcome === 'rate-limited').length;
    expect(limitedRequests).toBeLessThanOrEqual(4); // one per lane at most, then nothing until the pause ends
    await h.sandbox.setFaults({ rateLimited: null });
    await waitFor('all sent after the pause', allSent, 5000);
    ids.forEach((id, i) => expect(appliedStatuses(h.sandbox, id)).toEqual(chains[i]));
    expect(statusOf(engine).pausedReason).toBeNull();
  });

  it('applyThenDrop=1: applied, answer lost → needs-check → reconciled: no second timeline event', async () => {
    h = await startHarness();
    const ids = await h.worklist(2);
    const eventsBefore = ids.map((id) => h.sandbox.getComplaint(id)!.events.length);
    await h.sandbox.setFaults({ applyThenDrop: 1 });
    const a = await h.queueChain(ids[0]!, 2);
    const b = await h.queueChain(ids[1]!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('all reconciled', allSent);
    expect(appliedStatuses(h.sandbox, ids[0]!)).toEqual(a);
    expect(appliedStatuses(h.sandbox, ids[1]!)).toEqual(b);
    expect(h.sandbox.getComplaint(ids[0]!)!.events.length).toBe(eventsBefore[0]! + 2);
    expect(h.sandbox.getComplaint(ids[1]!)!.events.length).toBe(eventsBefore[1]! + 1);
    const entries = await h.entries();
    expect(entries.map((e) => e.resolution)).toEqual(['reconciled', 'reconciled', 'reconciled']);
    expect(entries.every((e) => e.attempts === 1)).toBe(true);
  });

  it('the same with the conflict check off: the unknown outcome is still checked, never resent blindly', async () => {
    h = await startHarness();
    h.settings.conflictCheck = false;
    const [id] = await h.worklist(1);
    await h.sandbox.setFaults({ applyThenDrop: 1 });
    const chain = await h.queueChain(id!, 2);
    const engine = h.engine();
    await engine.start();
    await waitFor('all reconciled', allSent);
    expect(appliedStatuses(h.sandbox, id!)).toEqual(chain);
  });

  it("a status changed by staff meanwhile: conflict, not overwritten; 'mine' applies, 'server' keeps", async () => {
    h = await startHarness();
    const [a, b] = await h.worklist(2);
    const [mine] = await h.queueChain(a!, 1);
    const [theirs] = await h.queueChain(b!, 1);
    const staffA = mine === 'closed' ? 'reject' : 'closed';
    const staffB = theirs === 'closed' ? 'reject' : 'closed';
    h.sandbox.setStatusAsStaff(a!, staffA);
    h.sandbox.setStatusAsStaff(b!, staffB);
    const engine = h.engine();
    await engine.start();
    await waitFor('two conflicts', async () => (await h.entries()).every((e) => e.state === 'conflict'));
    expect(appliedStatuses(h.sandbox, a!)).toEqual([]);
    expect(appliedStatuses(h.sandbox, b!)).toEqual([]);
    const [ea, eb] = await h.entries();
    expect(ea).toMatchObject({ serverStatusSeen: staffA, targetStatus: mine });
    expect(await h.db.complaints.get(a!)).toMatchObject({ serverStatus: staffA, pendingStatus: mine, pendingCount: 1 });

    await resolveConflict(h.db, ea!.seq!, 'mine');
    await resolveConflict(h.db, eb!.seq!, 'server');
    engine.notifyChange();
    await waitFor('mine applied', async () => (await h.db.outbox.get(ea!.seq!))?.state === 'sent');
    expect(appliedStatuses(h.sandbox, a!)).toEqual([mine]);
    expect(appliedStatuses(h.sandbox, b!)).toEqual([]);
    expect(h.sandbox.getComplaint(b!)!.status).toBe(staffB);
    expect(await h.db.outbox.get(ea!.seq!)).toMatchObject({ state: 'sent', resolution: 'applied-anyway' });
    expect(await h.db.outbox.get(eb!.seq!)).toMatchObject({ state: 'discarded', resolution: 'kept-server' });
    expect(await h.db.complaints.get(b!)).toMatchObject({ serverStatus: staffB, pendingStatus: null, pendingCount: 0 });
  });

  it('unknown complaint: failed (others go on), then discarded; nothing applied', async () => {
    h = await startHarness();
    const [known] = await h.worklist(1);
    const ghost = 'nosuchcomplaint1';
    await addComplaints(h.db, [ghost]);
    await refreshComplaint(h.db, h.desk, ghost);
    expect((await h.db.complaints.get(ghost))?.existsOnServer).toBe(false);
    const r = await changeStatus(h.db, ghost, 'open');
    if (r.kind !== 'queued') throw new Error(r.kind);
    const chain = await h.queueChain(known!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('ghost failed', async () => (await h.db.outbox.get(r.seq))?.state === 'failed');
    await waitFor('known sent', async () => (await h.entries()).some((e) => e.complaintId === known && e.state === 'sent'));
    expect((await h.db.outbox.get(r.seq))?.lastError?.kind).toBe('not-found');
    expect(appliedStatuses(h.sandbox, known!)).toEqual(chain);
    expect((await discardEntry(h.db, r.seq)).ok).toBe(true);
    expect(await h.db.outbox.get(r.seq)).toMatchObject({ state: 'discarded', resolution: 'discarded' });
    expect(await h.db.complaints.get(ghost)).toMatchObject({ pendingCount: 0, pendingStatus: null });
    expect(h.sandbox.appliedChanges(ghost)).toEqual([]);
  });

  it('revoked key: paused, nothing lost, resumes after a new key is saved', async () => {
    const first = 'PRODsyncIntegrationKey0000000001';
    const second = 'PRODsyncIntegrationKey0000000002';
    h = await startHarness({ key: first });
    expect(await h.desk.getKeyStatus({})).toMatchObject({ ok: true, value: { configured: true } });
    const ids = await h.worklist(2);
    h.sandbox.revokeKey(first);
    const a = await h.queueChain(ids[0]!, 2);
    const b = await h.queueChain(ids[1]!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('paused for the key', () => statusOf(engine).pausedReason === 'auth');
    await new Promise((r) => setTimeout(r, 700)); // periodic ticks pass: still paused, no hammering
    expect(statusOf(engine).pausedReason).toBe('auth');
    expect(h.sandbox.requests.filter((r) => r.httpStatus === 401).length).toBeLessThanOrEqual(4);
    expect((await h.entries()).map((e) => e.state)).toEqual(['queued', 'queued', 'queued']);
    expect(appliedStatuses(h.sandbox, ids[0]!)).toEqual([]);

    expect((await h.desk.saveKey({ key: second })).ok).toBe(true); // emits key-changed
    await waitFor('all sent with the new key', allSent);
    expect(appliedStatuses(h.sandbox, ids[0]!)).toEqual(a);
    expect(appliedStatuses(h.sandbox, ids[1]!)).toEqual(b);
    expect(statusOf(engine).pausedReason).toBeNull();
  });

  it('crash mid-flush: a new engine on the same database finishes, each change applied exactly once', async () => {
    h = await startHarness();
    const ids = await h.worklist(4);
    const chains = new Map<string, string[]>();
    for (const id of ids) chains.set(id, await h.queueChain(id, 2));
    await h.sandbox.setFaults({ latencyMs: 400 });
    const first = h.engine();
    await first.start();
    // Check (400 ms) then send: stop while the first sends are in flight (applied, unanswered).
    await waitFor('sends in flight', () => h.sandbox.requests.some((r) => r.method === 'POST'), 4000);
    await new Promise((r) => setTimeout(r, 50));
    await first.stop();
    const left = await h.entries();
    expect(left.some((e) => e.state === 'sending')).toBe(true);
    expect(left.some((e) => e.state === 'queued')).toBe(true);

    // "Restart": a new connection to the same database, a new engine.
    const reopened = openDeskDatabase(h.dbName, undefined, TEST_DATA_KEY);
    const second = h.engine({}, reopened);
    const started = Date.now();
    await second.start();
    await waitFor('recovered as needs-check', async () => (await reopened.outbox.where('state').equals('needs-check').count()) > 0);
    await waitFor('all sent', async () => (await reopened.outbox.toArray()).every((e) => e.state === 'sent'), 9000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(API_TIMEOUT_MS); // the grace period was honoured
    for (const id of ids) expect(appliedStatuses(h.sandbox, id)).toEqual(chains.get(id));
    const resolutions = (await reopened.outbox.toArray()).map((e) => e.resolution);
    expect(resolutions).toContain('reconciled');
  });
});
