import { z } from 'zod';

export interface SandboxFaults {
  /** Refuse connections: stop listening and destroy open keep-alive sockets; re-listen on the same port when switched off. */
  outage: boolean;
  /** Added before each API response (after the request has been applied). */
  latencyMs: number;
  /** 0..1: probability of a 503 with a JSON error body, decided before anything is applied. */
  errorRate: number;
  /** When set, every API request gets 429 + Retry-After + the documented body. */
  rateLimited: { retryAfterSec: number } | null;
  /** 0..1: probability that a set-status or create is applied and then the socket is destroyed without a response. */
  applyThenDrop: number;
}

export const NO_FAULTS: Readonly<SandboxFaults> = Object.freeze({
  outage: false,
  latencyMs: 0,
  errorRate: 0,
  rateLimited: null,
  applyThenDrop: 0,
});

const probability = z.number().min(0).max(1);

/** A patch of faults, as `setFaults` and `POST /__sandbox/faults` accept it. Unknown keys are refused so a typo is not silently ignored. */
export const SandboxFaultsPatchSchema = z
  .object({
    outage: z.boolean(),
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: probability,
    rateLimited: z
      .object({ retryAfterSec: z.number().int().min(0).max(86_400) })
      .strict()
      .nullable(),
    applyThenDrop: probability,
  })
  .partial()
  .strict();

export function copyFaults(faults: Readonly<SandboxFaults>): SandboxFaults {
  return { ...faults, rateLimited: faults.rateLimited ? { ...faults.rateLimited } : null };
}

export function applyFaultsPatch(
  current: Readonly<SandboxFaults>,
  patch: unknown,
): SandboxFaults {
  const parsed = SandboxFaultsPatchSchema.parse(patch);
  const next = copyFaults(current);
  if (parsed.outage !== undefined) next.outage = parsed.outage;
  if (parsed.latencyMs !== undefined) next.latencyMs = parsed.latencyMs;
  if (parsed.errorRate !== undefined) next.errorRate = parsed.errorRate;
  if (parsed.rateLimited !== undefined) {
    next.rateLimited = parsed.rateLimited ? { ...parsed.rateLimited } : null;
  }
  if (parsed.applyThenDrop !== undefined) next.applyThenDrop = parsed.applyThenDrop;
  return next;
}
