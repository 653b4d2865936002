/**
 * Per-key sliding-window rate limiter (a sliding log: exact, and cheap at the sandbox's
 * scale). The clock is injected so tests can walk through a window without waiting.
 */

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the oldest counted request leaves the window, i.e. when a slot frees up. */
  resetAt: number;
  /** Whole seconds until a request would be allowed again; set only when not allowed. */
  retryAfterSec?: number;
}

export interface RateLimiter {
  /** Counts a request against `key` if there is room, and reports the state after it. */
  hit(key: string): RateLimitState;
  /** The state without counting anything (for responses that cost nothing, e.g. an injected 503). */
  peek(key: string): RateLimitState;
  clear(): void;
  /** Another limit and window from now on (windows cleared): a plan change, for tests and the bench. */
  configure(config: RateLimitConfig): void;
}

function checkConfig(config: RateLimitConfig): void {
  if (!Number.isInteger(config.limit) || config.limit < 1) {
    throw new RangeError('rateLimit.limit must be a positive integer');
  }
  if (!(config.windowMs > 0)) throw new RangeError('rateLimit.windowMs must be positive');
}

export function createRateLimiter(
  initial: RateLimitConfig,
  now: () => number = Date.now,
): RateLimiter {
  checkConfig(initial);
  let config = { ...initial };

  // Timestamps of counted requests, oldest first. Keys live only in this process's memory.
  const logs = new Map<string, number[]>();

  function window(key: string, at: number): number[] {
    const log = logs.get(key) ?? [];
    let expired = 0;
    while (expired < log.length && (log[expired] as number) <= at - config.windowMs) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length === 0) logs.delete(key);
    else logs.set(key, log);
    return log;
  }

  function state(log: readonly number[], at: number, allowed: boolean): RateLimitState {
    const oldest = log[0] ?? at;
    const resetAt = oldest + config.windowMs;
    const result: RateLimitState = {
      allowed,
      limit: config.limit,
      remaining: Math.max(0, config.limit - log.length),
      resetAt,
    };
    if (!allowed) result.retryAfterSec = Math.max(1, Math.ceil((resetAt - at) / 1000));
    return result;
  }

  return {
    hit(key) {
      const at = now();
      const log = window(key, at);
      // A refused request is not counted: otherwise a client that keeps retrying would
      // never get out, which is not how the documented Retry-After is meant to work.
      if (log.length >= config.limit) return state(log, at, false);
      log.push(at);
      logs.set(key, log);
      return state(log, at, true);
    },
    peek(key) {
      const at = now();
      const log = window(key, at);
      return state(log, at, log.length < config.limit);
    },
    clear() {
      logs.clear();
    },
    configure(next) {
      checkConfig(next);
      config = { ...next };
      logs.clear();
    },
  };
}
