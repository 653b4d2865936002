/**
 * Back online, everything goes: when main says the API answers again after being offline
 * or unreachable, a change waiting on a backoff grown during the outage goes within the
 * reconnect's jitter, not when that backoff ends. Server errors while online still back off.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DeskError } from '../../../../common/errors';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import { RECONNECT_JITTER_MS } from '../../../../common/outbox-rules';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { virtualTimers, type FakeDesk } from '../../../support/fake-desk';
import { waitFor } from '../../../support/desk-db';
import { useEngineHarness } from '../../../support/engine-harness';

const h = useEngineHarness();
const { clock } = h;
let db: DeskDatabase;

const entries = (): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();
const settle = () => new Promise((r) => setTimeout(r, 50));
const FIVE_MIN = 300_000;

/** A's change waits on a long backoff of `kind` (as after many failures), in `state`. */
async function waitingChange(kind: DeskError['kind'], state: 'queued' | 'needs-check' = 'needs-check') {
  const fake = await h.seed({ A: 'new' });
  db = h.db;
  await changeStatus(db, 'A', 'open', clock.t);
  const [entry] = await entries();
  await db.outbox.update(entry!.seq!, {
    state,
    attempts: 9,
    backoffLevel: 9,
    lastError: { kind, message: kind, ...(kind === 'rate-limited' ? { retryAfterMs: FIVE_MIN } : {}) },
    nextAttemptAt: clock.t + FIVE_MIN,
  });
  const timers = virtualTimers(clock);
  const engine = h.engine(fake, { timers, locks: createLocalLocks(), getSettings: () => ({ conflictCheck: true, syncConcurrency: 4 }) });
  return { fake, engine, timers };
}

/** The change is due within the jitter, the engine's timer is armed for it, and it is sent when that fires. */
async function goesWithinJitter(fake: FakeDesk, timers: ReturnType<typeof virtualTimers>): Promise<void> {
  const start = clock.t;
  let due = Infinity;
  await waitFor('due within the jitter', async () => {
    due = (await entries())[0]?.nextAttemptAt ?? Infinity;
    return due <= start + RECONNECT_JITTER_MS;
  });
  await waitFor('the timer armed for it', () => timers.dueTimes().includes(due));
  timers.advanceTo(start + RECONNECT_JITTER_MS);
  await waitFor('sent', () => fake.applied.length === 1);
}

const connectivity = (fake: FakeDesk, online: boolean) =>
  fake.emit({ type: 'connectivity', online, since: new Date(clock.t).toISOString() });

describe('sync engine: back online, everything goes', () => {
  it('a change checked in vain during an outage goes within the jitter once the API answers again', async () => {
    const { fake, engine, timers } = await waitingChange('network');
    await engine.start();
    connectivity(fake, false);
    await waitFor('offline', async () => (await db.meta.get('sync'))?.online === false);
    clock.t += 60_000;
    connectivity(fake, true);
    await goesWithinJitter(fake, timers);
    expect((await entries())[0]).toMatchObject({ state: 'sent' });
  });

  it('the same after a 5xx backoff, and when the engine itself found the API unreachable', async () => {
    const { fake, engine, timers } = await waitingChange('server');
    fake.checkFaults.push('network'); // start()'s pass has nothing due; the forced one finds nothing at the other end
    await engine.start();
    await db.outbox.update((await entries())[0]!.seq!, { nextAttemptAt: 0 });
    await engine.syncNow();
    const [afterNetwork] = await entries();
    expect(afterNetwork).toMatchObject({ state: 'needs-check', backoffLevel: 9, lastError: { kind: 'network' } });
    await db.outbox.update(afterNetwork!.seq!, { lastError: { kind: 'server', message: '502' }, nextAttemptAt: clock.t + FIVE_MIN });
    connectivity(fake, true); // main never said offline to this window, but the engine saw it
    await goesWithinJitter(fake, timers);
  });

  it('a server error while online still backs off: an "online" that ends nothing releases nothing', async () => {
    const { fake, engine } = await waitingChange('server');
    await engine.start();
    connectivity(fake, true);
    await settle();
    expect((await entries())[0]?.nextAttemptAt).toBe(clock.t + FIVE_MIN);
    expect(fake.applied).toEqual([]);
  });

  it('a rate-limit pause is kept after a reconnect', async () => {
    const { fake, engine } = await waitingChange('rate-limited', 'queued');
    await engine.start();
    connectivity(fake, false);
    await waitFor('offline', async () => (await db.meta.get('sync'))?.online === false);
    connectivity(fake, true);
    await settle();
    expect((await entries())[0]?.nextAttemptAt).toBe(clock.t + FIVE_MIN);
  });

  it('a window closed while offline and opened when the API answers releases the waits at start', async () => {
    const { fake, engine, timers } = await waitingChange('unknown-outcome');
    await db.meta.put({ key: 'sync', lastSuccessAt: null, lastAttemptAt: null, lastError: null, pausedReason: null, pausedUntil: null, online: false });
    await engine.start();
    await goesWithinJitter(fake, timers);
  });
});
