import { z } from 'zod';
import { RateLimitSchema } from './rate-limit';

/**
 * What went wrong, classified so the outbox can act on it.
 * - auth: key missing, unknown or revoked → pause everything until the key is fixed
 * - not-found: unknown complaint (also `exist: false`) → entry fails, agent decides
 * - invalid: 4xx validation error → entry fails, agent decides
 * - rate-limited: 429 → pause the queue until `retryAfterMs` has passed
 * - server: 5xx → retry with backoff
 * - network: nothing reached the server → retry with backoff
 * - unknown-outcome: sent, but no answer (timeout, dropped) → check `detail` before resending
 * - malformed: 2xx that does not parse → treated like unknown-outcome by the outbox
 * - declined: 2xx whose body says `success: false` (the server's code and message kept) →
 *   tried again a few times, then the entry fails
 * - answer-refused: a 2xx answer the client refuses to keep (`refusal` says why: about
 *   another complaint, too large, a field over its limit); nothing of it is stored
 */
export const API_ERROR_KINDS = [
  'auth',
  'not-found',
  'invalid',
  'rate-limited',
  'server',
  'network',
  'unknown-outcome',
  'malformed',
  'declined',
  'answer-refused',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

/** Errors that only the IPC boundary produces, never the API. */
export const IPC_ERROR_KINDS = [
  'bad-request', // input failed the channel's schema
  'forbidden', // sender is not the app's own page
  'no-keychain', // the OS credential store is unavailable
  'not-configured', // no API key and not in demo mode
  'wrong-destination', // the request was made for another API (or demo mode) than the one configured now
  'io', // a file could not be written (export: disk full, no permission); the message says why
  'internal', // a bug; details are in main's log
] as const;

export const ERROR_KINDS = [...API_ERROR_KINDS, ...IPC_ERROR_KINDS] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Why an answer was refused (`answer-refused`). */
export const ANSWER_REFUSALS = ['wrong-id', 'too-large', 'over-limit'] as const;
export type AnswerRefusal = (typeof ANSWER_REFUSALS)[number];

export const DeskErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  /** Developer-oriented text, already redacted. The UI explains `kind` in the agent's language. */
  message: z.string(),
  /** The server's named error code, when it gave one. */
  code: z.string().optional(),
  httpStatus: z.number().int().optional(),
  /** How long to wait before trying again (rate-limited). */
  retryAfterMs: z.number().nonnegative().optional(),
  /** Which input fields failed validation (bad-request). */
  issues: z.array(z.string()).optional(),
  /** The server's own words with its refusal (declined), redacted and cut; shown beside `code`. */
  serverMessage: z.string().max(200).optional(),
  /** Why an answer was refused (answer-refused). */
  refusal: z.enum(ANSWER_REFUSALS).optional(),
  /**
   * The rate-limit figures main has after a refused request to BizKitHub (null: none).
   * Only on the way from main: createDeskApi (./ipc-contract.ts) lifts them into the Result.
   */
  rateLimit: RateLimitSchema.nullable().optional(),
});
export type DeskError = z.infer<typeof DeskErrorSchema>;
export type ApiError = DeskError & { kind: ApiErrorKind };
