/**
 * The sync engine's rate pacer (renderer/src/sync/rate-pacer.ts): the figures it learns
 * from replies, when it asks main itself, how many lanes, when a change goes paced and how
 * long it waits; and, through the engine, lanes that grow with the first reply of a drain.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RateLimit } from '../../../../common/ipc-contract';
import { RESET_MARGIN_MS } from '../../../../common/rate-budget';
import { ok } from '../../../../common/result';
import type { ComplaintStatus } from '../../../../common/status';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { createRunState } from '../../../../renderer/src/runtime/run-state';
import {
  createRateFigures,
  createRatePacer,
  observeReplies,
  type RateFigures,
  type RatePacerOptions,
} from '../../../../renderer/src/sync/rate-pacer';
import { useEngineHarness } from '../../../support/engine-harness';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** Figures main took at `takenAt`, of a window that resets `resetInMs` after NOW. */
const figures = (remaining: number, o: { limit?: number; resetInMs?: number | null; takenAt?: number } = {}): RateLimit => ({
  limit: o.limit ?? 50,
  remaining,
  resetAt: o.resetInMs === null ? null : iso(NOW + (o.resetInMs ?? 60_000)),
  observedAt: iso(o.takenAt ?? NOW),
});

describe('RateFigures', () => {
  it('keeps the newest figures; older ones, and replies that told nothing, count as requests made since', () => {
    const held = createRateFigures(() => NOW);
    expect(held.current()).toBeNull();
    held.observe(figures(40, { takenAt: NOW - 10 }));
    held.observe(figures(45, { takenAt: NOW - 20 })); // an earlier request's answer, arriving late
    held.observe(undefined);
    expect(held.current()?.remaining).toBe(40);
    expect(held.spentSince()).toBe(2);
    held.observe(figures(37, { takenAt: NOW - 5 }));
    expect(held.current()?.remaining).toBe(37);
    expect(held.spentSince()).toBe(0);
    // Main has none (another key, no limits): nothing is known.
    held.observe(null);
    expect(held.current()).toBeNull();
  });

  it('asks main only when nothing was heard for a while, once for all who wait', async () => {
    let t = NOW;
    const held = createRateFigures(() => t);
    let asks = 0;
    let answer = (): void => {};
    const ask = () => {
      asks += 1;
      return new Promise<RateLimit | null>((resolve) => (answer = () => resolve(figures(30))));
    };
    const waiting = [held.refresh(ask, 5000), held.refresh(ask, 5000)];
    answer();
    await Promise.all(waiting);
    expect(asks).toBe(1);
    expect(held.current()?.remaining).toBe(30);

    t += 4000;
    await held.refresh(ask, 5000);
    expect(asks).toBe(1);
    // A reply keeps the figures fresh: no need to ask.
    t += 4000;
    held.observe(figures(28));
    await held.refresh(ask, 5000);
    expect(asks).toBe(1);
    t += 6000;
    const again = held.refresh(ask, 5000);
    answer();
    await again;
    expect(asks).toBe(2);
  });

  it('an ask that fails or gives no answer leaves the figures as they were', async () => {
    const held = createRateFigures(() => NOW);
    held.observe(figures(20));
    await held.refresh(async () => undefined, 0);
    await held.refresh(() => Promise.reject(new Error('closed')), 0);
    expect(held.current()?.remaining).toBe(20);
  });
});

describe('observeReplies', () => {
  it("records what the replies of the channels that call BizKitHub say, and nothing of the others'", async () => {
    const held = createRateFigures(() => NOW);
    const desk = {
      getComplaint: async () => ({ ...ok({ id: 'A' }), rateLimit: figures(12) }),
      getConnectivity: async () => ({ ...ok({ online: true }), rateLimit: figures(1) }),
    };
    const observed = observeReplies(desk, held);
    expect(await observed.getConnectivity()).toMatchObject({ ok: true });
    expect(held.current()).toBeNull();
    expect(await observed.getComplaint()).toMatchObject({ ok: true, value: { id: 'A' } });
    expect(held.current()?.remaining).toBe(12);

    // Looked up at each call: a method replaced afterwards is observed too.
    desk.getComplaint = async () => ({ ...ok({ id: 'B' }), rateLimit: figures(11, { takenAt: NOW + 1 }) });
    await observed.getComplaint();
    expect(held.current()?.remaining).toBe(11);
  });
});

describe('observeReplies over a frozen desk (Electron freezes what contextBridge exposes)', () => {
  it('wraps the carriers and passes the other methods through, without touching the frozen desk', async () => {
    const held = createRateFigures(() => NOW);
    const desk = Object.freeze({
      getComplaint: async () => ({ ...ok({ id: 'A' }), rateLimit: figures(9) }),
      getSettings: async () => ok({ theme: 'dark' }),
    });
    const observed = observeReplies(desk, held);
    expect(await observed.getSettings()).toEqual(ok({ theme: 'dark' }));
    expect(await observed.getComplaint()).toMatchObject({ ok: true, value: { id: 'A' } });
    expect(held.current()?.remaining).toBe(9);
  });
});

/** A pacer on a test clock whose sleeps pass at once (recorded); main answers `main` when asked. */
function pacerWith(held: RateFigures, o: { main?: RateLimit | null; configured?: number } = {}) {
  const clock = { t: NOW };
  const sleeps: number[] = [];
  const run = createRunState({
    setTimeout: (fn: () => void, ms: number) => {
      sleeps.push(ms);
      clock.t += ms;
      queueMicrotask(fn);
      return 0;
    },
    clearTimeout: () => undefined,
  });
  run.begin();
  let asks = 0;
  let pacedTurn: number | null = null;
  const options: RatePacerOptions = {
    figures: held,
    run,
    now: () => clock.t,
    ask: async () => {
      asks += 1;
      return o.main === undefined ? held.current() : o.main;
    },
    quietMs: 5000,
    configuredLanes: () => o.configured ?? 2,
    slowDelayMs: 1000,
    pacedTurn: { get: () => pacedTurn, set: (ms) => (pacedTurn = ms) },
  };
  const pacer = createRatePacer(options);
  return { pacer, clock, sleeps, asks: () => asks, pacedTurn: () => pacedTurn };
}

describe('the rate pacer', () => {
  it('asks main before its first change (and after reset), not while replies keep telling', async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held, { main: figures(45) });
    held.observe(figures(49)); // heard just now, but the engine starts: main is asked anyway
    await p.pacer.run(2, async () => held.observe(figures(43)));
    expect(p.asks()).toBe(1);
    await p.pacer.run(2, async () => held.observe(figures(41)));
    expect(p.asks()).toBe(1);
    p.pacer.reset();
    await p.pacer.run(2, async () => undefined);
    expect(p.asks()).toBe(2);
  });

  it('grows the lanes with the budget, counting the changes under way', async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held, { configured: 2 });
    expect(p.pacer.lanes()).toBe(2);
    held.observe(figures(900, { limit: 1000 }));
    expect(p.pacer.lanes()).toBe(8);
    held.observe(figures(50));
    expect(p.pacer.lanes()).toBe(6);
    let lanesMeanwhile = 0;
    await p.pacer.run(2, async () => {
      lanesMeanwhile = p.pacer.lanes();
    });
    // One change under way may still spend two requests: (50 - 2 - 5) / 7.
    expect(lanesMeanwhile).toBe(6);
    held.observe(figures(35));
    let release = (): void => {};
    const held2 = new Promise<void>((r) => (release = r));
    const both = [
      p.pacer.run(2, () => held2),
      p.pacer.run(2, async () => {
        await new Promise((r) => setTimeout(r, 0));
        lanesMeanwhile = p.pacer.lanes();
        release();
      }),
    ];
    await Promise.all(both);
    // Two under way: (35 - 4 - 5) / 7; one alone would leave (35 - 2 - 5) / 7 = 4.
    expect(lanesMeanwhile).toBe(3);
  });

  it('runs changes on free lanes while plenty remains, one at a time once the budget is low', async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held);
    held.observe(figures(40));
    const seen: boolean[] = [];
    await p.pacer.run(2, async (paced) => seen.push(paced));
    expect(p.pacedTurn()).toBeNull();

    held.observe(figures(5, { takenAt: NOW + 1 })); // at the reserve: a tenth of 50, at least three per lane
    let running = 0;
    let peak = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        p.pacer.run(2, async (paced) => {
          seen.push(paced);
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running -= 1;
        }),
      ),
    );
    expect(seen).toEqual([false, true, true, true]);
    expect(peak).toBe(1);
    expect(p.pacedTurn()).not.toBeNull();
  });

  it("judges figures as of when they were taken: after low ones, a window that ended goes one change at a time until an answer tells what it freed", async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held);
    // Low figures whose window ended before now (the clock is past their reset).
    held.observe(figures(0, { resetInMs: -1000, takenAt: NOW - 5000 }));
    const seen: boolean[] = [];
    await p.pacer.run(2, async (paced) => {
      seen.push(paced);
      held.observe(figures(49)); // its answer: the window freed everything
    });
    await p.pacer.run(2, async (paced) => seen.push(paced));
    expect(seen).toEqual([true, false]);
    // Not a wait: the window had ended already.
    expect(p.sleeps).toEqual([]);

    // Plenty when taken, window over since: not low, and lanes back at the setting.
    held.observe(figures(45, { resetInMs: -1000, takenAt: NOW + 1 }));
    await p.pacer.run(2, async (paced) => seen.push(paced));
    expect(seen.at(-1)).toBe(false);
    expect(p.pacer.lanes()).toBe(2);
  });

  it('paced, waits until the window has room for the change (its reset, plus a margin)', async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held);
    held.observe(figures(1, { resetInMs: 3000 }));
    await p.pacer.run(2, async (paced) => expect(paced).toBe(true));
    expect(p.sleeps).toEqual([3000 + RESET_MARGIN_MS]);
  });

  it('paced, with nothing left and no reset known: waits the slow delay once, then goes (its answer tells)', async () => {
    const held = createRateFigures(() => NOW);
    const p = pacerWith(held);
    held.observe(figures(0, { resetInMs: null }));
    await p.pacer.run(1, async () => undefined);
    expect(p.sleeps).toEqual([1000]);
  });
});

const h = useEngineHarness();

describe('the engine, paced by the replies', () => {
  it('lanes grow with the first replies of a short drain, though main had no figures when asked', async () => {
    const initial: Record<string, ComplaintStatus> = {};
    for (let i = 0; i < 30; i++) initial[`K${i}`] = 'new';
    const fake = await h.seed(initial);
    for (const id of Object.keys(initial)) await changeStatus(h.db, id, 'open');
    // Main has seen no answer yet when the engine asks; every reply then carries plenty.
    let asked = 0;
    fake.desk.getRateLimit = async () => {
      asked += 1;
      return ok(null);
    };
    fake.rateLimit = { limit: 10_000, remaining: 9_000, resetAt: iso(Date.now() + 3_600_000), observedAt: iso(Date.now()) };
    fake.delayMs = 15;
    const engine = h.engine(fake, { getSettings: () => ({ conflictCheck: false, syncConcurrency: 2 }), now: Date.now });
    await engine.start();
    expect((await engine.syncNow()).sent).toBe(30);
    expect(fake.peakInFlight).toBeGreaterThan(2);
    expect(asked).toBe(1);
  });
});
