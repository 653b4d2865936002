/**
 * The BizKitHub complaint API as the sandbox serves it. The order of checks is part of
 * the behaviour tests rely on:
 *   route → method → body size → auth → injected 429 → injected 503 → rate limit →
 *   validation → drift (declined: nothing applied) → apply → (maybe drop) → latency →
 *   response (drift bends a `detail` body: another complaint's, an unknown status).
 * Auth comes first among the checks that need a key so that every later response can
 * carry that key's rate-limit headers; injected faults come before the rate limiter and
 * before anything is applied, so a faulted request costs nothing and changes nothing.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  API_ERROR_CODES,
  ComplaintIdSchema,
  CreateComplaintRequestSchema,
  SetStatusRequestSchema,
} from '../../common/api-schemas';
import { redact } from '../../common/redact';
import type { ComplaintStore } from './complaint-store';
import { driftFor, type SandboxFaults } from './faults';
import { errorBody, extractApiKey, parseJson, readBody, sendJson } from './http-io';
import type { Die } from './prng';
import type { RateLimiter, RateLimitState } from './rate-limiter';
import { VARIANTS, isVariantCode } from './timeline';

/**
 * Codes the reference names. INVALID_REQUEST, COMPLAINT_NOT_FOUND, NOT_FOUND,
 * METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE and SERVICE_UNAVAILABLE are the sandbox's own
 * guesses: the reference does not document those bodies, and the client must fall back
 * on the HTTP status for codes it does not know.
 */
export const SANDBOX_ERROR_CODES = {
  auth: API_ERROR_CODES.keyMissing,
  rateLimited: API_ERROR_CODES.rateLimited,
  invalid: 'INVALID_REQUEST',
  complaintNotFound: 'COMPLAINT_NOT_FOUND',
  notFound: 'NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  tooLarge: 'PAYLOAD_TOO_LARGE',
  unavailable: 'SERVICE_UNAVAILABLE',
} as const;

export interface ApiRecord {
  method: string;
  path: string;
  complaintId?: string;
  status?: string;
  outcome: 'ok' | 'error' | 'dropped' | 'rate-limited';
  httpStatus?: number;
}

/** The `declined` switch's answer: 200 `{ success: false }` with a code and message; nothing applied. */
function declinedOutcome(ctx: ApiContext, complaintId: string, statusField?: string): Outcome | null {
  const declined = driftFor(ctx.faults(), 'declined', complaintId);
  if (!declined) return null;
  const error = {
    code: declined.code ?? 'COMPLAINT_UPDATE_REFUSED',
    message: declined.message ?? 'The change was not accepted (injected).',
  };
  return { status: 200, body: { success: false, error }, complaintId, statusField };
}

export interface ApiContext {
  readonly store: ComplaintStore;
  readonly limiter: RateLimiter;
  faults(): Readonly<SandboxFaults>;
  dice(): { error: Die; drop: Die };
  /** Well-formed, allowed by the `keys` option, and not revoked. */
  isKeyAccepted(key: string | undefined): key is string;
  record(entry: ApiRecord): void;
  sleep(ms: number): Promise<void>;
  now(): number;
}

const CreateBodySchema = CreateComplaintRequestSchema.refine(
  (body) => isVariantCode(body.variantCode),
  {
    path: ['variantCode'],
    message: `Unknown variant code; this organisation defines ${Object.keys(VARIANTS).join(', ')}.`,
  },
);

type Outcome = {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
  complaintId?: string;
  statusField?: string;
  /** Set-status or create that was applied: the applyThenDrop die may swallow its answer. */
  applied?: boolean;
};

interface Route {
  method: 'GET' | 'POST';
  handle(ctx: ApiContext, url: URL, body: string): Outcome;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/api/v1/shop/complaint/set-status', { method: 'POST', handle: setStatus }],
  ['/api/v1/shop/complaint/detail', { method: 'GET', handle: detail }],
  ['/api/v1/shop/complaint/create', { method: 'POST', handle: create }],
]);

function invalid(message: string, issues: { path: string; message: string }[] = []): Outcome {
  return { status: 400, body: errorBody(SANDBOX_ERROR_CODES.invalid, message, { issues }) };
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = (value as Record<string, unknown>)[field];
  return typeof raw === 'string' ? raw.slice(0, 64) : undefined;
}

function setStatus(ctx: ApiContext, _url: URL, text: string): Outcome {
  const json = parseJson(text);
  if (!json.ok) return invalid('The body is not valid JSON.');
  const complaintId = stringField(json.value, 'complaintId');
  const statusField = stringField(json.value, 'status');
  const parsed = SetStatusRequestSchema.safeParse(json.value);
  if (!parsed.success) {
    return { ...invalid('The body does not match the schema.', issuesOf(parsed.error)), complaintId, statusField };
  }
  const { complaintId: id, status } = parsed.data;
  const declined = ctx.store.has(id) ? declinedOutcome(ctx, id, status) : null;
  if (declined) return declined;
  if (!ctx.store.setStatus(id, status, 'api')) {
    return {
      status: 404,
      body: errorBody(SANDBOX_ERROR_CODES.complaintNotFound, 'No complaint with this ID.'),
      complaintId: id,
      statusField: status,
    };
  }
  return { status: 200, body: { success: true }, complaintId: id, statusField: status, applied: true };
}

function detail(ctx: ApiContext, url: URL): Outcome {
  const rawId = url.searchParams.get('id');
  const parsed = ComplaintIdSchema.safeParse(rawId ?? '');
  if (!parsed.success) {
    return invalid('Query parameter id is missing or not a complaint ID.', [
      { path: 'id', message: parsed.error.issues[0]?.message ?? 'Invalid' },
    ]);
  }
  const complaint = ctx.store.get(parsed.data);
  // The reference answers an unknown ID with `exist: false`, not with an error status.
  if (!complaint) return { status: 200, body: { exist: false }, complaintId: parsed.data };
  return { status: 200, body: driftedDetail(ctx, parsed.data, { exist: true, ...complaint }), complaintId: parsed.data };
}

/** A `detail` body as the drift switches bend it: another complaint's detail, a status the client may not know. */
function driftedDetail(ctx: ApiContext, askedId: string, body: Record<string, unknown>): Record<string, unknown> {
  let out = body;
  if (driftFor(ctx.faults(), 'wrongId', askedId)) {
    const otherId = ctx.store.ids().find((id) => id !== askedId);
    const other = otherId === undefined ? undefined : ctx.store.get(otherId);
    out = other ? { exist: true, ...other } : { ...body, id: `${askedId.slice(0, 60)}-OTH` };
  }
  const unknownStatus = driftFor(ctx.faults(), 'unknownStatus', askedId);
  if (unknownStatus) out = { ...out, status: unknownStatus.status };
  return out;
}

function create(ctx: ApiContext, _url: URL, text: string): Outcome {
  const json = parseJson(text);
  if (!json.ok) return invalid('The body is not valid JSON.');
  const parsed = CreateBodySchema.safeParse(json.value);
  if (!parsed.success) return invalid('The body does not match the schema.', issuesOf(parsed.error));
  const declined = declinedOutcome(ctx, '');
  if (declined) return { ...declined, complaintId: undefined };
  const id = ctx.store.create(parsed.data);
  // applied: the applyThenDrop switch may swallow the answer of a create too.
  return { status: 200, body: { success: true, id }, complaintId: id, applied: true };
}

function rateHeaders(state: RateLimitState): OutgoingHttpHeaders {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(Math.ceil(state.resetAt / 1000)),
  };
}

/**
 * ROOT keys have no limits, so the sandbox sends them no X-RateLimit-* headers at all
 * rather than invent numbers; a client has to cope with absent headers anyway.
 */
function isUnlimited(key: string): boolean {
  return key.startsWith('ROOT');
}

function outcomeOf(status: number): ApiRecord['outcome'] {
  if (status === 429) return 'rate-limited';
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

export async function handleApiRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  // Paths are logged; redact() in case a client put something key-like in one.
  const path = redact(url.pathname);
  const body = await readBody(req);
  if (body.kind === 'aborted') return;

  const respond = async (outcome: Outcome): Promise<void> => {
    ctx.record({
      method,
      path,
      complaintId: outcome.complaintId,
      status: outcome.statusField,
      outcome: outcomeOf(outcome.status),
      httpStatus: outcome.status,
    });
    await ctx.sleep(ctx.faults().latencyMs);
    sendJson(res, outcome.status, outcome.body, outcome.headers);
  };

  const route = ROUTES.get(url.pathname);
  if (!route) {
    return respond({ status: 404, body: errorBody(SANDBOX_ERROR_CODES.notFound, 'No such endpoint.') });
  }
  if (method !== route.method) {
    return respond({
      status: 405,
      body: errorBody(SANDBOX_ERROR_CODES.methodNotAllowed, `Use ${route.method} for this endpoint.`),
      headers: { Allow: route.method },
    });
  }
  if (body.kind === 'too-large') {
    return respond({
      status: 413,
      body: errorBody(SANDBOX_ERROR_CODES.tooLarge, 'The body is larger than 64 KiB.'),
      headers: { Connection: 'close' },
    });
  }

  const key = extractApiKey(req, url);
  if (!ctx.isKeyAccepted(key)) {
    // Same answer for missing, malformed, unknown and revoked keys, as the reference
    // names only this one code; the message never contains the key.
    return respond({
      status: 401,
      body: errorBody(SANDBOX_ERROR_CODES.auth, 'The API key is missing, unknown or revoked.'),
    });
  }

  const faults = ctx.faults();
  if (faults.rateLimited) {
    const retryAfter = faults.rateLimited.retryAfterSec;
    return respond({
      status: 429,
      body: errorBody(SANDBOX_ERROR_CODES.rateLimited, 'Rate limit exceeded (injected).', {
        retry_after: retryAfter,
      }),
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': String(ctx.limiter.peek(key).limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.ceil(ctx.now() / 1000) + retryAfter),
      },
    });
  }

  const unlimited = isUnlimited(key);
  if (ctx.dice().error.roll(faults.errorRate)) {
    return respond({
      status: 503,
      body: errorBody(SANDBOX_ERROR_CODES.unavailable, 'The service is temporarily unavailable (injected).'),
      headers: unlimited ? {} : rateHeaders(ctx.limiter.peek(key)),
    });
  }

  let limitHeaders: OutgoingHttpHeaders = {};
  if (!unlimited) {
    const state = ctx.limiter.hit(key);
    limitHeaders = rateHeaders(state);
    if (!state.allowed) {
      const retryAfter = state.retryAfterSec ?? 1;
      return respond({
        status: 429,
        body: errorBody(SANDBOX_ERROR_CODES.rateLimited, 'Rate limit exceeded.', { retry_after: retryAfter }),
        headers: { ...limitHeaders, 'Retry-After': String(retryAfter) },
      });
    }
  }

  const outcome = route.handle(ctx, url, body.text);
  outcome.headers = { ...limitHeaders, ...outcome.headers };

  if (outcome.applied && ctx.dice().drop.roll(ctx.faults().applyThenDrop)) {
    ctx.record({
      method,
      path,
      complaintId: outcome.complaintId,
      status: outcome.statusField,
      outcome: 'dropped',
    });
    await ctx.sleep(ctx.faults().latencyMs);
    req.socket.destroy();
    return;
  }
  return respond(outcome);
}
