/**
 * What went wrong, as an `ApiError` the outbox can act on (see common/errors.ts): error
 * bodies, HTTP answers that are not a success, and `fetch` failures ("was the request
 * sent?"). Every message is redacted. Part of the API client (./api-client.ts).
 */
import { API_ERROR_CODES } from '../../common/api-schemas';
import type { AnswerRefusal, ApiError, ApiErrorKind } from '../../common/errors';
import { redact } from '../../common/redact';
import { parseRetryAfterMs } from './api-rate-limit';

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
  extra: { code?: string; httpStatus?: number; retryAfterMs?: number; refusal?: AnswerRefusal; serverMessage?: string } = {},
): ApiError {
  // Redact first, then cut: cutting first could split a key so that redaction misses it.
  const e: ApiError = { kind, message: redact(message, secrets).slice(0, 500) };
  if (extra.refusal !== undefined) e.refusal = extra.refusal;
  if (extra.serverMessage !== undefined) e.serverMessage = redact(extra.serverMessage, secrets).slice(0, 200);
  if (extra.code !== undefined) e.code = redact(extra.code, secrets).slice(0, 100);
  if (extra.httpStatus !== undefined) e.httpStatus = extra.httpStatus;
  if (extra.retryAfterMs !== undefined) e.retryAfterMs = extra.retryAfterMs;
  return e;
}

/**
 * What main's log may say about errors whose message carries the server's own text (it
 * can echo a customer's name, email or description): the kind of answer, the HTTP status
 * and a code-shaped code, never the text itself. The `ApiError` keeps the text for the UI.
 */
const LOG_SUMMARIES = new WeakMap<ApiError, string>();

/** A code as the API names them (`RATE_LIMIT_EXCEEDED`); anything else (it could be any text) is not repeated. */
const CODE_SHAPE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** The error's code if it looks like one, for a log line; otherwise a placeholder. */
export function loggableCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return CODE_SHAPE.test(code) ? code : '[not a code]';
}

/** The error's message as main's log may have it: the summary for an error that quotes the server. */
export function logSummaryOf(e: ApiError): string {
  return LOG_SUMMARIES.get(e) ?? e.message;
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
  const shownCode = loggableCode(code);
  const withheld = message === undefined ? '' : `; the server's text (${message.length} characters) is not logged`;
  const build = (kind: ApiErrorKind, text: string, extra: { retryAfterMs?: number } = {}): ApiError => {
    const e = apiError(kind, `${text} (HTTP ${status}${detail})`, secrets, { ...base, ...extra });
    LOG_SUMMARIES.set(e, `${text} (HTTP ${status}${shownCode ? ` ${shownCode}` : ''}${withheld})`);
    return e;
  };

  if (info.code === API_ERROR_CODES.keyMissing || status === 401 || status === 403) {
    return build('auth', 'The API key was refused');
  }
  if (status === 429 || info.code === API_ERROR_CODES.rateLimited) {
    const retryAfterMs = parseRetryAfterMs(headers, info.retryAfterSec, nowMs);
    return build('rate-limited', 'Rate limit exceeded', retryAfterMs !== undefined ? { retryAfterMs } : {});
  }
  if (status === 404) return build('not-found', 'Not found');
  if (status >= 300 && status < 400) {
    // Redirects are not followed: a redirect could carry the key (in the URL) elsewhere.
    return build('invalid', 'The API answered with a redirect; check the API URL');
  }
  if (status >= 400 && status < 500) return build('invalid', 'The request was refused');
  return build('server', 'The server failed');
}

/** A 2xx JSON object that says `success: false`: BizKitHub answered, and did not do it. */
export function isDeclinedBody(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && (body as { success?: unknown }).success === false;
}

/**
 * A 2xx answer whose body says `success: false`, as `declined`: the server's code and
 * message are kept for the agent (redacted, cut), never written to the log.
 */
export function declinedError(status: number, body: unknown, secrets: readonly string[] = []): ApiError {
  const info = readErrorBody(body);
  const code = info.code === undefined ? undefined : redact(info.code, secrets).slice(0, 100);
  const message = info.message === undefined ? undefined : redact(info.message, secrets).slice(0, 200);
  const text = 'BizKitHub answered success: false';
  const e = apiError(
    'declined',
    `${text} (HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''})`,
    secrets,
    {
      httpStatus: status,
      ...(code !== undefined ? { code } : {}),
      ...(message !== undefined ? { serverMessage: message } : {}),
    },
  );
  const shownCode = loggableCode(code);
  const withheld = message === undefined ? '' : `; the server's text (${message.length} characters) is not logged`;
  LOG_SUMMARIES.set(e, `${text} (HTTP ${status}${shownCode ? ` ${shownCode}` : ''}${withheld})`);
  return e;
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

/** The codes, messages and names along an error's causes (and an AggregateError's errors). */
export function collectCauses(error: unknown): { codes: string[]; messages: string[]; names: string[] } {
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
