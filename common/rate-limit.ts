/**
 * The rate-limit figures main reads from BizKitHub's `X-RateLimit-*` headers, as they
 * cross the IPC boundary: the rate-limit channel's answer, and what every reply of a
 * channel that calls BizKitHub carries (./ipc-contract.ts). Its own module because both the
 * contract and `DeskError` (./errors.ts) name it.
 */
import { z } from 'zod';

export const RateLimitSchema = z.object({
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  /** ISO time when the window resets. */
  resetAt: z.string().nullable(),
  /** ISO time main read these figures (the answer they came with). */
  observedAt: z.string(),
});
export type RateLimit = z.infer<typeof RateLimitSchema>;
