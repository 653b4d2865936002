/**
 * Issue 11's in-app drain speed, each piece pinned down:
 * - lanes grow while the rate budget has plenty left and shrink as it runs low (lanesFor,
 *   runChains with a changing target, the engine with figures from main);
 * - a lane claims its complaint's next change in the transaction that settles the last
 *   (settleAndClaimNext), and a claim it did not use goes back (releaseClaim);
 * - the lanes' writes that arrive together commit together (createWriteBatcher), and a
 *   failing write fails alone.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { lanesFor, MAX_LANES } from '../../../../common/rate-budget';
import type { RateLimit } from '../../../../common/ipc-contract';
import type { ComplaintStatus } from '../../../../common/status';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { claimEntry, releaseClaim, settleAndClaimNext } from '../../../../renderer/src/data/outbox-sending';
import { createWriteBatcher } from '../../../../renderer/src/data/write-batch';
import { runChains } from '../../../../renderer/src/sync/chain-pool';
import type { FakeDesk } from '../../../support/fake-desk';
import { useEngineHarness } from '../../../support/engine-harness';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const figures = (remaining: number, limit = 1000, resetInMs = 60_000) => ({
  limit,
  remaining,
  resetAt: new Date(NOW + resetInMs).toISOString(),
});

describe('lanesFor', () => {
  it('runs the setting while nothing is known of the budget', () => {
    expect(lanesFor(null, 0, 4, NOW)).toBe(4);
    expect(lanesFor({ limit: null, remaining: null, resetAt: null }, 0, 3, NOW)).toBe(3);
    // Figures of a window that is over say nothing either.
    expect(lanesFor(figures(900, 1000, -1), 0, 4, NOW)).toBe(4);
  });

  it('grows to four times the setting (at most MAX_LANES) while plenty remains', () => {
    expect(lanesFor(figures(900), 0, 4, NOW)).toBe(16);
    expect(lanesFor(figures(900), 0, 2, NOW)).toBe(8);
    expect(lanesFor(figures(9000, 10_000), 0, 8, NOW)).toBe(MAX_LANES);
  });

  it('shrinks as the window runs low, counting requests made since, never below one', () => {
    // Free plan burst: 50 per window, a tenth kept in hand, seven requests per lane.
    expect(lanesFor(figures(50, 50), 0, 4, NOW)).toBe(6);
    expect(lanesFor(figures(50, 50), 20, 4, NOW)).toBe(3);
    expect(lanesFor(figures(10, 50), 0, 4, NOW)).toBe(1);
    expect(lanesFor(figures(0, 50), 0, 4, NOW)).toBe(1);
  });
});

describe('runChains with a changing number of lanes', () => {
  it('adds lanes as the target grows and lets lanes end between chains as it shrinks', async () => {
    let target = 1;
    let running = 0;
    const peaks: number[] = [];
    const chains = Array.from({ length: 12 }, (_, i) => [`c${i}-1`, `c${i}-2`]);
    let done = 0;
    await runChains(
      chains,
      () => target,
      async () => {
        running += 1;
        peaks.push(running);
        await new Promise((r) => setTimeout(r, 3));
        running -= 1;
        done += 1;
        if (done === 2) target = 4; // the figures came: plenty left
        if (done === 12) target = 1; // the window runs low
        return true;
      },
    );
    expect(done).toBe(24);
    expect(peaks.slice(0, 2)).toEqual([1, 1]);
    expect(Math.max(...peaks)).toBe(4);
    // After the target fell to one, lanes finished their chains and ended: one left at the end.
    expect(peaks.at(-1)).toBe(1);
  });

  it("tells the worker the chain's next item (none after the last)", async () => {
    const seen: Array<[string, string | undefined]> = [];
    await runChains([['a1', 'a2', 'a3']], 1, async (item, next) => {
      seen.push([item, next]);
      return true;
    });
    expect(seen).toEqual([
      ['a1', 'a2'],
      ['a2', 'a3'],
      ['a3', undefined],
    ]);
  });
});

const h = useEngineHarness();
let db: DeskDatabase;

async function setup(initial: Record<string, ComplaintStatus>): Promise<FakeDesk> {
  const fake = await h.seed(initial);
  db = h.db;
  return fake;
}

async function seqsOf(id: string): Promise<number[]> {
  return (await db.outbox.where('complaintId').equals(id).sortBy('seq')).map((e) => e.seq!);
}

describe('claiming the next change with the settle', () => {
  it("settles the sent change and claims the complaint's next in one transaction; the row counts both", async () => {
    await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open');
    await changeStatus(db, 'A', 'wait');
    const [first, second] = await seqsOf('A');
    const claimed = (await claimEntry(db, (await db.outbox.get(first!))!, Date.now))!;
    const r = await settleAndClaimNext(db, Date.now, claimed, { state: 'sent', sentAt: Date.now() }, { serverStatus: 'open' }, null, second!);
    expect(r.settled).toBe(true);
    expect(r.next?.entry.seq).toBe(second);
    expect((await db.outbox.get(first!))?.state).toBe('sent');
    expect((await db.outbox.get(second!))?.state).toBe('sending');
    const row = await db.complaints.get('A');
    expect(row).toMatchObject({ serverStatus: 'open', pendingCount: 1, pendingStatus: 'wait' });

    // The lane stopped before sending it: it goes back to the queue as it was.
    await releaseClaim(db, Date.now, r.next!);
    expect((await db.outbox.get(second!))?.state).toBe('queued');
  });

  it('claims nothing when the next change may not go now (in its undo hold), and nothing when the claim was lost', async () => {
    await setup({ A: 'new' });
    await changeStatus(db, 'A', 'open');
    await changeStatus(db, 'A', 'wait', Date.now(), { holdMs: 60_000 });
    const [first, second] = await seqsOf('A');
    const claimed = (await claimEntry(db, (await db.outbox.get(first!))!, Date.now))!;
    const held = await settleAndClaimNext(db, Date.now, claimed, { state: 'sent' }, {}, null, second!);
    expect(held).toEqual({ settled: true, next: null });
    expect((await db.outbox.get(second!))?.state).toBe('queued');

    // A claim someone else took over (recovered meanwhile) settles nothing and claims nothing.
    const again = await settleAndClaimNext(db, Date.now, claimed, { state: 'sent' }, {}, null, second!);
    expect(again).toEqual({ settled: false, next: null });
  });

  it('an engine pass halted mid-chain (the network dropped) leaves no change claimed ahead', async () => {
    const fake = await setup({ A: 'new', B: 'new' });
    for (const status of ['open', 'wait', 'resolve'] as const) await changeStatus(db, 'A', status);
    await changeStatus(db, 'B', 'open');
    // B's send fails (network: the pass stops) while A's first answer is on its way back, so
    // the pass halts around A's settle, which may have claimed A's next change ahead.
    const set = fake.desk.setComplaintStatus;
    let bFailed = (): void => {};
    const bDone = new Promise<void>((resolve) => (bFailed = resolve));
    fake.desk.setComplaintStatus = async (input) => {
      if (input.complaintId === 'B') {
        fake.sendFaults.push('network');
        const r = await set(input);
        // Released once the engine has recorded B's failure (and so halted the pass).
        void (async () => {
          while ((await db.outbox.where('complaintId').equals('B').first())?.state === 'sending') {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          setTimeout(bFailed, 10);
        })();
        return r;
      }
      const r = await set(input);
      if (input.status === 'open') await bDone;
      return r;
    };
    const engine = h.engine(fake, { getSettings: () => ({ conflictCheck: false, syncConcurrency: 2 }), now: Date.now });
    await engine.start();
    const report = await engine.syncNow();
    expect(report.retrying).toBe(1);
    // A's next change went back to the queue (not left `sending`, which the next pass would
    // have had to check with a detail request after the grace period): the follow-up pass
    // sent the rest of A's chain in order, without asking.
    expect((await db.outbox.toArray()).map((e) => e.state)).not.toContain('sending');
    expect(fake.applied.filter((a) => a.complaintId === 'A').map((a) => a.status)).toEqual(['open', 'wait', 'resolve']);
    expect(fake.calls.filter((c) => c.method !== 'set')).toEqual([]);
    expect((await db.outbox.where('complaintId').equals('A').toArray()).map((e) => e.state)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('the engine grows its lanes with the budget', () => {
  async function peakWith(rateLimit: RateLimit | null, syncConcurrency: number): Promise<number> {
    const initial: Record<string, ComplaintStatus> = {};
    for (let i = 0; i < 30; i++) initial[`K${i}`] = 'new';
    const fake = await setup(initial);
    for (const id of Object.keys(initial)) await changeStatus(db, id, 'open');
    fake.rateLimit = rateLimit;
    fake.delayMs = 15;
    const engine = h.engine(fake, { getSettings: () => ({ conflictCheck: false, syncConcurrency }), now: Date.now });
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(30);
    return fake.peakInFlight;
  }

  it('beyond the setting while plenty remains', async () => {
    const plenty = { limit: 10_000, remaining: 9_000, resetAt: new Date(Date.now() + 3_600_000).toISOString(), observedAt: new Date().toISOString() };
    const peak = await peakWith(plenty, 2);
    expect(peak).toBeGreaterThan(2);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it('at the setting when main knows no figures', async () => {
    expect(await peakWith(null, 2)).toBeLessThanOrEqual(2);
  });
});

describe('write batching', () => {
  it('writes that arrive while one commits are committed together, each seeing the ones before it', async () => {
    await setup({ A: 'new' });
    const batcher = createWriteBatcher(db);
    let transactions = 0;
    const counted = db.transaction.bind(db);
    (db as unknown as { transaction: unknown }).transaction = (...args: Parameters<typeof counted>) => {
      transactions += 1;
      return counted(...args);
    };
    const order: number[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        batcher.run(async () => {
          const row = (await db.complaints.get('A'))!;
          order.push(n);
          await db.complaints.put({ ...row, pendingCount: row.pendingCount + 1 });
          return n;
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect((await db.complaints.get('A'))?.pendingCount).toBe(5);
    // The first alone (nothing was committing), the four that waited for it in one.
    expect(transactions).toBe(2);
  });

  it('a failing write fails alone: the others of its batch are written', async () => {
    await setup({ A: 'new', B: 'new' });
    const batcher = createWriteBatcher(db);
    const mark = (id: string) =>
      batcher.run(async () => {
        const row = (await db.complaints.get(id))!;
        await db.complaints.put({ ...row, pendingCount: 7 });
      });
    const first = mark('A');
    const failing = batcher.run(async () => {
      throw new Error('disk full');
    });
    const third = mark('B');
    await first;
    await expect(failing).rejects.toThrow('disk full');
    await third;
    expect((await db.complaints.get('A'))?.pendingCount).toBe(7);
    expect((await db.complaints.get('B'))?.pendingCount).toBe(7);
  });
});
