/**
 * Rate-limit headers: `X-RateLimit-*` (what the client remembers as the latest figures)
 * and how long a refused request should wait (`Retry-After`). Part of the API client
 * (./api-client.ts).
 */
import type { RateLimit } from '../../common/ipc-contract';

/** A server asking for a longer pause than this is capped (protects against absurd values). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** The largest time a JavaScript Date can hold (±100,000,000 days from 1970). */
const MAX_DATE_MS = 8.64e15;

function parseNonNegativeNumber(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * `X-RateLimit-Reset` is documented as Unix seconds. Some servers send "seconds until
 * reset" instead; a value below 10^9 (before 2001) cannot be a current Unix time, so it
 * is read as a delta.
 */
export function rateLimitResetMs(value: string | null, nowMs: number): number | null {
  const n = parseNonNegativeNumber(value);
  if (n === null) return null;
  const ms = n >= 1e9 ? n * 1000 : nowMs + n * 1000;
  // Beyond what a Date can hold ("1e20"): not a time at all. `new Date(ms).toISOString()`
  // would throw RangeError, turning a successful answer into an unexpected failure.
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

export function parseRateLimitHeaders(headers: Headers, nowMs: number): RateLimit | null {
  const limit = parseNonNegativeNumber(headers.get('x-ratelimit-limit'));
  const remaining = parseNonNegativeNumber(headers.get('x-ratelimit-remaining'));
  const resetMs = rateLimitResetMs(headers.get('x-ratelimit-reset'), nowMs);
  if (limit === null && remaining === null && resetMs === null) return null;
  return {
    limit,
    remaining,
    resetAt: resetMs === null ? null : new Date(resetMs).toISOString(),
    observedAt: new Date(nowMs).toISOString(),
  };
}

/** `Retry-After` (seconds or HTTP date), else the body's `retry_after`, else `X-RateLimit-Reset`. */
export function parseRetryAfterMs(
  headers: Headers,
  bodyRetryAfterSec: number | undefined,
  nowMs: number,
): number | undefined {
  const clamp = (ms: number) => Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
  const header = headers.get('retry-after')?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return clamp(Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return clamp(date - nowMs);
  }
  if (typeof bodyRetryAfterSec === 'number' && Number.isFinite(bodyRetryAfterSec) && bodyRetryAfterSec >= 0) {
    return clamp(bodyRetryAfterSec * 1000);
  }
  const reset = rateLimitResetMs(headers.get('x-ratelimit-reset'), nowMs);
  if (reset !== null) return clamp(reset - nowMs);
  return undefined;
}

