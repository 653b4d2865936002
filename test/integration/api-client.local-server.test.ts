/**
 * The API client against a tiny local node:http server that misbehaves in ways the
 * sandbox does not: 200 with garbage (malformed), resets after reading the request,
 * redirects, HTML error pages, oversized answers. Real sockets, no mocks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, MAX_BODY_BYTES, type ApiClient } from '../../electron/services/api-client';
import { createMemoryLogger, type MemoryLogger } from '../../electron/services/logger';

const KEY = 'PRODlocalServerTestKey0000000001';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let baseUrl: string;
let log: MemoryLogger;
let client: ApiClient;
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  log = createMemoryLogger();
  client = createApiClient({ baseUrl, getKey: () => KEY, log, timeoutMs: 3000 });
});

const reply = (status: number, text: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
};

function expectNoKey(...things: unknown[]) {
  for (const t of [...things, log.lines]) expect(JSON.stringify(t)).not.toContain(KEY);
}

describe('what goes on the wire', () => {
  it('the key as the apiKey query parameter AND as a Bearer token; JSON body', async () => {
    handler = reply(200, '{"success":true}');
    expect((await client.setStatus({ complaintId: 'abc', status: 'closed' })).ok).toBe(true);
    const req = seen[0];
    const url = new URL(req?.url ?? '', baseUrl);
    expect(req?.method).toBe('POST');
    expect(url.pathname).toBe('/api/v1/shop/complaint/set-status');
    expect(url.searchParams.get('apiKey')).toBe(KEY);
    expect(req?.auth).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(req?.body ?? '')).toEqual({ complaintId: 'abc', status: 'closed' });
    expect(log.lines.join('\n')).not.toContain(KEY);
  });
});

describe('malformed: a 2xx that does not parse', () => {
  it.each([
    ['not JSON', 'this is not json'],
    ['empty body', ''],
    ['a JSON string', '"ok"'],
  ])('set-status %s → malformed', async (_name, text) => {
    handler = reply(200, text);
    const r = await client.setStatus({ complaintId: 'abc', status: 'open' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'malformed', httpStatus: 200 } });
    expectNoKey(r);
  });

  // Parsed, but BizKitHub said no: a bounded number of tries, then Failed (not retried as malformed).
  it('set-status success false → declined', async () => {
    handler = reply(200, '{"success":false}');
    const r = await client.setStatus({ complaintId: 'abc', status: 'open' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'declined', httpStatus: 200 } });
    expectNoKey(r);
  });

  // A status this version does not know is kept as BizKitHub sent it (the check makes it a conflict).
  it('detail unknown status → kept as sent', async () => {
    handler = reply(200, '{"exist":true,"id":"abc","status":"archived"}');
    expect(await client.detail('abc')).toMatchObject({ ok: true, value: { status: 'archived' } });
  });

  it.each([
    ['missing status', '{"exist":true,"id":"abc"}'],
    ['no exist', '{"id":"abc","status":"open"}'],
    ['HTML', '<html><body>Welcome to nginx</body></html>'],
  ])('detail %s → malformed', async (_name, text) => {
    handler = reply(200, text);
    expect(await client.detail('abc')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('an answer larger than the cap → refused as too large, not read to the end', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"exist":true,"id":"abc","status":"open","pad":"${'x'.repeat(MAX_BODY_BYTES + 10)}"}`);
    };
    const r = await client.detail('abc');
    expect(r).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'too-large' } });
    if (!r.ok) expect(r.error.message).toMatch(/larger than/);
  });

  it('a 200 carrying the auth code is auth, not success', async () => {
    handler = reply(200, '{"error":{"code":"PUBLIC_API_KEY_DOES_NOT_EXIST","message":"no"}}');
    expect(await client.detail('abc')).toMatchObject({ ok: false, error: { kind: 'auth', code: 'PUBLIC_API_KEY_DOES_NOT_EXIST' } });
  });
});

describe('connection cut after the request was read', () => {
  const drop: Handler = (req) => req.socket.destroy();
  it('POST set-status → unknown-outcome (it may have been applied)', async () => {
    handler = drop;
    const r = await client.setStatus({ complaintId: 'abc', status: 'open' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(seen).toHaveLength(1); // the server did receive it
    expectNoKey(r);
  });
  it('POST create → unknown-outcome', async () => {
    handler = drop;
    expect(await client.create({ variantCode: 'reklamace', description: 'd', customerName: 'c' })).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
  });
  it('GET detail → network (safe to repeat)', async () => {
    handler = drop;
    expect(await client.detail('abc')).toMatchObject({ ok: false, error: { kind: 'network' } });
  });
  it('headers sent, body cut: POST → unknown-outcome', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"succ');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    expect(await client.setStatus({ complaintId: 'abc', status: 'open' })).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
  });
});

describe('other HTTP answers', () => {
  it('a redirect is not followed (the key must not travel elsewhere) → invalid', async () => {
    handler = reply(302, '', { Location: 'http://127.0.0.1:1/steal' });
    const r = await client.detail('abc');
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', httpStatus: 302 } });
    expect(seen).toHaveLength(1);
  });

  it('an HTML 502 from a proxy → server', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    expect(await client.detail('abc')).toMatchObject({ ok: false, error: { kind: 'server', httpStatus: 502 } });
  });

  it('429 without Retry-After: body retry_after, else X-RateLimit-Reset', async () => {
    handler = reply(429, '{"error":{"code":"RATE_LIMIT_EXCEEDED","retry_after":3}}');
    expect(await client.detail('abc')).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 3000 } });
    handler = reply(429, '{}', { 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 40) });
    const r = await client.detail('abc');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.retryAfterMs).toBeGreaterThan(35_000);
      expect(r.error.retryAfterMs).toBeLessThanOrEqual(41_000);
    }
  });

  it('a server echoing the key in its error message: redacted', async () => {
    handler = (req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BAD', message: `bad request ${req.url} with ${req.headers.authorization}` } }));
    };
    const r = await client.detail('abc');
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'BAD' } });
    expectNoKey(r);
  });

  it('a host that does not resolve → network', async () => {
    const c = createApiClient({ baseUrl: 'https://desk-test-host.invalid', getKey: () => KEY, log, timeoutMs: 10_000 });
    const r = await c.setStatus({ complaintId: 'abc', status: 'open' });
    expect(r.ok).toBe(false);
    // ENOTFOUND where DNS answers; without any resolver the lookup may time out instead.
    if (!r.ok) expect(['network', 'unknown-outcome']).toContain(r.error.kind);
    if (!r.ok && r.error.kind === 'network') expect(r.error.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expectNoKey(r);
  });
});
