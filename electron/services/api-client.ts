/**
 * The only code that talks to BizKitHub. Every call returns a `Result`; nothing throws.
 *
 * Errors are classified so the outbox can act on them (see common/errors.ts). The one
 * judgement call is "was the request sent?": for the non-idempotent POSTs, anything that
 * is not certainly a failure before sending (refused, DNS, unreachable, TLS handshake,
 * request construction) is `unknown-outcome`, because a blind resend duplicates a
 * timeline event. For GET `detail`, a reset is simply `network`.
 *
 * This module holds the typed calls and the rate-limit figures; its parts:
 * ./api-url.ts (the base URL check), ./api-exchange.ts (one request and its answer),
 * ./api-errors.ts (error classification), ./api-rate-limit.ts (rate-limit headers).
 */
import type { z } from 'zod';
import {
  ComplaintDetailSchema,
  ComplaintIdSchema,
  CreateComplaintRequestSchema,
  CreateComplaintResponseSchema,
  SetStatusRequestSchema,
  SetStatusResponseSchema,
  type ComplaintDetail,
  type CreateComplaintRequest,
  type SetStatusRequest,
} from '../../common/api-schemas';
import type { ApiError } from '../../common/errors';
import type { RateLimit } from '../../common/ipc-contract';
import { err, ok, type Result } from '../../common/result';
import { zodIssuesLine } from '../../common/zod-issues';
import { apiError } from './api-errors';
import { exchange, type ApiExchangeOutcome, type Exchanger } from './api-exchange';
import { parseRateLimitHeaders } from './api-rate-limit';
import { checkApiBaseUrl } from './api-url';
import type { Logger } from './logger';

export { buildApiUrl, checkApiBaseUrl, isLoopbackHost } from './api-url';
export { MAX_RETRY_AFTER_MS, parseRateLimitHeaders, parseRetryAfterMs, rateLimitResetMs } from './api-rate-limit';
export {
  apiError,
  classifyFetchFailure,
  classifyHttpError,
  isComplaintMissing,
  readErrorBody,
  type ErrorBodyInfo,
} from './api-errors';
export { MAX_BODY_BYTES, MAX_JSON_DEPTH, untilAborted, type ApiExchangeOutcome } from './api-exchange';

export const API_PATHS = {
  setStatus: '/api/v1/shop/complaint/set-status',
  detail: '/api/v1/shop/complaint/detail',
  create: '/api/v1/shop/complaint/create',
} as const;

export const DEFAULT_TIMEOUT_MS = 15_000;

/** A refused request or a malformed answer names its first few zod issues, on one line. */
const ISSUES_IN_A_REASON = 3;

export type SetStatusResponse = z.infer<typeof SetStatusResponseSchema>;
export type CreateComplaintResponse = z.infer<typeof CreateComplaintResponseSchema>;

export interface ApiClientOptions {
  baseUrl: string | URL;
  getKey: () => string | null;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  log: Logger;
  /** Called after every attempt that reached the network stage. */
  onExchange?: (outcome: ApiExchangeOutcome) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ApiClient {
  /** The validated base URL (never carries the key). */
  readonly baseUrl: URL;
  setStatus(req: SetStatusRequest): Promise<Result<SetStatusResponse, ApiError>>;
  /** `exist: false` is returned as a `not-found` error (see `isComplaintMissing`). */
  detail(id: string): Promise<Result<ComplaintDetail, ApiError>>;
  create(body: CreateComplaintRequest): Promise<Result<CreateComplaintResponse, ApiError>>;
  /** X-RateLimit-* of the latest response that carried any of them. */
  lastRateLimit(): RateLimit | null;
}

const isExistFalse = (body: unknown): boolean =>
  body !== null && typeof body === 'object' && (body as { exist?: unknown }).exist === false;

/**
 * A `detail` answer for complaint `askedId`: `exist: false` is not-found; a field over its
 * limit (DETAIL_LIMITS) or an answer about another complaint is refused before anything of
 * it can be stored (`answer-refused`, saying why); any other mismatch is malformed.
 */
function acceptDetail(
  askedId: string,
  body: unknown,
  status: number,
): Result<ComplaintDetail, ApiError> | { malformed: string } {
  if (isExistFalse(body)) {
    return err(apiError('not-found', `Complaint ${askedId} does not exist (exist: false).`, [], { httpStatus: status }));
  }
  const r = ComplaintDetailSchema.safeParse(body);
  if (!r.success) {
    const overLimit = r.error.issues.filter((issue) => issue.code === 'too_big');
    if (overLimit.length === 0) return { malformed: zodIssuesLine(r.error.issues, ISSUES_IN_A_REASON) };
    return err(
      apiError(
        'answer-refused',
        `The answer to detail was refused, nothing of it was kept: ${zodIssuesLine(overLimit, ISSUES_IN_A_REASON)}`,
        [],
        { httpStatus: status, refusal: 'over-limit' },
      ),
    );
  }
  if (r.data.id !== askedId) {
    return err(
      apiError(
        'answer-refused',
        `The answer to detail for ${askedId} is about another complaint (${r.data.id}): refused, nothing of it was kept.`,
        [],
        { httpStatus: status, refusal: 'wrong-id' },
      ),
    );
  }
  return ok(r.data);
}

/**
 * Creates a client. Throws only if `baseUrl` fails `checkApiBaseUrl` (a configuration
 * error refused up front); every request method returns a `Result` and never throws.
 */
export function createApiClient(o: ApiClientOptions): ApiClient {
  const checked = checkApiBaseUrl(o.baseUrl);
  if (!checked.ok) throw new Error(`Refusing API base URL: ${checked.error}`);
  const baseUrl = checked.value;
  const now = o.now ?? Date.now;
  const { log } = o;
  let rateLimit: RateLimit | null = null;

  const x: Exchanger = {
    baseUrl,
    getKey: () => o.getKey(),
    fetch: o.fetch ?? globalThis.fetch,
    timeoutMs:
      o.timeoutMs !== undefined && Number.isFinite(o.timeoutMs) && o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_TIMEOUT_MS,
    now,
    log,
    tell: (outcome) => {
      try {
        o.onExchange?.(outcome);
      } catch (e) {
        log.warn('api: onExchange listener failed', { error: e });
      }
    },
    observe: (headers) => {
      const observed = parseRateLimitHeaders(headers, now());
      if (observed) rateLimit = observed;
    },
  };

  const invalidInput = (what: string, issues: readonly z.core.$ZodIssue[]): ApiError =>
    apiError('invalid', `Invalid ${what}, not sent: ${zodIssuesLine(issues, ISSUES_IN_A_REASON)}`, []);

  return {
    baseUrl,

    async setStatus(req) {
      const parsed = SetStatusRequestSchema.safeParse(req);
      if (!parsed.success) return err(invalidInput('set-status request', parsed.error.issues));
      return exchange(x, {
        name: 'setStatus',
        method: 'POST',
        path: API_PATHS.setStatus,
        body: parsed.data,
        accept: (body) => {
          const r = SetStatusResponseSchema.safeParse(body);
          return r.success ? ok(r.data) : { malformed: zodIssuesLine(r.error.issues, ISSUES_IN_A_REASON) };
        },
      });
    },

    async detail(id) {
      const parsed = ComplaintIdSchema.safeParse(id);
      if (!parsed.success) return err(invalidInput('complaint ID', parsed.error.issues));
      return exchange(x, {
        name: 'detail',
        method: 'GET',
        path: API_PATHS.detail,
        query: { id: parsed.data },
        accept: (body, status) => acceptDetail(parsed.data, body, status),
      });
    },

    async create(body) {
      const parsed = CreateComplaintRequestSchema.safeParse(body);
      if (!parsed.success) return err(invalidInput('create request', parsed.error.issues));
      return exchange(x, {
        name: 'create',
        method: 'POST',
        path: API_PATHS.create,
        body: parsed.data,
        accept: (answer) => {
          const r = CreateComplaintResponseSchema.safeParse(answer);
          return r.success ? ok(r.data) : { malformed: zodIssuesLine(r.error.issues, ISSUES_IN_A_REASON) };
        },
      });
    },

    lastRateLimit: () => rateLimit,
  };
}
