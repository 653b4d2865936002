import { describe, expect, it } from 'vitest';
import { budgetLow, budgetReserve, remainingNow, waitForBudgetMs, RESET_MARGIN_MS } from '../../../common/rate-budget';

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
    expect(budgetLow(figures(20, 5000), 0, 4, NOW)).toBe(false);
    expect(budgetLow(figures(20, 5000), 8, 4, NOW)).toBe(true);
    expect(budgetLow(figures(12, 5000), 0, 4, NOW)).toBe(true);
    // A window that is over, after figures that were low: low for one more change (its
    // answer tells what the window freed); after figures that were not, not low.
    expect(budgetLow(figures(0, -10), 0, 4, NOW)).toBe(true);
    expect(budgetLow(figures(40, -10), 0, 4, NOW)).toBe(false);
    expect(budgetLow(null, 100, 4, NOW)).toBe(false);
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
