import { describe, expect, it } from 'vitest';
import { createDie, mulberry32 } from '../../../electron/sandbox/prng';
import { createRateLimiter } from '../../../electron/sandbox/rate-limiter';

describe('mulberry32', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const take = (seed: number) => {
      const next = mulberry32(seed);
      return Array.from({ length: 20 }, () => next());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    for (const value of take(123)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('is roughly uniform (a die at 0.3 hits about 30% of 10 000 rolls)', () => {
    const die = createDie(99);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (die.roll(0.3)) hits++;
    expect(hits).toBeGreaterThan(2_800);
    expect(hits).toBeLessThan(3_200);
  });

  it('never hits at 0 and always hits at 1', () => {
    const die = createDie(1);
    for (let i = 0; i < 1_000; i++) {
      expect(die.roll(0)).toBe(false);
      expect(die.roll(1)).toBe(true);
    }
  });
});

describe('sliding-window rate limiter', () => {
  function clock(start = 1_700_000_000_000) {
    let t = start;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it('counts per key and refuses past the limit with Retry-After', () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 }, c.now);
    expect([1, 2, 3].map(() => limiter.hit('a').remaining)).toEqual([2, 1, 0]);
    const refused = limiter.hit('a');
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterSec).toBe(60);
    expect(refused.resetAt).toBe(c.now() + 60_000);
    // another key has its own window
    expect(limiter.hit('b')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('slides: each request frees its slot exactly one window after it was made', () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000 }, c.now);
    limiter.hit('k'); // t=0
    c.advance(4_000);
    limiter.hit('k'); // t=4s
    c.advance(1_000);
    expect(limiter.hit('k')).toMatchObject({ allowed: false, retryAfterSec: 5 });
    c.advance(5_000); // t=10s: the first request has left the window
    expect(limiter.hit('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('k').allowed).toBe(false);
    c.advance(4_000); // t=14s: the second has left too
    expect(limiter.peek('k')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('does not count refused requests, so a client that keeps knocking still gets back in', () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 }, c.now);
    limiter.hit('k');
    for (let i = 0; i < 50; i++) expect(limiter.hit('k').allowed).toBe(false);
    c.advance(1_000);
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('peek does not count; clear forgets everything', () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 }, c.now);
    expect(limiter.peek('k').remaining).toBe(1);
    expect(limiter.peek('k').remaining).toBe(1);
    limiter.hit('k');
    expect(limiter.peek('k')).toMatchObject({ allowed: false, remaining: 0 });
    limiter.clear();
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('rejects nonsense configuration', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
