import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { writable, type Writable } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import type { ComplaintStatus } from '../../../../common/status';
import type { CachedComplaint, DeskDatabase } from '../../../../renderer/src/data/db';
import { createRateFigures } from '../../../../renderer/src/sync/rate-pacer';
import { createRefresher, type RefresherOptions } from '../../../../renderer/src/sync/refresher';
import { addComplaints } from '../../../../renderer/src/data/worklist';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import type { SyncStatus } from '../../../../renderer/src/sync/sync-meta';
import { createFakeDesk, manualTimers, type FakeDesk } from '../../../support/fake-desk';
import { detailOf, waitFor } from '../../../support/desk-db';
import { useEngineHarness } from '../../../support/engine-harness';

const MIN = 60_000;
const h = useEngineHarness(100 * MIN);
const { clock } = h;
let db: DeskDatabase;
type Status = Pick<SyncStatus, 'online' | 'pausedReason'>;

/** Rows in the states the refresher tells apart. `fetched: n` = downloaded n minutes ago. */
type Seed =
  | { kind: 'never' }
  | { kind: 'failed'; fetched?: number }
  | { kind: 'fetched'; fetched: number }
  | { kind: 'not-found'; fetched: number };

async function seed(rows: Record<string, Seed>): Promise<void> {
  await addComplaints(db, Object.keys(rows), clock.t);
  for (const [id, s] of Object.entries(rows)) {
    const fetchedAt = 'fetched' in s && s.fetched !== undefined ? clock.t - s.fetched * MIN : null;
    const patch: Partial<CachedComplaint> =
      s.kind === 'never'
        ? {}
        : s.kind === 'failed'
          ? {
              fetchedAt,
              existsOnServer: fetchedAt === null ? null : true,
              fetchError: { kind: 'network', message: 'offline' },
            }
          : s.kind === 'fetched'
            ? { fetchedAt, existsOnServer: true, serverStatus: 'new', detail: detailOf(id, 'new') }
            : { fetchedAt, existsOnServer: false };
    await db.complaints.update(id, patch);
  }
}

async function setup(known: Record<string, ComplaintStatus>, rows: Record<string, Seed>) {
  db = h.openDb();
  await seed(rows);
  const fake = createFakeDesk(known);
  // Every request must run outside a Dexie transaction.
  const inTransaction: string[] = [];
  const getComplaint = fake.desk.getComplaint;
  fake.desk.getComplaint = (input) => {
    if (Dexie.currentTransaction) inTransaction.push(input.id);
    return getComplaint(input);
  };
  return { fake, inTransaction };
}

function refresherFor(fake: FakeDesk, status: Writable<Status>, extra: Partial<RefresherOptions> = {}) {
  const timers = manualTimers();
  const refresher = createRefresher({
    db,
    desk: fake.desk,
    status,
    now: () => clock.t,
    timers,
    locks: createLocalLocks(),
    onlineRoundDelayMs: 0,
    ...extra,
  });
  h.track(refresher);
  return { refresher, timers };
}

const online = (): Writable<Status> => writable<Status>({ online: true, pausedReason: null });
const asked = (fake: FakeDesk): string[] => fake.calls.filter((c) => c.method === 'detail').map((c) => c.id);
const row = async (id: string): Promise<CachedComplaint> => {
  const r = await db.complaints.get(id);
  if (!r) throw new Error(`no row ${id}`);
  return r;
};
/** Fires the periodic timer (manual timers never fire on their own). */
function tick(timers: ReturnType<typeof manualTimers>): void {
  const [handle, timer] = [...timers.pending.entries()].find(([, t]) => t.ms === 10 * MIN) ?? [];
  if (handle === undefined || timer === undefined) throw new Error('no periodic timer armed');
  timers.pending.delete(handle);
  timer.fn();
}

describe('background refresher', () => {
  it('on start downloads what was never downloaded or failed, two at a time, outside transactions', async () => {
    const { fake, inTransaction } = await setup(
      { NEW1: 'new', NEW2: 'open', FAIL1: 'wait', FAIL2: 'new', FRESH: 'new', OLD: 'new' },
      {
        NEW1: { kind: 'never' },
        NEW2: { kind: 'never' },
        FAIL1: { kind: 'failed' },
        FAIL2: { kind: 'failed', fetched: 60 },
        FRESH: { kind: 'fetched', fetched: 1 },
        OLD: { kind: 'fetched', fetched: 60 },
        TYPO: { kind: 'not-found', fetched: 60 },
      },
    );
    fake.delayMs = 10;
    const { refresher } = refresherFor(fake, online());
    const report = await refresher.start();
    expect(report).toMatchObject({ refreshed: 4, notFound: 0, failed: 0, stoppedBy: null, skipped: null, rateLimitLow: false });
    expect(asked(fake).sort()).toEqual(['FAIL1', 'FAIL2', 'NEW1', 'NEW2']);
    expect(fake.peakInFlight).toBe(2);
    expect(inTransaction).toEqual([]);
    expect(await row('FAIL1')).toMatchObject({ fetchError: null, existsOnServer: true, serverStatus: 'wait', fetchedAt: clock.t });
    expect(await row('NEW2')).toMatchObject({ existsOnServer: true, serverStatus: 'open', detail: { customerName: 'Jana Nováková' } });
  });

  it('an unknown ID is recorded as not found (kept in the worklist)', async () => {
    const { fake } = await setup({}, { TYPO: { kind: 'failed' } });
    const { refresher } = refresherFor(fake, online());
    expect(await refresher.start()).toMatchObject({ notFound: 1, refreshed: 0 });
    expect(await row('TYPO')).toMatchObject({ existsOnServer: false, fetchError: null, fetchedAt: clock.t });
  });

  it('offline: nothing is asked; back online (false → true) the complaints added meanwhile are downloaded', async () => {
    const { fake } = await setup({ A: 'new', B: 'open' }, { A: { kind: 'failed' }, B: { kind: 'never' } });
    const status = writable<Status>({ online: false, pausedReason: null });
    const { refresher } = refresherFor(fake, status);
    expect(await refresher.start()).toMatchObject({ skipped: 'offline' });
    expect(fake.calls).toEqual([]);
    status.set({ online: false, pausedReason: null });
    await refresher.idle();
    expect(fake.calls).toEqual([]);

    status.set({ online: true, pausedReason: null });
    await waitFor('both downloaded', async () => (await row('A')).fetchError === null && (await row('B')).existsOnServer === true);
    await refresher.idle();
    expect(asked(fake).sort()).toEqual(['A', 'B']);

    // Online → online is no transition: nothing more is asked.
    status.set({ online: true, pausedReason: null });
    await refresher.idle();
    expect(asked(fake)).toHaveLength(2);
  });

  it("back online, the round waits (the engine drains first), then for the engine's flush to end", async () => {
    const { fake } = await setup({ A: 'new' }, { A: { kind: 'never' } });
    const status = writable<Status & { syncing?: boolean }>({ online: false, pausedReason: null });
    const { refresher, timers } = refresherFor(fake, status, { onlineRoundDelayMs: 2000 });
    expect(await refresher.start()).toMatchObject({ skipped: 'offline' });

    status.set({ online: true, pausedReason: null });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toEqual([]);
    const [handle, delayed] = [...timers.pending.entries()].find(([, t]) => t.ms === 2000) ?? [];
    expect(delayed).toBeDefined();
    // The engine's drain is under way when the delay ends: the round waits for it.
    status.set({ online: true, pausedReason: null, syncing: true });
    timers.pending.delete(handle!);
    delayed!.fn();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toEqual([]);

    status.set({ online: true, pausedReason: null, syncing: false });
    await waitFor('A downloaded', async () => (await row('A')).existsOnServer === true);
    expect(asked(fake)).toEqual(['A']);
  });

  it('the periodic round refreshes stale complaints, oldest first, at most maxStalePerRound; not the unknown ones', async () => {
    const { fake } = await setup(
      { FRESH: 'new', S20: 'new', S30: 'new', S90: 'new', S60: 'new' },
      {
        FRESH: { kind: 'fetched', fetched: 5 },
        S20: { kind: 'fetched', fetched: 20 },
        S30: { kind: 'fetched', fetched: 30 },
        S90: { kind: 'fetched', fetched: 90 },
        S60: { kind: 'fetched', fetched: 60 },
        TYPO: { kind: 'not-found', fetched: 600 },
      },
    );
    const { refresher, timers } = refresherFor(fake, online(), { concurrency: 1, maxStalePerRound: 3 });
    expect(await refresher.start()).toMatchObject({ refreshed: 0 }); // nothing missing: stale ones wait for the timer
    expect(fake.calls).toEqual([]);

    clock.t += 10 * MIN;
    tick(timers);
    await refresher.idle();
    expect(asked(fake)).toEqual(['S90', 'S60', 'S30']);
    expect((await row('S90')).fetchedAt).toBe(clock.t);
    expect(timers.pending.size).toBe(1); // the next round is armed

    clock.t += 10 * MIN;
    tick(timers);
    await refresher.idle();
    // S20 (now 40 min old) and FRESH (now 25 min old); those refreshed 10 min ago are not stale yet.
    expect(asked(fake).slice(3)).toEqual(['S20', 'FRESH']);
  });

  it('the periodic round also retries failed downloads, before the stale ones', async () => {
    const { fake } = await setup({ A: 'new', OLD: 'new' }, { OLD: { kind: 'fetched', fetched: 60 }, A: { kind: 'never' } });
    fake.checkFaults = ['server']; // the start round's download of A fails
    const { refresher, timers } = refresherFor(fake, online(), { concurrency: 1 });
    expect(await refresher.start()).toMatchObject({ failed: 1, stoppedBy: null });
    expect((await row('A')).fetchError?.kind).toBe('server');
    tick(timers);
    await refresher.idle();
    expect(asked(fake)).toEqual(['A', 'A', 'OLD']);
    expect((await row('A')).fetchError).toBeNull();
  });

  it('leaves the last 20 % of the rate limit alone: stops as soon as no more is left', async () => {
    const { fake } = await setup(
      { A: 'new', B: 'new', C: 'new', D: 'new' },
      { A: { kind: 'never' }, B: { kind: 'never' }, C: { kind: 'never' }, D: { kind: 'never' } },
    );
    const limit = (remaining: number) => ({ limit: 100, remaining, resetAt: null, observedAt: new Date(0).toISOString() });
    fake.rateLimit = limit(19);
    const rateFigures = createRateFigures(() => clock.t);
    const { refresher } = refresherFor(fake, online(), { concurrency: 1, rateFigures });
    expect(await refresher.start()).toMatchObject({ rateLimitLow: true, refreshed: 0 });
    expect(fake.calls).toEqual([]);

    // 21 left (a reply to the engine said so): one request, then 20 left, the 20 % kept.
    rateFigures.observe(limit(21));
    const getComplaint = fake.desk.getComplaint;
    fake.desk.getComplaint = async (input) => {
      const result = await getComplaint(input);
      const remaining = fake.rateLimit?.remaining ?? 0;
      fake.rateLimit = limit(remaining - 1);
      return { ...result, rateLimit: fake.rateLimit };
    };
    expect(await refresher.refreshNow()).toMatchObject({ rateLimitLow: true, refreshed: 1 });
    expect(asked(fake)).toHaveLength(1);
  });

  it('stops at an error the next requests would hit too (429), and does not run while the queue is paused', async () => {
    const { fake } = await setup(
      { A: 'new', B: 'new', C: 'new' },
      { A: { kind: 'never' }, B: { kind: 'never' }, C: { kind: 'never' } },
    );
    fake.checkFaults = ['rate-limited'];
    const status = online();
    const { refresher } = refresherFor(fake, status, { concurrency: 1 });
    const first = await refresher.start();
    expect(first).toMatchObject({ failed: 1, refreshed: 0 });
    expect(first.stoppedBy?.kind).toBe('rate-limited');
    expect(asked(fake)).toHaveLength(1);

    status.set({ online: true, pausedReason: 'rate-limited' });
    expect(await refresher.refreshNow()).toMatchObject({ skipped: 'paused' });
    expect(asked(fake)).toHaveLength(1);

    // The pause ends: the rest is downloaded.
    status.set({ online: true, pausedReason: null });
    await waitFor('all downloaded', async () => (await db.complaints.toArray()).every((r) => r.existsOnServer === true));
    await refresher.idle();
    expect(asked(fake)).toHaveLength(4);
  });

  it('a key change retries downloads that failed', async () => {
    const { fake } = await setup({ A: 'new' }, { A: { kind: 'never' } });
    fake.checkFaults = ['auth'];
    const { refresher } = refresherFor(fake, online());
    expect((await refresher.start()).stoppedBy?.kind).toBe('auth');
    fake.emit({ type: 'key-changed' });
    await waitFor('downloaded with the new key', async () => (await row('A')).existsOnServer === true);
    expect(asked(fake)).toEqual(['A', 'A']);
  });

  it('two windows: only one refreshes at a time (the other skips)', async () => {
    const { fake } = await setup({ A: 'new', B: 'new' }, { A: { kind: 'never' }, B: { kind: 'never' } });
    let release = (): void => {};
    fake.gate = new Promise<void>((resolve) => (release = resolve));
    const locks = createLocalLocks();
    const one = refresherFor(fake, online(), { locks }).refresher;
    const two = refresherFor(fake, online(), { locks }).refresher;
    const first = one.start();
    await waitFor('first round in flight', () => fake.inFlight > 0);
    expect(await two.start()).toMatchObject({ skipped: 'busy' });
    release();
    expect(await first).toMatchObject({ refreshed: 2 });
    expect(asked(fake).sort()).toEqual(['A', 'B']);
  });

  it('stop(): the round under way ends, no timer is left, nothing more is asked', async () => {
    const { fake } = await setup({ A: 'new', B: 'new', C: 'new' }, { A: { kind: 'never' }, B: { kind: 'never' }, C: { kind: 'never' } });
    let release = (): void => {};
    fake.gate = new Promise<void>((resolve) => (release = resolve));
    const status = writable<Status>({ online: false, pausedReason: null });
    const { refresher, timers } = refresherFor(fake, status, { concurrency: 1 });
    await refresher.start();
    status.set({ online: true, pausedReason: null });
    await waitFor('one request in flight', () => fake.inFlight === 1);
    const stopping = refresher.stop();
    release();
    await stopping;
    expect(timers.pending.size).toBe(0);
    expect(asked(fake)).toEqual(['A']);
    status.set({ online: false, pausedReason: null });
    status.set({ online: true, pausedReason: null });
    fake.emit({ type: 'key-changed' });
    expect(await refresher.refreshNow()).toMatchObject({ skipped: 'stopped' });
    expect(asked(fake)).toEqual(['A']);
  });
});
