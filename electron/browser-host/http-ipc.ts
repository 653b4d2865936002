/**
 * The IPC fallback over HTTP: `POST /__host/ipc/<channel>` with a JSON body (the page uses
 * the WebSocket, ./ipc-socket.ts, when it can). Same-origin only, the per-run token, JSON
 * of at most MAX_BODY_BYTES, strictly valid UTF-8; the dispatcher validates the rest.
 */
import type http from 'node:http';
import type { DeskError } from '../../common/errors';
import { err, type Result } from '../../common/result';
import { readBody } from '../shared/http-body';
import type { Logger } from '../services/logger';
import { firstHeader, sendResult } from './responses';

export const TOKEN_HEADER = 'x-desk-token';
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * IPC bodies are decoded strictly: invalid UTF-8 is refused instead of being replaced by
 * U+FFFD and dispatched (a complaint text would reach the API silently altered).
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface HttpIpcContext {
  isAllowedOrigin(origin: string): boolean;
  isValidToken(given: string | undefined): boolean;
  dispatch(channel: string, input: unknown): Promise<Result<unknown, DeskError>>;
  log: Logger;
}

type Refusal = { status: number; message: string; kind: 'bad-request' | 'forbidden' };

/** Method, origin, token and content type; null when the call may be read. */
function refusalOf(req: http.IncomingMessage, ctx: HttpIpcContext): Refusal | null {
  if (req.method !== 'POST') return { status: 405, kind: 'bad-request', message: 'Use POST.' };
  const origin = firstHeader(req.headers.origin);
  if (origin !== undefined && !ctx.isAllowedOrigin(origin)) {
    ctx.log.warn('Browser host refused an IPC call from another origin');
    return { status: 403, kind: 'forbidden', message: 'Cross-origin calls are refused.' };
  }
  if (!ctx.isValidToken(firstHeader(req.headers[TOKEN_HEADER]))) {
    ctx.log.warn('Browser host refused an IPC call without a valid token');
    return { status: 403, kind: 'forbidden', message: 'Missing or wrong X-Desk-Token.' };
  }
  const contentType = (firstHeader(req.headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') return { status: 415, kind: 'bad-request', message: 'The body must be application/json.' };
  return null;
}

/** The body as JSON (undefined when empty), or why not. */
function parseBody(body: Buffer): { ok: true; input: unknown } | { ok: false; message: string } {
  if (body.length === 0) return { ok: true, input: undefined };
  let text: string;
  try {
    text = STRICT_UTF8.decode(body);
  } catch {
    return { ok: false, message: 'The body is not valid UTF-8.' };
  }
  try {
    return { ok: true, input: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
}

export async function handleHttpIpc(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rawChannel: string,
  ctx: HttpIpcContext,
): Promise<void> {
  const refusal = refusalOf(req, ctx);
  if (refusal !== null) {
    if (refusal.status === 405) res.setHeader('Allow', 'POST');
    sendResult(res, refusal.status, err({ kind: refusal.kind, message: refusal.message }));
    return;
  }
  let channel: string;
  try {
    channel = decodeURIComponent(rawChannel);
  } catch {
    sendResult(res, 400, err({ kind: 'bad-request', message: 'Malformed channel name.' }));
    return;
  }
  const read = await readBody(req, { limit: MAX_BODY_BYTES });
  if (read.kind !== 'ok') {
    const tooLarge = read.kind === 'too-large';
    res.setHeader('Connection', 'close');
    sendResult(res, tooLarge ? 413 : 400, err({ kind: 'bad-request', message: tooLarge ? 'The body is too large.' : 'The body could not be read.' }));
    return;
  }
  const parsed = parseBody(read.bytes);
  if (!parsed.ok) {
    sendResult(res, 400, err({ kind: 'bad-request', message: parsed.message }));
    return;
  }
  sendResult(res, 200, await ctx.dispatch(channel, parsed.input));
}
