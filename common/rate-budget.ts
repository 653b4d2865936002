/**
 * Spending the API's rate budget without a 429. BizKitHub's limit is a window per key
 * (`X-RateLimit-Limit`, `-Remaining`, `-Reset`): a client that is the key's only user can
 * send while requests remain and must wait for the window to move once none do. Pure: the
 * sync engine's pacer (renderer/src/sync/rate-pacer.ts) and the background downloads feed
 * it the figures main sent with its replies.
 *
 * One rule says when the budget is low (budgetLow); who asks says how many requests it
 * keeps in hand: the engine a tenth and three per lane (budgetReserve), background work a
 * larger share that stays for the agent's changes (backgroundReserve).
 */

/** What main last saw of the rate limit (common/rate-limit.ts's RateLimit). */
export interface BudgetFigures {
  limit: number | null;
  remaining: number | null;
  /** ISO time when the window frees a request again. */
  resetAt: string | null;
}

/**
 * Requests the engine keeps in hand before it slows to one change at a time: a tenth of the
 * limit, and at least three per lane: what lanes under way may still spend (a check and a
 * send each), and figures up to a lane behind (answers to parallel requests arrive out of
 * order, so main's last figures may predate requests already answered).
 */
export function budgetReserve(limit: number, lanes: number): number {
  return Math.max(Math.ceil(limit * 0.1), 3 * Math.max(1, Math.floor(lanes)));
}

/**
 * How many requests remain, counting `spentSince` made after the figures were taken;
 * null when unknown (no figures, or the window they describe is over).
 */
export function remainingNow(figures: BudgetFigures | null, spentSince: number, now: number): number | null {
  if (figures === null || figures.remaining === null || figures.limit === null || figures.limit <= 0) return null;
  if (figures.resetAt !== null) {
    const resetAt = Date.parse(figures.resetAt);
    if (Number.isFinite(resetAt) && resetAt <= now) return null;
  }
  return figures.remaining - spentSince;
}

/** Background work (refreshes, downloads) leaves `fraction` of the limit to the agent's changes. */
export function backgroundReserve(fraction: number): (limit: number) => number {
  return (limit) => Math.ceil(limit * fraction);
}

/**
 * The one "budget is low" rule: true when no more requests remain than the caller keeps
 * in hand (`reserve`, given the limit), counting `spentSince` made after the figures were
 * taken. Unknown figures are not low, and neither are those of a window that is over
 * (`resetAt` passed at `now`): they say nothing of the next one, and a 429's "0 remaining"
 * must not keep work crawling once its Retry-After pause has ended.
 */
export function budgetLow(
  figures: BudgetFigures | null,
  spentSince: number,
  reserve: (limit: number) => number,
  now: number,
): boolean {
  const remaining = remainingNow(figures, spentSince, now);
  if (remaining === null || figures?.limit == null) return false;
  return remaining <= reserve(figures.limit);
}

/** Margin after the reset time (it comes in whole seconds, and clocks differ a little). */
export const RESET_MARGIN_MS = 250;

/**
 * How long to wait before `need` more requests fit in the window: 0 when they do (or
 * nothing is known), else until the window's reset. `fallbackMs` when no reset time is
 * known (the figures say nothing left, but not when that ends).
 */
export function waitForBudgetMs(figures: BudgetFigures | null, need: number, now: number, fallbackMs: number): number {
  if (figures === null || figures.remaining === null) return 0;
  if (figures.remaining >= need) return 0;
  if (figures.resetAt === null) return fallbackMs;
  const resetAt = Date.parse(figures.resetAt);
  if (!Number.isFinite(resetAt)) return fallbackMs;
  // The window these figures describe is over: they say nothing (the next answer will).
  if (resetAt <= now) return 0;
  return resetAt - now + RESET_MARGIN_MS;
}

/** Lanes never grow beyond this (connections to one API at once). */
export const MAX_LANES = 16;
/** While plenty remains, lanes grow up to this many times the setting (`syncConcurrency`). */
export const LANES_GROWTH = 4;
/**
 * Requests one more lane must find left: the three of its reserve (budgetReserve) and
 * about four it may spend before fresher figures arrive.
 */
const REQUESTS_PER_GROWN_LANE = 7;

/**
 * How many lanes the drain runs now. `configured` (the `syncConcurrency` setting) while
 * nothing is known of the budget; with figures, as many as the requests left keep above
 * the reserve, from one up to `configured` × LANES_GROWTH (at most MAX_LANES): more lanes
 * while the window has plenty, fewer as it runs low (budgetLow then goes one at a time).
 */
export function lanesFor(figures: BudgetFigures | null, spentSince: number, configured: number, now: number): number {
  const setting = Math.max(1, Math.floor(configured) || 1);
  const remaining = remainingNow(figures, spentSince, now);
  if (remaining === null || figures?.limit == null) return setting;
  const room = Math.floor((remaining - Math.ceil(figures.limit * 0.1)) / REQUESTS_PER_GROWN_LANE);
  return Math.max(1, Math.min(room, setting * LANES_GROWTH, MAX_LANES));
}
