import { z } from 'zod';
import { ComplaintIdSchema } from '../../common/complaint-id';
import { SERVER_STATUS_MAX } from '../../common/status';

/**
 * Drift: answers that are well-formed HTTP but not what the reference shows. Each applies
 * to one complaint when `complaintId` is given, otherwise to every complaint.
 */
export interface DriftFaults {
  /** `detail` answers carry this status (one the app may not know, e.g. `escalated`). */
  unknownStatus?: { status: string; complaintId?: string };
  /** set-status and create answer 200 `{ success: false, error: { code, message } }`, applying nothing. */
  declined?: { code?: string; message?: string; complaintId?: string };
  /** `detail` answers with another complaint's detail (its own `id`). */
  wrongId?: { complaintId?: string };
}

/** The drift switches are absent while off (a patch with `null` switches one off). */
export interface SandboxFaults extends DriftFaults {
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
    unknownStatus: z
      .object({ status: z.string().min(1).max(SERVER_STATUS_MAX), complaintId: ComplaintIdSchema.optional() })
      .strict()
      .nullable(),
    declined: z
      .object({
        code: z.string().min(1).max(100).optional(),
        message: z.string().max(500).optional(),
        complaintId: ComplaintIdSchema.optional(),
      })
      .strict()
      .nullable(),
    wrongId: z.object({ complaintId: ComplaintIdSchema.optional() }).strict().nullable(),
  })
  .partial()
  .strict();

/** What `setFaults` takes: any of the switches; `null` switches a drift switch off. */
export type SandboxFaultsPatch = Partial<Omit<SandboxFaults, keyof DriftFaults>> & {
  [K in keyof DriftFaults]?: DriftFaults[K] | null;
};

const DRIFT_KEYS = ['unknownStatus', 'declined', 'wrongId'] as const;

export function copyFaults(faults: Readonly<SandboxFaults>): SandboxFaults {
  const copy: SandboxFaults = { ...faults, rateLimited: faults.rateLimited ? { ...faults.rateLimited } : null };
  for (const key of DRIFT_KEYS) {
    const value = faults[key];
    if (value) Object.assign(copy, { [key]: { ...value } });
  }
  return copy;
}

/** The drift switch `key` if it is on for `complaintId`. */
export function driftFor<K extends keyof DriftFaults>(
  faults: Readonly<SandboxFaults>,
  key: K,
  complaintId: string | undefined,
): DriftFaults[K] | undefined {
  const value = faults[key];
  if (!value) return undefined;
  return value.complaintId === undefined || value.complaintId === complaintId ? value : undefined;
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
  for (const key of DRIFT_KEYS) {
    const value = parsed[key];
    if (value === null) delete next[key];
    else if (value !== undefined) Object.assign(next, { [key]: { ...value } });
  }
  return next;
}
