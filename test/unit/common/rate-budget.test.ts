import { describe, expect, it } from 'vitest';
import {
  backgroundReserve,
  budgetLow,
  budgetReserve,
  remainingNow,
  waitForBudgetMs,
  RESET_MARGIN_MS,
} from '../../../common/rate-budget';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const figures = (remaining: number | null, resetInMs: number | null, limit: number | null = 50) => ({
  limit,
  remaining,
  resetAt: resetInMs === null ? null : iso(NOW + resetInMs),
});

describe('rate budget', () => {
  it('keeps a tenth of the limit in hand, and at least three requests per lane', () => {
    expect(budgetReserve(1000, 4)).toBe(100);
    expect(budgetReserve(50, 4)).toBe(12);
    expect(budgetReserve(50, 8)).toBe(24);
    expect(budgetReserve(10, 0)).toBe(3);
  });

  it('counts the requests made since the figures were taken; stale or missing figures say nothing', () => {
    expect(remainingNow(figures(40, 5000), 6, NOW)).toBe(34);
    expect(remainingNow(figures(40, -1), 0, NOW)).toBeNull();
    expect(remainingNow(figures(null, 5000), 0, NOW)).toBeNull();
    expect(remainingNow(figures(40, 5000, null), 0, NOW)).toBeNull();
    expect(remainingNow(null, 0, NOW)).toBeNull();
  });

  it('is low at or below the reserve, counting what lanes spent since', () => {
    const fourLanes = (limit: number) => budgetReserve(limit, 4);
    expect(budgetLow(figures(20, 5000), 0, fourLanes, NOW)).toBe(false);
    expect(budgetLow(figures(20, 5000), 8, fourLanes, NOW)).toBe(true);
    expect(budgetLow(figures(12, 5000), 0, fourLanes, NOW)).toBe(true);
    // A window that is over says nothing of the next (the engine's pacer judges figures as
    // of when they were taken: test/unit/renderer/sync/rate-pacer.test.ts).
    expect(budgetLow(figures(0, -10), 0, fourLanes, NOW)).toBe(false);
    expect(budgetLow(figures(40, -10), 0, fourLanes, NOW)).toBe(false);
    expect(budgetLow(null, 100, fourLanes, NOW)).toBe(false);
  });

  it('background work keeps its share of the limit: low once no more than that is left; unknown is not low', () => {
    const tenth = backgroundReserve(0.1);
    expect(budgetLow({ limit: 1000, remaining: 99, resetAt: null }, 0, tenth, NOW)).toBe(true);
    expect(budgetLow({ limit: 1000, remaining: 100, resetAt: null }, 0, tenth, NOW)).toBe(true);
    expect(budgetLow({ limit: 1000, remaining: 101, resetAt: null }, 0, tenth, NOW)).toBe(false);
    expect(budgetLow({ limit: null, remaining: 0, resetAt: null }, 0, tenth, NOW)).toBe(false);
    expect(budgetLow(null, 0, tenth, NOW)).toBe(false);
  });

  it('waits for the window only when a change would not fit, until its reset (plus a margin)', () => {
    expect(waitForBudgetMs(figures(2, 3000), 2, NOW, 1000)).toBe(0);
    expect(waitForBudgetMs(figures(1, 3000), 2, NOW, 1000)).toBe(3000 + RESET_MARGIN_MS);
    expect(waitForBudgetMs(figures(0, 0), 2, NOW, 1000)).toBe(0);
    expect(waitForBudgetMs(figures(0, null), 2, NOW, 1000)).toBe(1000);
    expect(waitForBudgetMs(figures(null, 3000), 2, NOW, 1000)).toBe(0);
    expect(waitForBudgetMs(null, 2, NOW, 1000)).toBe(0);
  });
});
