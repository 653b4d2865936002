import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from '../../../common/backoff';

describe('backoffDelayMs (exponential, full jitter, capped)', () => {
  it('doubles the ceiling per attempt from the base', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffCeilingMs(a))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(backoffCeilingMs(1, 250)).toBe(250);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(backoffCeilingMs(9)).toBe(256_000);
    expect(backoffCeilingMs(10)).toBe(300_000);
    expect(backoffCeilingMs(5000)).toBe(300_000);
    expect(backoffDelayMs(5000, { random: () => 0.999999 })).toBeLessThan(300_000);
    expect(backoffDelayMs(12, { capMs: 10_000, random: () => 0.5 })).toBe(5000);
  });

  it('treats attempt 0, negative or NaN as the first retry', () => {
    expect(backoffCeilingMs(0)).toBe(1000);
    expect(backoffCeilingMs(-3)).toBe(1000);
    expect(backoffCeilingMs(Number.NaN)).toBe(1000);
  });

  it('is full jitter: uniform in [0, ceiling) driven by the injected random', () => {
    expect(backoffDelayMs(3, { random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { random: () => 0.5 })).toBe(2000);
    expect(backoffDelayMs(3, { random: () => 0.25, baseMs: 100 })).toBe(100);
    expect(backoffDelayMs(3, { random: () => 0.9999999 })).toBe(3999);
  });

  it('stays within bounds when random misbehaves', () => {
    expect(backoffDelayMs(2, { random: () => 1 })).toBeLessThan(2000);
    expect(backoffDelayMs(2, { random: () => 7 })).toBeLessThan(2000);
    expect(backoffDelayMs(2, { random: () => -1 })).toBe(0);
    expect(backoffDelayMs(2, { random: () => Number.NaN })).toBe(0);
  });

  it('spreads many draws over the whole window (no lockstep)', () => {
    let x = 1;
    const lcg = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    const draws = Array.from({ length: 2000 }, () => backoffDelayMs(4, { random: lcg }));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(8000);
    expect(Math.min(...draws)).toBeLessThan(800);
    expect(Math.max(...draws)).toBeGreaterThan(7200);
  });
});
