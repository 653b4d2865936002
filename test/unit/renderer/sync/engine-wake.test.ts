/**
 * The sync engine and main's `wake` / `sync-now` events (issue 12): after a sleep the
 * engine's retry timer is stale (timers do not count the time asleep on most OSes), so a
 * wake must send what is due by the clock at once, without waiting for that timer.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import type { ComplaintStatus } from '../../../../common/status';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { virtualTimers, type FakeDesk } from '../../../support/fake-desk';
import { waitFor } from '../../../support/desk-db';
import { useEngineHarness } from '../../../support/engine-harness';

const h = useEngineHarness();
const { clock } = h;
let db: DeskDatabase;
async function setup(initial: Record<string, ComplaintStatus>) {
  const fake = await h.seed(initial);
  db = h.db;
  return fake;
}

function engineFor(fake: FakeDesk, timers = virtualTimers(clock)) {
  const engine = h.engine(fake, {
    getSettings: () => ({ conflictCheck: false, syncConcurrency: 1 }),
    timers,
    locks: createLocalLocks(),
  });
  return { engine, timers };
}

const entries = (): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();
const settle = () => new Promise((r) => setTimeout(r, 50));

/** One change that failed once and waits out its retry delay. */
async function changeInBackoff() {
  const fake = await setup({ A: 'new' });
  await changeStatus(db, 'A', 'open', clock.t);
  fake.sendFaults.push('forbidden'); // retried with backoff; connectivity untouched
  const { engine, timers } = engineFor(fake);
  await engine.start();
  await waitFor('the first attempt failed', async () => (await entries())[0]?.attempts === 1);
  const [entry] = await entries();
  expect(entry).toMatchObject({ state: 'queued', attempts: 1 });
  expect(entry!.nextAttemptAt).toBeGreaterThan(clock.t);
  await waitFor('the retry timer is armed', () => timers.dueTimes().includes(entry!.nextAttemptAt));
  return { fake, engine, timers, retryAt: entry!.nextAttemptAt };
}

describe('sync engine: wake from sleep and network back', () => {
  it('a retry delay that expired during the sleep is sent at once on wake, not when the old timer fires', async () => {
    const { fake, timers, retryAt } = await changeInBackoff();
    expect(timers.dueTimes()).toContain(retryAt); // the timer armed before the sleep
    clock.t = retryAt + 60_000; // slept past it; the stale timer has not fired
    await settle();
    expect(fake.applied).toEqual([]);
    fake.emit({ type: 'wake', online: true, since: new Date(clock.t).toISOString() });
    await waitFor('sent after the wake', () => fake.applied.length === 1);
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'open' }]);
    expect((await entries())[0]?.state).toBe('sent');
    expect(timers.dueTimes()).not.toContain(retryAt); // the stale timer is gone
  });

  it('a delay that has not expired yet is still honoured, and its timer re-armed for the time left', async () => {
    const { fake, timers, retryAt } = await changeInBackoff();
    clock.t = retryAt - 1000;
    fake.emit({ type: 'wake', online: true, since: new Date(clock.t).toISOString() });
    await settle();
    expect(fake.applied).toEqual([]);
    expect(timers.dueTimes()).toContain(retryAt);
  });

  it('a wake whose probe found no network marks the engine offline and sends nothing', async () => {
    const { fake, engine, retryAt } = await changeInBackoff();
    clock.t = retryAt + 1000;
    fake.emit({ type: 'wake', online: false, since: new Date(clock.t).toISOString() });
    await waitFor('offline', () => get(engine.status).online === false);
    await settle();
    expect(fake.applied).toEqual([]);
  });

  it("the tray's Sync now (a sync-now event) sends like the button, offline state or not", async () => {
    const fake = await setup({ A: 'new' });
    fake.online = false;
    await changeStatus(db, 'A', 'wait', clock.t);
    const { engine } = engineFor(fake);
    await engine.start();
    await settle();
    expect(fake.applied).toEqual([]);
    fake.emit({ type: 'sync-now' });
    await waitFor('sent by sync-now', () => fake.applied.length === 1);
    expect(fake.applied).toEqual([{ complaintId: 'A', status: 'wait' }]);
  });
});
