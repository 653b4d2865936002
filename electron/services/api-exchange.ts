/**
 * One request and its answer: the key check, the request under its timeout, the body read
 * within its size and nesting limits, and the answer turned into a `Result`. Never throws.
 * Part of the API client (./api-client.ts), which supplies the typed calls.
 */
import { API_ERROR_CODES, API_KEY_PATTERN, MAX_ANSWER_BYTES } from '../../common/api-schemas';
import type { ApiError, ApiErrorKind } from '../../common/errors';
import { nestingExceeds } from '../../common/nesting';
import { err, ok, type Result } from '../../common/result';
import {
  apiError,
  classifyFetchFailure,
  classifyHttpError,
  collectCauses,
  declinedError,
  isDeclinedBody,
  loggableCode,
  logSummaryOf,
  readErrorBody,
} from './api-errors';
import { buildApiUrl } from './api-url';
import type { Logger } from './logger';

/** Answers larger than this are not read, and refused (`answer-refused`, too large). */
export const MAX_BODY_BYTES = MAX_ANSWER_BYTES;

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

/** What one attempt told us about reachability (for the connectivity monitor). */
export type ApiExchangeOutcome = 'response' | 'unreachable' | 'unclear';

/** One typed call: where it goes and how its 2xx JSON body becomes the result. */
export interface Call<T> {
  name: 'setStatus' | 'detail' | 'create';
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Turns a parsed 2xx JSON body into the result; `{ malformed }` = does not match. */
  accept: (body: unknown, status: number) => Result<T, ApiError> | { malformed: string };
}

/** What an exchange needs from its client. */
export interface Exchanger {
  /** The validated base URL. */
  baseUrl: URL;
  getKey: () => string | null;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  now: () => number;
  log: Logger;
  /** Told after every attempt that reached the network stage; never throws. */
  tell: (outcome: ApiExchangeOutcome) => void;
  /** Sees every answer's headers before its body is read (the rate-limit figures). */
  observe: (headers: Headers) => void;
}

/**
 * Sends `call` and reads its answer. Every failure but a missing or malformed key is
 * logged (kind, status, code, time taken, and a summary that never quotes the server's
 * text: it can echo a customer's personal data; the returned error keeps it for the UI).
 */
export async function exchange<T>(x: Exchanger, call: Call<T>): Promise<Result<T, ApiError>> {
  const keyed = readKey(x);
  if (!keyed.ok) return keyed;
  const key = keyed.value;
  const secrets = [key];

  const started = x.now();
  const fail = (e: ApiError): Result<T, ApiError> => {
    x.log.warn(`api ${call.method} ${call.path} failed`, {
      kind: e.kind,
      httpStatus: e.httpStatus,
      code: loggableCode(e.code),
      ms: x.now() - started,
      message: logSummaryOf(e),
    });
    return err(e);
  };

  // Serialised before anything is sent: a body that cannot be (a cycle, nesting deep
  // enough to overflow the stack) was certainly not sent: `invalid`, not `unknown-outcome`
  // (or, for a cycle's TypeError, `network`, which the outbox would retry forever).
  const payload = serialise(call.body);
  if (!payload.ok) {
    return fail(apiError('invalid', `The ${call.name} request cannot be serialised, not sent: ${payload.error}`, secrets));
  }

  const url = buildApiUrl(x.baseUrl, call.path, { ...call.query, apiKey: key });
  const deadline = startDeadline(x.timeoutMs);
  try {
    const sent = await send(x, call, url, key, payload.value, deadline);
    if (!sent.ok) return fail(sent.error);
    const res = sent.value;
    x.observe(res.headers);
    const answer = await readAnswer(res, call, deadline, secrets);
    if (!answer.ok) return fail(answer.error);
    const result = interpret(x, call, res, answer.value, secrets);
    if (!result.ok) return fail(result.error);
    x.log.info(`api ${call.method} ${call.path}`, { httpStatus: res.status, ms: x.now() - started });
    return result;
  } catch (e) {
    // Defensive: nothing above should throw, but a Result must come back regardless.
    x.log.error(`api ${call.method} ${call.path}: unexpected failure`, { error: e });
    const kind: ApiErrorKind = call.method === 'POST' ? 'unknown-outcome' : 'network';
    return fail(apiError(kind, `Unexpected failure: ${collectCauses(e).messages.join('; ')}`, secrets));
  } finally {
    deadline.clear();
  }
}

function readKey(x: Exchanger): Result<string, ApiError> {
  let key: string | null = null;
  try {
    key = x.getKey();
  } catch (e) {
    x.log.error('api: getKey failed', { error: e });
  }
  if (!key) return err(apiError('auth', 'No API key is configured.', []));
  if (!API_KEY_PATTERN.test(key)) {
    return err(apiError('auth', 'The configured API key does not have the API key format.', [key]));
  }
  return ok(key);
}

/** The JSON text of a body (`undefined`: no body), or why it cannot be written. */
function serialise(body: unknown): Result<string | undefined, string> {
  if (body === undefined) return ok(undefined);
  try {
    return ok(JSON.stringify(body));
  } catch (e) {
    return err(collectCauses(e).messages.join('; '));
  }
}

interface Deadline {
  signal: AbortSignal;
  /** True once the timeout has aborted the request. */
  timedOut(): boolean;
  clear(): void;
}

function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  return { signal: controller.signal, timedOut: () => timedOut, clear: () => clearTimeout(timer) };
}

/** The request itself; a rejected fetch is classified ("was it sent?") and told to the connectivity monitor. */
async function send(
  x: Exchanger,
  call: Call<unknown>,
  url: URL,
  key: string,
  payload: string | undefined,
  deadline: Deadline,
): Promise<Result<Response, ApiError>> {
  let res: Response;
  try {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${key}`,
    };
    const init: RequestInit = { method: call.method, headers, signal: deadline.signal, redirect: 'manual' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = payload;
    }
    const fetchImpl = x.fetch; // called unbound, as a plain function (not a method of x)
    res = await untilAborted(fetchImpl(url, init), deadline.signal);
  } catch (e) {
    const c = classifyFetchFailure(e, {
      timedOut: deadline.timedOut(),
      idempotent: call.method === 'GET',
      timeoutMs: x.timeoutMs,
    });
    x.tell(c.kind === 'network' ? 'unreachable' : 'unclear');
    return err(apiError(c.kind, c.reason, [key]));
  }
  x.tell('response');
  return ok(res);
}

interface Answer {
  /** `undefined`: the body could not be read (`readProblem` says why). */
  text: string | undefined;
  body: unknown;
  jsonOk: boolean;
  readProblem: string | undefined;
  /** The body was larger than MAX_BODY_BYTES and was not read. */
  tooLarge: boolean;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Reads and parses the body; only a success cut off midway is an error here. */
async function readAnswer(
  res: Response,
  call: Call<unknown>,
  deadline: Deadline,
  secrets: readonly string[],
): Promise<Result<Answer, ApiError>> {
  let text: string | undefined;
  let readProblem: string | undefined;
  let tooLarge = false;
  try {
    text = await readBodyText(res, MAX_BODY_BYTES, deadline.signal);
  } catch (e) {
    tooLarge = e instanceof BodyTooLargeError;
    readProblem = tooLarge ? (e as Error).message : collectCauses(e).messages.join('; ');
    if (isSuccess(res.status) && !(e instanceof BodyTooLargeError)) {
      // The status said success but the answer was cut off.
      const kind: ApiErrorKind = deadline.timedOut() || call.method === 'POST' ? 'unknown-outcome' : 'network';
      return err(
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
  return ok({ text, body, jsonOk, readProblem, tooLarge });
}

/**
 * The answer as the call's result: an HTTP error, a named error in a 2xx body, too large,
 * unreadable, `success: false`, the wrong shape, or accepted.
 */
function interpret<T>(
  x: Exchanger,
  call: Call<T>,
  res: Response,
  a: Answer,
  secrets: readonly string[],
): Result<T, ApiError> {
  if (!isSuccess(res.status)) return err(classifyHttpError(res.status, a.body, res.headers, x.now(), secrets));

  const named = readErrorBody(a.body).code;
  if (named === API_ERROR_CODES.keyMissing || named === API_ERROR_CODES.rateLimited) {
    return err(classifyHttpError(res.status, a.body, res.headers, x.now(), secrets));
  }
  if (a.tooLarge) {
    return err(
      apiError(
        'answer-refused',
        `The answer to ${call.name} (HTTP ${res.status}) was refused: larger than ${MAX_BODY_BYTES} bytes; nothing of it was kept.`,
        secrets,
        { httpStatus: res.status, refusal: 'too-large' },
      ),
    );
  }
  if (!a.jsonOk) {
    const why = a.readProblem ?? (a.text === undefined || a.text.trim() === '' ? 'empty body' : 'not JSON');
    return err(
      apiError('malformed', `The answer to ${call.name} (HTTP ${res.status}) is unreadable: ${why}.`, secrets, {
        httpStatus: res.status,
      }),
    );
  }
  // BizKitHub answered and said it did not do it: not an outage, not an unknown outcome.
  if (isDeclinedBody(a.body)) return err(declinedError(res.status, a.body, secrets));
  const accepted = call.accept(a.body, res.status);
  if ('malformed' in accepted) {
    return err(
      apiError(
        'malformed',
        `The answer to ${call.name} (HTTP ${res.status}) does not have the expected shape: ${accepted.malformed}`,
        secrets,
        { httpStatus: res.status },
      ),
    );
  }
  return accepted;
}
