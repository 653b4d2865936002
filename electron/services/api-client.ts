/**
 * The only code that talks to BizKitHub. Every call returns a `Result`; nothing throws.
 *
 * Errors are classified so the outbox can act on them (see common/errors.ts). The one
 * judgement call is "was the request sent?": for the non-idempotent POSTs, anything that
 * is not certainly a failure before sending (refused, DNS, unreachable, TLS handshake,
 * request construction) is `unknown-outcome`, because a blind resend duplicates a
 * timeline event. For GET `detail`, a reset is simply `network`.
 */
import type { z } from 'zod';
import {
  API_ERROR_CODES,
  API_KEY_PATTERN,
  ComplaintDetailResponseSchema,
  ComplaintIdSchema,
  CreateComplaintRequestSchema,
  CreateComplaintResponseSchema,
  SetStatusRequestSchema,
  SetStatusResponseSchema,
  type ComplaintDetail,
  type CreateComplaintRequest,
  type SetStatusRequest,
} from '../../common/api-schemas';
import { checkApiAddress, describeApiAddressRefusal } from '../../common/api-address';
import type { ApiError, ApiErrorKind } from '../../common/errors';
import type { RateLimit } from '../../common/ipc-contract';
import { nestingExceeds } from '../../common/nesting';
import { redact } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';
import type { Logger } from './logger';

export const API_PATHS = {
  setStatus: '/api/v1/shop/complaint/set-status',
  detail: '/api/v1/shop/complaint/detail',
  create: '/api/v1/shop/complaint/create',
} as const;

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Answers larger than this are not read (no legitimate complaint answer comes close). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** A server asking for a longer pause than this is capped (protects against absurd values). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export type SetStatusResponse = z.infer<typeof SetStatusResponseSchema>;
export type CreateComplaintResponse = z.infer<typeof CreateComplaintResponseSchema>;

/** What one attempt told us about reachability (for the connectivity monitor). */
export type ApiExchangeOutcome = 'response' | 'unreachable' | 'unclear';

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

// ---------------------------------------------------------------------------------------
// Base URL check

export { isLoopbackHostName as isLoopbackHost } from '../../common/api-address';

/**
 * The raw text must pass the project's address rule (common/api-address.ts: https, or http
 * for loopback only; no credentials, query, fragment, spaces or invisible characters),
 * and the URL parser must then see the same origin: a parser that rewrites the text
 * (drops a tab, maps a character away) would send the key somewhere else than shown.
 */
export function checkApiBaseUrl(url: string | URL): Result<URL, string> {
  const text = String(url);
  const checked = checkApiAddress(text);
  if (!checked.ok) {
    const shown = checked.error === 'invisible-characters' ? '' : ` (${redact(text).slice(0, 200)})`;
    return err(`${describeApiAddressRefusal(checked.error)}${shown}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return err(`Not a valid URL: ${redact(text).slice(0, 200)}`);
  }
  if (parsed.origin !== checked.value.origin) {
    return err(`The API URL is read differently by the URL parser (${redact(parsed.origin)}); type it plainly.`);
  }
  return ok(parsed);
}

/** Base + API path, keeping any path prefix of the base (e.g. behind a reverse proxy). */
export function buildApiUrl(base: URL, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}

// ---------------------------------------------------------------------------------------
// Header parsing

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

// ---------------------------------------------------------------------------------------
// Error bodies and classification

export interface ErrorBodyInfo {
  code?: string;
  message?: string;
  retryAfterSec?: number;
}

/** Reads the documented `{ error: { code, message, retry_after } }` and tolerates variants. */
export function readErrorBody(body: unknown): ErrorBodyInfo {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const top = body as Record<string, unknown>;
  const nested =
    top.error !== null && typeof top.error === 'object' && !Array.isArray(top.error)
      ? (top.error as Record<string, unknown>)
      : {};
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const info: ErrorBodyInfo = {};
  const code = str(nested.code) ?? str(top.code);
  const message = str(nested.message) ?? str(top.message) ?? str(top.error);
  const retryAfterSec = num(nested.retry_after) ?? num(top.retry_after);
  // Not shortened here: a cut before redaction could leave part of a key unrecognisable.
  if (code !== undefined) info.code = code;
  if (message !== undefined) info.message = message;
  if (retryAfterSec !== undefined) info.retryAfterSec = retryAfterSec;
  return info;
}

/** Builds an `ApiError` whose message is redacted (pattern-based plus the given secrets). */
export function apiError(
  kind: ApiErrorKind,
  message: string,
  secrets: readonly string[],
  extra: { code?: string; httpStatus?: number; retryAfterMs?: number } = {},
): ApiError {
  // Redact first, then cut: cutting first could split a key so that redaction misses it.
  const e: ApiError = { kind, message: redact(message, secrets).slice(0, 500) };
  if (extra.code !== undefined) e.code = redact(extra.code, secrets).slice(0, 100);
  if (extra.httpStatus !== undefined) e.httpStatus = extra.httpStatus;
  if (extra.retryAfterMs !== undefined) e.retryAfterMs = extra.retryAfterMs;
  return e;
}

/**
 * An HTTP answer that is not a success. Also used for 2xx answers whose body carries a
 * named auth or rate-limit code.
 */
export function classifyHttpError(
  status: number,
  body: unknown,
  headers: Headers,
  nowMs: number,
  secrets: readonly string[] = [],
): ApiError {
  const info = readErrorBody(body);
  // The server's text may echo the key: redact before cutting it to length.
  const code = info.code === undefined ? undefined : redact(info.code, secrets).slice(0, 100);
  const message = info.message === undefined ? undefined : redact(info.message, secrets).slice(0, 200);
  const detail = `${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  const base = { httpStatus: status, ...(code !== undefined ? { code } : {}) };
  const say = (text: string) => `${text} (HTTP ${status}${detail})`;

  if (info.code === API_ERROR_CODES.keyMissing || status === 401 || status === 403) {
    return apiError('auth', say('The API key was refused'), secrets, base);
  }
  if (status === 429 || info.code === API_ERROR_CODES.rateLimited) {
    const retryAfterMs = parseRetryAfterMs(headers, info.retryAfterSec, nowMs);
    return apiError('rate-limited', say('Rate limit exceeded'), secrets, {
      ...base,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status === 404) return apiError('not-found', say('Not found'), secrets, base);
  if (status >= 300 && status < 400) {
    // Redirects are not followed: a redirect could carry the key (in the URL) elsewhere.
    return apiError('invalid', say('The API answered with a redirect; check the API URL'), secrets, base);
  }
  if (status >= 400 && status < 500) return apiError('invalid', say('The request was refused'), secrets, base);
  return apiError('server', say('The server failed'), secrets, base);
}

/** Codes that mean the request never left this machine (or never got past the TLS handshake). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'ENONET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function collectCauses(error: unknown): { codes: string[]; messages: string[]; names: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const names: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (e === null || e === undefined || depth > 5 || seen.has(e)) return;
    seen.add(e);
    if (typeof e !== 'object') {
      messages.push(String(e));
      return;
    }
    const o = e as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') codes.push(o.code);
    if (typeof o.message === 'string') messages.push(o.message);
    if (typeof o.name === 'string') names.push(o.name);
    visit(o.cause, depth + 1);
    if (Array.isArray(o.errors)) for (const inner of o.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return { codes, messages, names };
}

/**
 * `fetch` rejected. `timedOut`: our own timer aborted it. `idempotent`: the request may be
 * repeated freely (GET), so "maybe sent" does not matter.
 */
export function classifyFetchFailure(
  error: unknown,
  opts: { timedOut: boolean; idempotent: boolean; timeoutMs?: number },
): { kind: 'network' | 'unknown-outcome'; reason: string } {
  const { codes, messages, names } = collectCauses(error);
  const codeText = codes.length > 0 ? ` [${[...new Set(codes)].join(', ')}]` : '';
  const reason = `${messages.filter((m) => m !== 'fetch failed').slice(0, 2).join('; ') || messages[0] || 'fetch failed'}${codeText}`;
  if (opts.timedOut) {
    return {
      kind: 'unknown-outcome',
      reason: `No complete answer within ${opts.timeoutMs ?? '?'} ms; the request may or may not have been applied`,
    };
  }
  const notSent =
    codes.some((c) => NOT_SENT_CODES.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_')) ||
    // undici wraps every network failure as TypeError('fetch failed'); any other TypeError
    // comes from building the request (bad URL, bad header) before anything was sent.
    (error instanceof TypeError && error.message !== 'fetch failed') ||
    // fetch refuses the spec's blocked ports before connecting (cause: Error('bad port')).
    messages.includes('bad port');
  // Some failure codes (e.g. ECONNRESET) can happen before or after sending; only a failure
  // that is certainly before sending counts as nothing-sent when every code agrees.
  const maybeSent = codes.some(
    (c) => !(NOT_SENT_CODES.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_')),
  );
  if (notSent && !maybeSent) return { kind: 'network', reason: `Could not reach the API: ${reason}` };
  if (names.includes('AbortError') || names.includes('TimeoutError')) {
    return { kind: 'unknown-outcome', reason: `The request was aborted: ${reason}` };
  }
  if (opts.idempotent) return { kind: 'network', reason: `The connection failed: ${reason}` };
  return {
    kind: 'unknown-outcome',
    reason: `The connection failed after the request may have been sent: ${reason}`,
  };
}

/** True when the API itself said the complaint does not exist (`exist: false`, or a 404 with a named code). */
export function isComplaintMissing(e: ApiError): boolean {
  if (e.kind !== 'not-found') return false;
  const s = e.httpStatus;
  return (s !== undefined && s >= 200 && s < 300) || e.code !== undefined;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Answers nested deeper than this are refused as malformed: no complaint answer comes
 * close, and a value nested thousands deep breaks JSON.stringify and structured clone
 * (RangeError) when it is handed on to the renderer.
 */
export const MAX_JSON_DEPTH = 64;

class BodyTooLargeError extends Error {}

/**
 * Settles like `p`, or rejects with the abort reason as soon as `signal` aborts. fetch
 * does not always honour its signal: after undici's automatic retry of a 421 answer, a
 * body cut short never ends and ignores the abort, so the call would hang forever.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (cause: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(cause);
      },
    );
  });
}

async function readBodyText(res: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = (await untilAborted(reader.read(), signal)) as { done: boolean; value?: Uint8Array };
      if (done) break;
      if (!value) continue;
      size += value.byteLength;
      if (size > maxBytes) throw new BodyTooLargeError(`The answer is larger than ${maxBytes} bytes.`);
      chunks.push(value);
    }
  } catch (e) {
    // Not awaited: on a stuck stream, cancel() may never settle either.
    reader.cancel().catch(() => undefined);
    throw e;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

// ---------------------------------------------------------------------------------------
// The client

interface Call<T> {
  name: 'setStatus' | 'detail' | 'create';
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Turns a parsed 2xx JSON body into the result; `null` = does not match (malformed). */
  accept: (body: unknown, status: number) => Result<T, ApiError> | { malformed: string };
}

/**
 * Creates a client. Throws only if `baseUrl` fails `checkApiBaseUrl` (a configuration
 * error refused up front); every request method returns a `Result` and never throws.
 */
export function createApiClient(o: ApiClientOptions): ApiClient {
  const checked = checkApiBaseUrl(o.baseUrl);
  if (!checked.ok) throw new Error(`Refusing API base URL: ${checked.error}`);
  const baseUrl = checked.value;
  const fetchImpl = o.fetch ?? globalThis.fetch;
  const timeoutMs =
    o.timeoutMs !== undefined && Number.isFinite(o.timeoutMs) && o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_TIMEOUT_MS;
  const now = o.now ?? Date.now;
  const { log } = o;
  let rateLimit: RateLimit | null = null;

  const tell = (outcome: ApiExchangeOutcome) => {
    try {
      o.onExchange?.(outcome);
    } catch (e) {
      log.warn('api: onExchange listener failed', { error: e });
    }
  };

  async function run<T>(call: Call<T>): Promise<Result<T, ApiError>> {
    let key: string | null = null;
    try {
      key = o.getKey();
    } catch (e) {
      log.error('api: getKey failed', { error: e });
    }
    const secrets = key ? [key] : [];
    if (!key) return err(apiError('auth', 'No API key is configured.', secrets));
    if (!API_KEY_PATTERN.test(key)) {
      return err(apiError('auth', 'The configured API key does not have the API key format.', secrets));
    }

    const started = now();
    const fail = (e: ApiError): Result<T, ApiError> => {
      log.warn(`api ${call.method} ${call.path} failed`, {
        kind: e.kind,
        httpStatus: e.httpStatus,
        code: e.code,
        ms: now() - started,
        message: e.message,
      });
      return err(e);
    };

    // Serialised before anything is sent: a body that cannot be (a cycle, nesting deep
    // enough to overflow the stack) was certainly not sent: `invalid`, not `unknown-outcome`
    // (or, for a cycle's TypeError, `network`, which the outbox would retry forever).
    let payload: string | undefined;
    if (call.body !== undefined) {
      try {
        payload = JSON.stringify(call.body);
      } catch (e) {
        const why = collectCauses(e).messages.join('; ');
        return fail(apiError('invalid', `The ${call.name} request cannot be serialised, not sent: ${why}`, secrets));
      }
    }

    const url = buildApiUrl(baseUrl, call.path, { ...call.query, apiKey: key });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);

    try {
      let res: Response;
      try {
        const headers: Record<string, string> = {
          Accept: 'application/json',
          Authorization: `Bearer ${key}`,
        };
        const init: RequestInit = { method: call.method, headers, signal: controller.signal, redirect: 'manual' };
        if (payload !== undefined) {
          headers['Content-Type'] = 'application/json';
          init.body = payload;
        }
        res = await untilAborted(fetchImpl(url, init), controller.signal);
      } catch (e) {
        const c = classifyFetchFailure(e, { timedOut, idempotent: call.method === 'GET', timeoutMs });
        tell(c.kind === 'network' ? 'unreachable' : 'unclear');
        return fail(apiError(c.kind, c.reason, secrets));
      }
      tell('response');

      const observed = parseRateLimitHeaders(res.headers, now());
      if (observed) rateLimit = observed;

      const success = res.status >= 200 && res.status < 300;
      let text: string | undefined;
      let readProblem: string | undefined;
      try {
        text = await readBodyText(res, MAX_BODY_BYTES, controller.signal);
      } catch (e) {
        readProblem = e instanceof BodyTooLargeError ? e.message : collectCauses(e).messages.join('; ');
        if (success && !(e instanceof BodyTooLargeError)) {
          // The status said success but the answer was cut off.
          const kind: ApiErrorKind = timedOut || call.method === 'POST' ? 'unknown-outcome' : 'network';
          return fail(
            apiError(kind, `The answer (HTTP ${res.status}) was cut off: ${readProblem}`, secrets, {
              httpStatus: res.status,
            }),
          );
        }
      }

      let body: unknown;
      let jsonOk = false;
      if (text !== undefined && text.trim() !== '') {
        try {
          body = JSON.parse(text);
          jsonOk = true;
        } catch {
          body = undefined;
        }
        if (jsonOk && nestingExceeds(body, MAX_JSON_DEPTH)) {
          body = undefined;
          jsonOk = false;
          readProblem = `nested more than ${MAX_JSON_DEPTH} levels deep`;
        }
      }

      if (!success) return fail(classifyHttpError(res.status, body, res.headers, now(), secrets));

      const named = readErrorBody(body).code;
      if (named === API_ERROR_CODES.keyMissing || named === API_ERROR_CODES.rateLimited) {
        return fail(classifyHttpError(res.status, body, res.headers, now(), secrets));
      }
      if (!jsonOk) {
        const why = readProblem ?? (text === undefined || text.trim() === '' ? 'empty body' : 'not JSON');
        return fail(
          apiError('malformed', `The answer to ${call.name} (HTTP ${res.status}) is unreadable: ${why}.`, secrets, {
            httpStatus: res.status,
          }),
        );
      }
      const accepted = call.accept(body, res.status);
      if ('malformed' in accepted) {
        return fail(
          apiError(
            'malformed',
            `The answer to ${call.name} (HTTP ${res.status}) does not have the expected shape: ${accepted.malformed}`,
            secrets,
            { httpStatus: res.status },
          ),
        );
      }
      if (!accepted.ok) return fail(accepted.error);
      log.info(`api ${call.method} ${call.path}`, { httpStatus: res.status, ms: now() - started });
      return accepted;
    } catch (e) {
      // Defensive: nothing above should throw, but a Result must come back regardless.
      log.error(`api ${call.method} ${call.path}: unexpected failure`, { error: e });
      const kind: ApiErrorKind = call.method === 'POST' ? 'unknown-outcome' : 'network';
      return fail(apiError(kind, `Unexpected failure: ${collectCauses(e).messages.join('; ')}`, secrets));
    } finally {
      clearTimeout(timer);
    }
  }

  const invalidInput = (what: string, issues: readonly z.core.$ZodIssue[]): ApiError =>
    apiError('invalid', `Invalid ${what}, not sent: ${describeIssues(issues)}`, []);

  return {
    baseUrl,

    async setStatus(req) {
      const parsed = SetStatusRequestSchema.safeParse(req);
      if (!parsed.success) return err(invalidInput('set-status request', parsed.error.issues));
      return run({
        name: 'setStatus',
        method: 'POST',
        path: API_PATHS.setStatus,
        body: parsed.data,
        accept: (body) => {
          const r = SetStatusResponseSchema.safeParse(body);
          return r.success ? ok(r.data) : { malformed: describeIssues(r.error.issues) };
        },
      });
    },

    async detail(id) {
      const parsed = ComplaintIdSchema.safeParse(id);
      if (!parsed.success) return err(invalidInput('complaint ID', parsed.error.issues));
      return run({
        name: 'detail',
        method: 'GET',
        path: API_PATHS.detail,
        query: { id: parsed.data },
        accept: (body, status) => {
          const r = ComplaintDetailResponseSchema.safeParse(body);
          if (!r.success) return { malformed: describeIssues(r.error.issues) };
          if (r.data.exist === false) {
            return err(
              apiError('not-found', `Complaint ${parsed.data} does not exist (exist: false).`, [], {
                httpStatus: status,
              }),
            );
          }
          return ok(r.data);
        },
      });
    },

    async create(body) {
      const parsed = CreateComplaintRequestSchema.safeParse(body);
      if (!parsed.success) return err(invalidInput('create request', parsed.error.issues));
      return run({
        name: 'create',
        method: 'POST',
        path: API_PATHS.create,
        body: parsed.data,
        accept: (answer) => {
          const r = CreateComplaintResponseSchema.safeParse(answer);
          return r.success ? ok(r.data) : { malformed: describeIssues(r.error.issues) };
        },
      });
    },

    lastRateLimit: () => rateLimit,
  };
}
