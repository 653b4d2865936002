/**
 * The drain-speed changes of issue 7's benchmark, each pinned down:
 * - sendableChains: a pass walks each complaint's chain, oldest change first;
 * - no batch barrier: a complaint's next change never waits for another complaint;
 * - timelines are refreshed after the queue, not between a complaint's changes;
 * - the watch follows writes from another connection (another window), paced;
 * - rate-limit figures whose window has reset are stale (no crawling after a 429);
 * - readUnsent / countUnsent (one indexed range per state) agree with a full scan.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { UNSENT_STATES, isUnsent, sendableChains, type OutboxEntry, type OutboxState } from '../../../../common/outbox-rules';
import { backgroundReserve, budgetLow } from '../../../../common/rate-budget';
import type { ComplaintStatus } from '../../../../common/status';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { runChains } from '../../../../renderer/src/sync/chain-pool';
import type { SyncEngineOptions } from '../../../../renderer/src/sync/engine';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { countUnsent, readUnsent } from '../../../../renderer/src/data/outbox-queries';
import type { FakeDesk } from '../../../support/fake-desk';
import { waitFor } from '../../../support/desk-db';
import { useEngineHarness } from '../../../support/engine-harness';
import { TEST_DATA_KEY } from '../../../support/data-key';

type Row = Pick<OutboxEntry, 'seq' | 'complaintId' | 'state' | 'nextAttemptAt'>;
const row = (seq: number, complaintId: string, state: OutboxState = 'queued', nextAttemptAt = 0): Row => ({
  seq,
  complaintId,
  state,
  nextAttemptAt,
});

describe('sendableChains', () => {
  it("gives each complaint's unsent entries from its head on, chains ordered by the head's seq", () => {
    const chains = sendableChains(
      [row(5, 'B'), row(1, 'A', 'sent'), row(2, 'A'), row(9, 'A'), row(3, 'B'), row(7, 'A', 'needs-check')],
      1000,
    );
    expect(chains.map((c) => c.map((e) => e.seq))).toEqual([
      [2, 7, 9],
      [3, 5],
    ]);
  });

  it('leaves out complaints whose head may not go now (waiting for the agent, in flight, or for a time)', () => {
    const chains = sendableChains(
      [
        row(1, 'A', 'conflict'),
        row(2, 'A'),
        row(3, 'B', 'failed'),
        row(4, 'C', 'sending'),
        row(5, 'C'),
        row(6, 'D', 'queued', 2000),
        row(7, 'E'),
      ],
      1000,
    );
    expect(chains.map((c) => c.map((e) => e.seq))).toEqual([[7]]);
  });
});

describe('runChains', () => {
  it('one item per chain at a time, at most `concurrency` at once, a chain ends at the first false', async () => {
    let running = 0;
    let peak = 0;
    const busy = new Set<string>();
    const ran: string[] = [];
    await runChains(
      [['a1', 'a2', 'a3'], ['b1', 'b2'], ['c1', 'cSTOP', 'c3'], ['d1']],
      2,
      async (item) => {
        const chain = item[0]!;
        expect(busy.has(chain)).toBe(false);
        busy.add(chain);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        ran.push(item);
        running -= 1;
        busy.delete(chain);
        return item !== 'cSTOP';
      },
    );
    expect(peak).toBe(2);
    expect(ran).not.toContain('c3');
    expect([...ran].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'cSTOP', 'd1']);
    for (const chain of ['a', 'b', 'c']) {
      const order = ran.filter((i) => i.startsWith(chain));
      expect(order).toEqual([...order].sort());
    }
  });

  it('a lane walks its chain to the end, then takes the chain with the most left (ties: the earlier one)', async () => {
    const ran: string[] = [];
    await runChains([['a1'], ['b1', 'b2', 'b3'], ['c1', 'c2']], 1, async (item) => {
      ran.push(item);
      return true;
    });
    expect(ran).toEqual(['b1', 'b2', 'b3', 'c1', 'c2', 'a1']);
  });

  it('stops taking items once shouldStop() is true', async () => {
    const ran: string[] = [];
    await runChains([['a1', 'a2'], ['b1', 'b2']], 1, async (item) => {
      ran.push(item);
      return true;
    }, () => ran.length >= 2);
    expect(ran).toHaveLength(2);
  });
});

describe('budgetLow with the clock', () => {
  const low = { limit: 1000, remaining: 0 };
  const tenth = backgroundReserve(0.1);
  it('figures whose window has reset say nothing', () => {
    const resetAt = new Date(10_000).toISOString();
    expect(budgetLow({ ...low, resetAt }, 0, tenth, 9_999)).toBe(true);
    expect(budgetLow({ ...low, resetAt }, 0, tenth, 10_000)).toBe(false);
  });
  it('with an unknown or unreadable reset, it behaves as before', () => {
    expect(budgetLow({ ...low, resetAt: null }, 0, tenth, 1e15)).toBe(true);
    expect(budgetLow({ ...low, resetAt: 'soon' }, 0, tenth, 1e15)).toBe(true);
    expect(budgetLow({ limit: 1000, remaining: 500, resetAt: null }, 0, tenth, 0)).toBe(false);
  });
});

const h = useEngineHarness();
let db: DeskDatabase;

const realTimers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (handle: unknown) => clearTimeout(handle as number) };

async function setup(initial: Record<string, ComplaintStatus>): Promise<FakeDesk> {
  const fake = await h.seed(initial);
  db = h.db;
  return fake;
}

/** The engine's own clock (Date.now): these tests run in real time. */
function engineFor(fake: FakeDesk, extra: Partial<SyncEngineOptions> = {}, settings = { conflictCheck: true, syncConcurrency: 2 }) {
  return h.engine(fake, { getSettings: () => settings, now: Date.now, ...extra });
}

describe('sync engine: drain pacing', () => {
  it("no batch barrier: a complaint's next change does not wait for another complaint's slow request", async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'B', 'open');
    for (const status of ['open', 'wait', 'resolve'] as const) await changeStatus(db, 'A', status);
    let releaseB = (): void => {};
    const bHeld = new Promise<void>((resolve) => (releaseB = resolve));
    const set = fake.desk.setComplaintStatus;
    fake.desk.setComplaintStatus = async (input) => {
      if (input.complaintId === 'B') await bHeld;
      return set(input);
    };
    const engine = engineFor(fake);
    await engine.start();
    const flush = engine.syncNow();
    // B's one change hangs; A's three go through meanwhile (two lanes).
    await waitFor('A drained while B hangs', () => fake.applied.filter((a) => a.complaintId === 'A').length === 3);
    expect(fake.applied.map((a) => a.complaintId)).toEqual(['A', 'A', 'A']);
    releaseB();
    expect((await flush).sent).toBe(4);
    expect(fake.applied.map((a) => `${a.complaintId}:${a.status}`)).toEqual(['A:open', 'A:wait', 'A:resolve', 'B:open']);
  });

  it("conflict check: one detail per complaint, not per change, when the pass has just confirmed the previous change", async () => {
    const fake = await setup({ A: 'new' });
    for (const status of ['open', 'wait', 'resolve'] as const) await changeStatus(db, 'A', status);
    const engine = engineFor(fake);
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(3);
    // One check for the complaint, then its changes; no timeline read (it is not on screen).
    expect(fake.calls.map((c) => c.method)).toEqual(['detail', 'set', 'set', 'set']);
    expect(fake.applied.map((a) => a.status)).toEqual(['open', 'wait', 'resolve']);
  });

  it('conflict check: a change is checked again in a later pass (staff may have moved the complaint meanwhile)', async () => {
    const fake = await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open');
    const engine = engineFor(fake);
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(1);
    fake.statuses.set('A', 'reject'); // staff, between two passes
    await changeStatus(db, 'A', 'wait');
    const second = await engine.syncNow();
    expect(second).toMatchObject({ sent: 0, conflicts: 1 });
    expect(fake.applied.map((a) => a.status)).toEqual(['open']);
  });

  it('the timeline of the complaint on screen is refreshed once, after every change of the pass was confirmed; the others when opened', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    await changeStatus(db, 'A', 'open');
    await changeStatus(db, 'A', 'wait');
    await changeStatus(db, 'B', 'open');
    const engine = engineFor(fake, { isOnScreen: (id) => id === 'A' }, { conflictCheck: false, syncConcurrency: 2 });
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(3);
    const methods = fake.calls.map((c) => c.method);
    expect(methods).toEqual(['set', 'set', 'set', 'detail']);
    expect(fake.calls[3]?.id).toBe('A');
    expect((await db.complaints.get('B'))?.timelineStale).toBe(true);
  });

  it('the watch follows writes from another connection (another window): pending, and the change is sent', async () => {
    const fake = await setup({ A: 'new' });
    const engine = engineFor(fake, { timers: realTimers, changeDebounceMs: 5, intervalMs: 60_000 });
    await engine.start();
    await waitFor('pending 0 reported', () => fake.reported.length === 1);
    const otherWindow = openDeskDatabase(db.name, undefined, TEST_DATA_KEY);
    h.track({ stop: () => otherWindow.close() });
    await changeStatus(otherWindow, 'A', 'open');
    await waitFor('sent', () => fake.applied.length === 1);
    await waitFor('pending back to 0', () => get(engine.status).pending === 0);
    expect(fake.reported).toEqual([0, 1, 0]);
  });

  it('the watch never loses the last write of a burst (reads are paced, never skipped)', async () => {
    const fake = await setup(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`C${i}`, 'new' as const])));
    fake.online = false; // nothing is sent: only the watch reads
    const engine = engineFor(fake, { timers: realTimers, intervalMs: 60_000 });
    await engine.start();
    await waitFor('first report', () => fake.reported.length === 1);
    for (let i = 0; i < 40; i++) await changeStatus(db, `C${i}`, 'open');
    await waitFor('all 40 pending', () => get(engine.status).pending === 40);
    expect(fake.reported.at(-1)).toBe(40);
    expect(fake.applied).toEqual([]);
  });

  it('readUnsent and countUnsent agree with a full scan', async () => {
    await setup({ A: 'new', B: 'new' });
    const states: OutboxState[] = ['queued', 'sending', 'needs-check', 'uncertain', 'conflict', 'failed', 'sent', 'discarded', 'queued'];
    await db.outbox.bulkAdd(
      states.map((state, i) => ({
        complaintId: i % 2 === 0 ? 'A' : 'B',
        targetStatus: 'open' as const,
        baseStatus: 'new' as const,
        createdAt: i,
        state,
        attempts: 0,
        nextAttemptAt: 0,
        lastError: null,
        updatedAt: i,
        sentAt: null,
        resolution: null,
        serverStatusSeen: null,
      })),
    );
    const scan = (await db.outbox.toArray()).filter((e) => isUnsent(e.state));
    expect((await readUnsent(db)).map((e) => e.seq).sort()).toEqual(scan.map((e) => e.seq).sort());
    expect(await countUnsent(db)).toBe(scan.length);
    expect(new Set(scan.map((e) => e.state))).toEqual(new Set(UNSENT_STATES));
  });
});
