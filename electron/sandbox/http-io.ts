/** Small HTTP helpers shared by the API and control listeners. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { readBody as readLimitedBody } from '../shared/http-body';

export const MAX_BODY_BYTES = 64 * 1024;
// Past this we stop draining an oversized body and cut the connection; below it we read
// the rest so the client actually receives the 413 instead of a reset.
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;

export type SandboxBody = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** The body as UTF-8 text, at most 64 KiB (an oversized one is drained, then refused). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<SandboxBody> {
  const body = await readLimitedBody(req, { limit, drainUpTo: MAX_DRAIN_BYTES });
  return body.kind === 'ok' ? { kind: 'ok', text: body.bytes.toString('utf8') } : body;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

/** An empty body parses as `{}` so that body-less control calls (e.g. reset) are easy to make. */
export function parseJson(text: string, emptyAs: unknown = undefined): JsonParse {
  if (text.trim() === '') return emptyAs === undefined ? { ok: false } : { ok: true, value: emptyAs };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}

export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

/**
 * The key from the `apiKey` query parameter (the documented requirement) or, failing
 * that, from `Authorization: Bearer`. The value is only ever compared, never echoed.
 */
export function extractApiKey(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('apiKey');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
