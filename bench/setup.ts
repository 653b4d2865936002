/**
 * What every figure of `npm run bench` is measured under: the API latency, the engine's
 * concurrency, the size of the cache, the rate budget. One place, because ./run.ts sets the
 * runs up with them and ./report.ts prints them beside the figures.
 */

/** The rate-budget drain: a plan's burst per a scaled-down window (see bench/budget.ts). */
export const BUDGET = { changes: 150, limit: 50, windowMs: 20_000 };
export const LATENCY_MS = 50;

export const CONCURRENCY = 8;
export const PER_COMPLAINT = 4;
export const CACHED = 20_000;
/** Long enough for main's probe backoff to reach its cap (1 + 2 + 4 s, then every 5 s). */
export const SERVER_OUTAGE_MS = 8_000;
/** Reloads per build for the first-render figures (their median is reported). */
export const RELOADS = 3;
