/**
 * Exponential backoff with FULL jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): the delay is uniformly random in [0, min(cap, base · 2^(attempt-1))).
 * Jitter keeps many devices that lost the network together from retrying in lockstep.
 */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. Default 1 s. */
  baseMs?: number;
  /** No delay ever exceeds this. Default 5 min. */
  capMs?: number;
  /** Uniform in [0, 1); injectable for tests. Default Math.random. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1000;
export const DEFAULT_BACKOFF_CAP_MS = 300_000;

/** The ceiling (before jitter) for the given attempt: base · 2^(attempt-1), capped. */
export function backoffCeilingMs(attempt: number, baseMs = DEFAULT_BACKOFF_BASE_MS, capMs = DEFAULT_BACKOFF_CAP_MS): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^n overflows to Infinity for large n, and min() then picks the cap: no special case needed.
  return Math.max(0, Math.min(capMs, baseMs * 2 ** (n - 1)));
}

/**
 * Delay before retry number `attempt` (1 = the first retry after one failure).
 * Always an integer in [0, ceiling), or 0 when the ceiling is 0.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const ceiling = backoffCeilingMs(attempt, options.baseMs, options.capMs);
  const r = (options.random ?? Math.random)();
  // A misbehaving random source must not push the delay outside [0, ceiling).
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(unit * ceiling);
}
