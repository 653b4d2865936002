import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import type { ComplaintStatus } from '../../../../common/status';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import type { SyncEngineOptions } from '../../../../renderer/src/sync/engine';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { cancelEntry, changeStatus, resolveConflict } from '../../../../renderer/src/data/outbox';
import { manualTimers, virtualTimers, type FakeDesk } from '../../../support/fake-desk';
import { detailOf, seedComplaint, waitFor } from '../../../support/desk-db';
import { useEngineHarness } from '../../../support/engine-harness';

const h = useEngineHarness();
const { clock } = h;
let db: DeskDatabase;
type Settings = ReturnType<SyncEngineOptions['getSettings']>;
function engineFor(fake: FakeDesk, extra: Partial<SyncEngineOptions> = {}, settings: Settings = { conflictCheck: true, syncConcurrency: 4 }) {
  return h.engine(fake, { getSettings: () => settings, ...extra });
}
async function setup(initial: Record<string, ComplaintStatus>) {
  const fake = await h.seed(initial);
  db = h.db;
  return fake;
}
const entries = (): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();

/** For "nothing happened" checks: gives a started flush time to run (there is nothing to wait for). */
const settle = () => new Promise((r) => setTimeout(r, 50));
const states = async () => (await entries()).map((e) => e.state);

describe('sync engine (fake desk)', () => {
  it('sends every change exactly once, in order per complaint, and updates the cache', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'A', 'wait', clock.t);
    await changeStatus(db, 'B', 'reject', clock.t);
    await changeStatus(db, 'A', 'resolve', clock.t);
    const engine = engineFor(fake);
    await engine.start();
    const report = await engine.syncNow();
    expect(report).toMatchObject({ sent: 4, conflicts: 0, failed: 0 });
    expect(fake.applied.filter((a) => a.complaintId === 'A').map((a) => a.status)).toEqual(['open', 'wait', 'resolve']);
    expect(fake.applied.filter((a) => a.complaintId === 'B').map((a) => a.status)).toEqual(['reject']);
    expect(await states()).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect((await entries()).every((e) => e.resolution === 'sent' && e.sentAt === clock.t)).toBe(true);
    expect(await db.complaints.get('A')).toMatchObject({ serverStatus: 'resolve', pendingStatus: null, pendingCount: 0 });
    expect(get(engine.status)).toMatchObject({ pending: 0, lastSuccessAt: clock.t, syncing: false, lastError: null });
    expect((await db.meta.get('sync'))?.lastSuccessAt).toBe(clock.t);
  });

  it('runs different complaints in parallel up to syncConcurrency, the same complaint never', async () => {
    const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
    const fake = await setup(Object.fromEntries(ids.map((id) => [id, 'new' as const])));
    for (const id of ids) {
      await changeStatus(db, id, 'open', clock.t);
      await changeStatus(db, id, 'wait', clock.t);
    }
    fake.delayMs = 20;
    const perComplaint = new Map<string, number>();
    let overlap = false;
    const set = fake.desk.setComplaintStatus;
    fake.desk.setComplaintStatus = async (input) => {
      const n = (perComplaint.get(input.complaintId) ?? 0) + 1;
      perComplaint.set(input.complaintId, n);
      if (n > 1) overlap = true;
      try {
        return await set(input);
      } finally {
        perComplaint.set(input.complaintId, (perComplaint.get(input.complaintId) ?? 1) - 1);
      }
    };
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 3 });
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(12);
    expect(overlap).toBe(false);
    expect(fake.peakInFlight).toBe(3);
    for (const id of ids) expect(fake.applied.filter((a) => a.complaintId === id).map((a) => a.status)).toEqual(['open', 'wait']);
  });

  it('with the conflict check off, sends without reading detail first', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 4 });
    await engine.start();
    await engine.syncNow();
    expect(fake.calls.filter((c) => c.method === 'set')).toHaveLength(1);
    // One request per change: the timeline is refreshed when the complaint is shown (issue 11).
    expect(fake.calls.map((c) => c.method)).toEqual(['set']);
    expect(await db.complaints.get('A')).toMatchObject({ serverStatus: 'open', timelineStale: true });
  });

  it('the timeline of a complaint on screen is refreshed right after its change is sent; no other', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    const engine = engineFor(fake, { isOnScreen: (id) => id === 'A' }, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await engine.syncNow();
    expect(fake.calls.map((c) => `${c.method} ${c.id}`).sort()).toEqual(['detail A', 'set A', 'set B']);
    expect(await db.complaints.get('A')).toMatchObject({ timelineStale: false });
    expect(await db.complaints.get('B')).toMatchObject({ timelineStale: true });
  });

  it('a complaint is checked once per pass, not once per change', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    for (const status of ['open', 'wait', 'resolve'] as const) await changeStatus(db, 'A', status, clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    const engine = engineFor(fake, {}, { conflictCheck: true, syncConcurrency: 2 });
    await engine.start();
    await engine.syncNow();
    expect(fake.applied.filter((c) => c.complaintId === 'A').map((c) => c.status)).toEqual(['open', 'wait', 'resolve']);
    expect(fake.calls.filter((c) => c.method === 'detail').map((c) => c.id).sort()).toEqual(['A', 'B']);
    expect(fake.calls).toHaveLength(6); // 2 checks + 4 sends: 1.5 requests per change, not 2
  });

  it('a status changed by staff meanwhile becomes a conflict (not overwritten) and blocks later changes; mine applies', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'A', 'wait', clock.t);
    fake.statuses.set('A', 'reject'); // staff
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 0, conflicts: 1 });
    expect(fake.applied).toEqual([]);
    const [first] = await entries();
    expect(first).toMatchObject({ state: 'conflict', serverStatusSeen: 'reject' });
    expect(await states()).toEqual(['conflict', 'queued']);
    expect(await db.complaints.get('A')).toMatchObject({ serverStatus: 'reject', pendingStatus: 'wait', pendingCount: 2 });
    await resolveConflict(db, first!.seq!, 'mine');
    expect(await engine.syncNow()).toMatchObject({ sent: 2 });
    expect(fake.applied.map((a) => a.status)).toEqual(['open', 'wait']);
    expect((await entries())[0]?.resolution).toBe('applied-anyway');
  });

  it('a change already made by someone else is reconciled, not sent again', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.statuses.set('A', 'open');
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 0, reconciled: 1 });
    expect(fake.applied).toEqual([]);
    expect((await entries())[0]).toMatchObject({ state: 'sent', resolution: 'reconciled' });
  });

  it('applied-then-dropped: needs-check, then reconciled by detail: one timeline event', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.sendFaults.push('apply-then-drop');
    const engine = engineFor(fake, { needsCheckDelayMs: 2000 });
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 0, retrying: 1 });
    expect((await entries())[0]).toMatchObject({ state: 'needs-check', nextAttemptAt: clock.t + 2000 });
    expect(await engine.syncNow()).toMatchObject({ reconciled: 0 }); // not yet due
    clock.t += 2000;
    expect(await engine.syncNow()).toMatchObject({ reconciled: 1 });
    expect(fake.applied).toHaveLength(1);
  });

  it('a 5xx is treated as a maybe: checked before resending, even with the conflict check off', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    fake.sendFaults.push('apply-then-server', 'server');
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await engine.syncNow();
    expect(await states()).toEqual(['needs-check', 'needs-check']);
    clock.t += 60_000;
    expect(await engine.syncNow()).toMatchObject({ reconciled: 1, sent: 1 });
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'open' }, { complaintId: 'B', status: 'open' }]);
  });

  it('network errors: backoff, the flush stops at once, nothing lost, sent later', async () => {
    const fake = await setup({ A: 'new', B: 'new', C: 'new' });
    for (const id of ['A', 'B', 'C']) await changeStatus(db, id, 'open', clock.t);
    fake.sendFaults.push('network');
    fake.online = false; // start()'s own pass stays offline; syncNow() forces one pass
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 0, retrying: 1 });
    expect(fake.calls).toHaveLength(1);
    const [a] = await entries();
    expect(a).toMatchObject({ state: 'queued', attempts: 1, lastError: { kind: 'network' } });
    expect(a!.nextAttemptAt).toBeGreaterThan(clock.t);
    expect(get(engine.status).lastError?.kind).toBe('network');
    clock.t += 10_000;
    expect(await engine.syncNow()).toMatchObject({ sent: 3 });
    expect(fake.applied).toHaveLength(3);
    expect(get(engine.status).lastError).toBeNull();
  });

  it('429: the whole queue pauses until Retry-After has passed', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    fake.sendFaults.push('rate-limited');
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await engine.syncNow();
    expect(get(engine.status)).toMatchObject({ pausedReason: 'rate-limited', pausedUntil: clock.t + 30_000 });
    expect((await db.meta.get('sync'))?.pausedReason).toBe('rate-limited');
    clock.t += 29_000;
    expect(await engine.syncNow()).toMatchObject({ skipped: 'paused', sent: 0 });
    clock.t += 1_000;
    expect(await engine.syncNow()).toMatchObject({ sent: 2 });
    expect(get(engine.status).pausedReason).toBeNull();
  });

  it('a rate-limit pause survives a reload', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.sendFaults.push('rate-limited');
    const first = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await first.start();
    await first.syncNow();
    await first.stop();
    const second = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await second.start();
    expect(await second.syncNow()).toMatchObject({ skipped: 'paused' });
    expect(get(second.status).pausedReason).toBe('rate-limited');
  });

  it('auth: paused, nothing lost, resumes on key-changed', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    fake.sendFaults.push('auth');
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await waitFor('paused', () => get(engine.status).pausedReason === 'auth' && !get(engine.status).syncing);
    expect(fake.calls).toHaveLength(1);
    expect(await states()).toEqual(['queued', 'queued']);
    fake.emit({ type: 'key-changed' });
    await waitFor('both sent', () => fake.applied.length === 2);
    expect(get(engine.status).pausedReason).toBeNull();
  });

  it('every request names the database\'s destination; main refusing it (wrong-destination) leaves the entry as it was and stops', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    fake.sendFaults.push('wrong-destination');
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await waitFor('stopped', () => fake.calls.length === 1 && !get(engine.status).syncing);
    expect(fake.calls[0]).toEqual({ method: 'set', id: 'A' });
    expect(fake.destinations).toEqual(['demo']);
    expect(fake.applied).toEqual([]);
    const [a, b] = await entries();
    // Not an attempt, not an error, not failed: it waits for its own destination.
    expect(a).toMatchObject({ state: 'queued', attempts: 0, lastError: null, destination: 'demo' });
    expect(b).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(get(engine.status).lastError).toBeNull();
    expect(get(engine.status).pausedReason).toBeNull();
    // Its destination configured again: sent, once each.
    await engine.syncNow();
    expect(fake.applied.map((c) => c.complaintId).sort()).toEqual(['A', 'B']);
  });

  it('an entry stamped with another destination than its database is never sent from it', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    const [a] = await entries();
    await db.outbox.update(a!.seq!, { destination: 'live:https://api.bizkithub.com' });
    const engine = engineFor(fake, {}, { conflictCheck: true, syncConcurrency: 2 });
    await engine.start();
    await engine.syncNow();
    expect(fake.applied).toEqual([{ complaintId: 'B', status: 'open' }]);
    expect(fake.calls.every((c) => c.id === 'B')).toBe(true);
    expect(fake.destinations.every((d) => d === 'demo')).toBe(true);
    expect((await entries())[0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('unknown complaint: failed (blocks its later changes only), others go on', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await seedComplaint(db, 'GONE', 'new');
    await changeStatus(db, 'GONE', 'open', clock.t);
    await changeStatus(db, 'GONE', 'wait', clock.t);
    await changeStatus(db, 'A', 'open', clock.t);
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ failed: 1, sent: 1 });
    expect(await states()).toEqual(['failed', 'queued', 'sent']);
    expect((await entries())[0]?.lastError?.kind).toBe('not-found');
    expect(get(engine.status).lastError).toBeNull(); // entry-level, not a queue problem
  });

  it('the check learns the complaint does not exist: recorded on the worklist row too, nothing is sent', async () => {
    const fake = await setup({ A: 'new' });
    // Added offline (never downloaded), with a change made meanwhile.
    await seedComplaint(db, 'TYPO', null);
    await db.complaints.update('TYPO', { fetchError: { kind: 'network', message: 'offline' } });
    await changeStatus(db, 'TYPO', 'open', clock.t);
    const engine = engineFor(fake);
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ failed: 1, sent: 0 });
    expect(fake.calls).toEqual([{ method: 'detail', id: 'TYPO' }]);
    expect(await db.complaints.get('TYPO')).toMatchObject({
      existsOnServer: false,
      fetchError: null,
      fetchedAt: clock.t,
      pendingStatus: 'open',
      pendingCount: 1,
    });
  });

  it('other check errors are not recorded as a missing complaint', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.checkFaults = ['invalid'];
    const engine = engineFor(fake);
    await engine.start();
    await engine.syncNow();
    expect(fake.calls[0]).toEqual({ method: 'detail', id: 'A' });
    expect((await entries())[0]?.lastError?.kind).toBe('invalid');
    expect(await db.complaints.get('A')).toMatchObject({ existsOnServer: true, serverStatus: 'new' });
  });

  it('offline: skipped (not burning attempts), until the connectivity event says online', async () => {
    const fake = await setup({ A: 'new' });
    fake.online = false;
    await changeStatus(db, 'A', 'open', clock.t);
    const timers = manualTimers();
    const engine = engineFor(fake, { timers });
    await engine.start();
    await waitFor('offline', () => !get(engine.status).online);
    expect(fake.calls).toEqual([]);
    fake.online = true;
    fake.emit({ type: 'connectivity', online: true, since: new Date().toISOString() });
    await waitFor('sent once online', () => fake.applied.length === 1);
    expect(get(engine.status).online).toBe(true);
  });

  it('crash: entries left `sending` become needs-check, checked after the grace period, applied once', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    // The crashed run claimed both; A's request reached the server, B's did not.
    await db.outbox.toCollection().modify({ state: 'sending', updatedAt: clock.t });
    fake.statuses.set('A', 'open');
    fake.applied.push({ complaintId: 'A', status: 'open' });
    const engine = engineFor(fake, { inFlightGraceMs: 5000 });
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 0 });
    expect(await states()).toEqual(['needs-check', 'needs-check']);
    expect(fake.calls).toEqual([]);
    clock.t += 5000;
    expect(await engine.syncNow()).toMatchObject({ reconciled: 1, sent: 1 });
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'open' }, { complaintId: 'B', status: 'open' }]);
  });

  it('stop() mid-flight abandons the requests; a new engine finishes exactly once; late answers change nothing', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'B', 'open', clock.t);
    let release = () => {};
    fake.gate = new Promise((r) => (release = r));
    const first = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 4 });
    await first.start();
    const flushing = first.syncNow();
    await waitFor('both in flight', () => fake.inFlight === 2);
    await first.stop(); // resolves although both requests are still in flight
    await flushing;
    expect(await states()).toEqual(['sending', 'sending']);

    const second = engineFor(fake, { inFlightGraceMs: 5000 }, { conflictCheck: false, syncConcurrency: 4 });
    await second.start();
    await second.syncNow();
    expect(await states()).toEqual(['needs-check', 'needs-check']);
    release(); // the abandoned requests land now, after recovery
    await waitFor('abandoned requests landed', () => fake.applied.length === 2 && fake.inFlight === 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(await states()).toEqual(['needs-check', 'needs-check']); // the stopped engine wrote nothing
    clock.t += 5000;
    expect(await second.syncNow()).toMatchObject({ reconciled: 2, sent: 0 });
    expect(fake.applied).toHaveLength(2);
  });

  it('two engines (windows) on one database never flush at once: no double send', async () => {
    const fake = await setup({ A: 'new', B: 'new', C: 'new' });
    for (const id of ['A', 'B', 'C']) await changeStatus(db, id, 'open', clock.t);
    const locks = createLocalLocks();
    const one = engineFor(fake, { locks }, { conflictCheck: false, syncConcurrency: 4 });
    const two = engineFor(fake, { locks }, { conflictCheck: false, syncConcurrency: 4 });
    await Promise.all([one.start(), two.start()]);
    const reports = await Promise.all([one.syncNow(), two.syncNow(), one.syncNow()]);
    await one.syncNow();
    expect(reports.some((r) => r.skipped === 'busy')).toBe(true);
    expect(fake.applied).toHaveLength(3);
    expect(await states()).toEqual(['sent', 'sent', 'sent']);
  });

  it('slows to one request at a time when the rate limit is nearly used up', async () => {
    const ids = ['A', 'B', 'C', 'D'];
    const fake = await setup(Object.fromEntries(ids.map((id) => [id, 'new' as const])));
    for (const id of ids) await changeStatus(db, id, 'open', clock.t);
    fake.rateLimit = { limit: 1000, remaining: 50, resetAt: null, observedAt: new Date().toISOString() };
    const engine = engineFor(fake, { timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) }, slowDelayMs: 5, intervalMs: 60_000 });
    await engine.start();
    const estimates: Array<number | null> = [];
    const unsubscribe = engine.status.subscribe((s) => estimates.push(s.pacedLeftMs));
    expect((await engine.syncNow()).sent).toBe(4);
    unsubscribe();
    expect(fake.peakInFlight).toBe(1);
    // No best-effort timeline refresh while slowed down: 1 check + 1 send each.
    expect(fake.calls).toHaveLength(8);
    // While paced, the agent is told about how long the rest takes; not once it is over.
    expect(estimates.some((ms) => ms !== null && ms > 0)).toBe(true);
    expect(get(engine.status).pacedLeftMs).toBeNull();
  });

  it('watches the outbox: a new change is sent without syncNow; pending is reported to main', async () => {
    const fake = await setup({ A: 'new' });
    const engine = engineFor(fake, {
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
      changeDebounceMs: 5,
      intervalMs: 60_000,
    });
    await engine.start();
    await waitFor('pending 0 reported', () => fake.reported.length === 1);
    await changeStatus(db, 'A', 'open', clock.t);
    await waitFor('sent', () => fake.applied.length === 1);
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'open' }]);
    await waitFor('pending back to 0', () => fake.reported.length === 3);
    expect(fake.reported).toEqual([0, 1, 0]);
    expect(get(engine.status).pending).toBe(0);
  });

  it('a retry delay of 0 (full jitter) does not loop within one pass', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.checkFaults.push('server', 'server', 'server');
    fake.online = false; // only the forced pass below runs
    const engine = engineFor(fake, { random: () => 0 });
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ retrying: 1 });
    expect(fake.calls).toEqual([{ method: 'detail', id: 'A' }]);
    expect((await entries())[0]).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: clock.t });
  });

  it('start() prunes history older than historyRetentionDays, never unsent entries', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    await changeStatus(db, 'A', 'wait', clock.t);
    const [old] = await entries();
    await db.outbox.update(old!.seq!, { state: 'sent', updatedAt: clock.t - 3 * 86_400_000 });
    fake.online = false;
    const engine = engineFor(fake, {}, { conflictCheck: true, syncConcurrency: 4, historyRetentionDays: 2 });
    await engine.start();
    await waitFor('pruned', async () => (await entries()).length === 1);
    expect((await entries())[0]?.targetStatus).toBe('wait');
  });

  it('undo window: a held change is not sent before the hold ends, and is sent exactly when it ends (not at the periodic tick)', async () => {
    const fake = await setup({ A: 'new' });
    const timers = virtualTimers(clock);
    const sentAt: number[] = [];
    const set = fake.desk.setComplaintStatus;
    fake.desk.setComplaintStatus = (input) => {
      sentAt.push(clock.t);
      return set(input);
    };
    const engine = engineFor(fake, { timers, intervalMs: 30_000 });
    await engine.start();
    await waitFor('pending 0 reported', () => fake.reported.length === 1);
    const t0 = clock.t;
    await changeStatus(db, 'A', 'open', t0, { holdMs: 4000 });
    // Watching the outbox is enough (no notifyChange): a wake at the end of the hold.
    await waitFor('wake at the end of the hold', () => timers.dueTimes().includes(t0 + 4000));
    expect(timers.dueTimes()).toContain(t0 + 30_000); // the periodic tick, much later
    timers.advanceTo(t0 + 3999);
    await settle();
    expect(fake.calls).toEqual([]);
    expect(await states()).toEqual(['queued']);
    timers.advanceTo(t0 + 4000);
    await waitFor('sent once the hold ended', () => fake.applied.length === 1);
    expect(sentAt).toEqual([t0 + 4000]);
    expect(fake.calls.slice(0, 2)).toEqual([
      { method: 'detail', id: 'A' }, // the conflict check
      { method: 'set', id: 'A' },
    ]);
    await waitFor('entry sent', async () => (await entries())[0]?.state === 'sent');
    expect((await entries())[0]).toMatchObject({ sentAt: t0 + 4000, resolution: 'sent' });
  });

  it('undo window: cancelling within the hold sends nothing, ever', async () => {
    const fake = await setup({ A: 'new' });
    const timers = virtualTimers(clock);
    const engine = engineFor(fake, { timers, intervalMs: 30_000 });
    await engine.start();
    const t0 = clock.t;
    const change = await changeStatus(db, 'A', 'open', t0, { holdMs: 4000 });
    engine.notifyChange(); // as the UI does
    await waitFor('wake at the end of the hold', () => timers.dueTimes().includes(t0 + 4000));
    timers.advanceTo(t0 + 2000); // the debounced pass runs: nothing is due yet
    await settle();
    expect(change.kind).toBe('queued');
    expect(await cancelEntry(db, change.kind === 'queued' ? change.seq : -1, clock.t)).toEqual({ ok: true, value: undefined });
    timers.advanceTo(t0 + 4000); // the wake
    await settle();
    timers.advanceTo(t0 + 61_000); // periodic ticks
    await settle();
    expect(fake.calls).toEqual([]);
    expect(fake.applied).toEqual([]);
    expect(await entries()).toEqual([]);
    expect(await db.complaints.get('A')).toMatchObject({ serverStatus: 'new', pendingStatus: null, pendingCount: 0 });
  });

  it('"Sync now" sends changes still in their undo window; backoff waits are not shortened', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open', clock.t, { holdMs: 4000 });
    await changeStatus(db, 'B', 'open', clock.t);
    const [, b] = await entries();
    // B waits for a backoff after a failed attempt: not a hold.
    await db.outbox.update(b!.seq!, {
      attempts: 1,
      nextAttemptAt: clock.t + 60_000,
      lastError: { kind: 'network', message: 'offline' },
    });
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 4 });
    await engine.start();
    expect(await engine.syncNow()).toMatchObject({ sent: 1 });
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'open' }]);
    expect(await states()).toEqual(['sent', 'queued']);
    expect((await entries())[0]?.sentAt).toBe(clock.t);
  });

  it('start() prunes resolved, untouched cached complaints when cachePruneDays is set', async () => {
    const fake = await setup({ A: 'closed', B: 'closed' });
    const old = clock.t - 10 * 86_400_000;
    for (const id of ['A', 'B']) {
      await db.complaints.update(id, { detail: detailOf(id, 'closed', { isResolved: true }), fetchedAt: old, lastChangeAt: old });
    }
    await db.complaints.update('B', { fetchedAt: clock.t - 86_400_000 }); // refreshed yesterday: kept
    fake.online = false;
    const engine = engineFor(fake, {}, { conflictCheck: true, syncConcurrency: 4, cachePruneDays: 7 });
    await engine.start();
    await waitFor('pruned', async () => (await db.complaints.count()) === 1);
    expect(await db.complaints.get('B')).toBeDefined();
  });

  it('watchdog: stalled when online with work waiting and nothing confirmed for > 3 min', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open', clock.t);
    fake.sendFaults.push('server', 'server', 'server', 'server');
    fake.checkFaults.push('server', 'server', 'server', 'server', 'server');
    const engine = engineFor(fake, {}, { conflictCheck: false, syncConcurrency: 1 });
    await engine.start();
    await engine.syncNow();
    await waitFor('pending known', () => get(engine.status).pending === 1);
    expect(get(engine.status).stalled).toBe(false);
    clock.t += 181_000;
    await engine.syncNow();
    expect(get(engine.status).stalled).toBe(true);
    fake.checkFaults.length = 0;
    fake.sendFaults.length = 0;
    clock.t += 600_000;
    await engine.syncNow();
    expect(fake.applied).toHaveLength(1);
    await waitFor('watchdog quiet', () => !get(engine.status).stalled);
  });
});
