/**
 * The header says "Rate limited — resuming at …" while the pacer waits for the rate-limit
 * window's reset inside a pass (not only "syncing…"): the pacer tells the status when it
 * starts waiting, until when, and when it stops. A pace of a second or so is not told.
 */
import { describe, expect, it } from 'vitest';
import type { RateLimit } from '../../../../common/ipc-contract';
import { RESET_MARGIN_MS } from '../../../../common/rate-budget';
import { createRunState } from '../../../../renderer/src/runtime/run-state';
import { createRateFigures, createRatePacer } from '../../../../renderer/src/sync/rate-pacer';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const figures = (remaining: number, resetInMs: number | null): RateLimit => ({
  limit: 50,
  remaining,
  resetAt: resetInMs === null ? null : new Date(NOW + resetInMs).toISOString(),
  observedAt: new Date(NOW).toISOString(),
});

/** A pacer on a test clock whose sleeps pass at once; what it told of its waits, in order. */
function pacerTelling(held: RateLimit) {
  const clock = { t: NOW };
  const run = createRunState({
    setTimeout: (fn: () => void, ms: number) => {
      clock.t += ms;
      queueMicrotask(fn);
      return 0;
    },
    clearTimeout: () => undefined,
  });
  run.begin();
  const told: Array<number | null> = [];
  const rateFigures = createRateFigures(() => clock.t);
  rateFigures.observe(held);
  let pacedTurn: number | null = null;
  const pacer = createRatePacer({
    figures: rateFigures,
    run,
    now: () => clock.t,
    ask: async () => rateFigures.current(),
    quietMs: 5000,
    configuredLanes: () => 2,
    slowDelayMs: 1000,
    pacedTurn: { get: () => pacedTurn, set: (ms) => (pacedTurn = ms) },
    onRateWait: (until) => told.push(until),
  });
  return { pacer, told };
}

describe('the pacer tells the status when it waits for the rate-limit window', () => {
  it('a wait for the reset a minute away: told with its end, then cleared', async () => {
    const p = pacerTelling(figures(0, 60_000));
    let statusDuringWait: number | null | undefined;
    await p.pacer.run(2, async () => {
      statusDuringWait = p.told.at(-1);
    });
    expect(p.told).toEqual([NOW + 60_000 + RESET_MARGIN_MS, null]);
    expect(statusDuringWait).toBeNull(); // cleared before the change goes
  });

  it('a pace of a second (nothing left, no reset known) is "sending slowly", not told', async () => {
    const p = pacerTelling(figures(0, null));
    await p.pacer.run(2, async () => undefined);
    expect(p.told).toEqual([]);
  });
});
