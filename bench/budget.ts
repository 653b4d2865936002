/**
 * The rate-budget drain: the sandbox's limit set to a plan's shape (requests per
 * sliding window), a queue several windows long drained by the app in Chromium. The figure
 * that counts: no 429, and how close to the minimum the window allows.
 */
import { measureDrainChromium } from './browser-drain';
import type { RendererSession } from './renderer';

export interface BudgetDrain {
  ms: number;
  requests: number;
  rateLimited: number;
  /** Requests the window counted (from the moment it was set; 429s are not counted). */
  budgeted: number;
}

/**
 * The least time `requests` can take under `limit` per sliding `windowMs` for a client that
 * starts with a full window: a full window at once, then the next only as each slot frees,
 * `windowMs` after it was used.
 */
export function budgetFloorMs(requests: number, limit: number, windowMs: number): number {
  return Math.max(0, Math.ceil(requests / limit) - 1) * windowMs;
}

export async function measureBudgetDrain(
  session: RendererSession,
  o: { changes: number; limit: number; windowMs: number; conflictCheck: boolean },
): Promise<BudgetDrain> {
  const drain = await measureDrainChromium(session.page, session.controlUrl, session.moduleUrl, {
    changes: o.changes,
    perComplaint: 4,
    concurrency: 4,
    conflictCheck: o.conflictCheck,
    latencyMs: 50,
    rateLimit: { limit: o.limit, windowMs: o.windowMs },
  });
  return { ms: drain.ms, requests: drain.requests, rateLimited: drain.rateLimited, budgeted: drain.budgeted };
}
