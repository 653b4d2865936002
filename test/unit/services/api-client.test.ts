import { describe, expect, it } from 'vitest';
import {
  buildApiUrl,
  checkApiBaseUrl,
  classifyFetchFailure,
  classifyHttpError,
  createApiClient,
  isComplaintMissing,
  parseRateLimitHeaders,
  parseRetryAfterMs,
  readErrorBody,
} from '../../../electron/services/api-client';
import { createMemoryLogger } from '../../../electron/services/logger';

const KEY = 'DEV_abcdefghijklmnopqrstuvwxyz12';
const NOW = Date.parse('2026-11-28T12:00:00Z');

function netError(code: string, message = 'x'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('checkApiBaseUrl', () => {
  it.each([
    'https://api.bizkithub.com',
    'https://api.bizkithub.com/',
    'https://proxy.example.com/bizkithub',
    'http://127.0.0.1:8080',
    'http://127.3.4.5',
    'http://localhost:3000',
    'http://[::1]:9000',
  ])('accepts %s', (url) => {
    expect(checkApiBaseUrl(url).ok).toBe(true);
  });

  it.each([
    ['http://api.bizkithub.com', /only for this computer/],
    ['http://10.0.0.5', /only for this computer/],
    ['http://localhost.evil.com', /only for this computer/],
    ['http://128.0.0.1', /only for this computer/],
    ['ftp://127.0.0.1', /https:/],
    ['javascript:alert(1)', /https:/],
    ['file:///etc/passwd', /https:/],
    ['https://user:pw@api.bizkithub.com', /user name/],
    ['https://api.bizkithub.com/?x=1', /query/],
    ['https://api.bizkithub.com/#x', /fragment/],
    ['not a url', /spaces/],
    ['notaurl', /must look like/],
    ['', /empty/],
    // Parsers rewrite these: the raw text is refused rather than read as another address.
    ['http://127.1', /host name/],
    ['https://api.bizkith\tub.com.evil.com', /spaces, line breaks/],
    ['https://api.bizkithub.com\n', /spaces, line breaks/],
    ['https://api.bizkithub.com\u200b.evil.com', /invisible/],
    ['https://xn--api.bizkithub.com%2e', /host name/],
  ])('refuses %s', (url, why) => {
    const r = checkApiBaseUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it('never echoes a key carried in the refused URL', () => {
    const r = checkApiBaseUrl(`https://api.bizkithub.com/?apiKey=${KEY}`);
    const r2 = checkApiBaseUrl(`http://${KEY}.example.com/`);
    const r3 = checkApiBaseUrl(`nonsense ${KEY}`);
    for (const x of [r, r2, r3]) {
      expect(x.ok).toBe(false);
      if (!x.ok) expect(x.error).not.toContain(KEY);
    }
  });
});

describe('buildApiUrl', () => {
  it('keeps a path prefix and sets query params', () => {
    const base = new URL('https://proxy.example.com/bizkithub/');
    const u = buildApiUrl(base, '/api/v1/shop/complaint/detail', { id: 'a b&c', apiKey: KEY });
    expect(u.pathname).toBe('/bizkithub/api/v1/shop/complaint/detail');
    expect(u.searchParams.get('id')).toBe('a b&c');
    expect(u.searchParams.get('apiKey')).toBe(KEY);
    expect(buildApiUrl(new URL('https://h'), '/p').href).toBe('https://h/p');
  });
});

describe('rate limit headers', () => {
  it('reads X-RateLimit-* (reset as Unix seconds)', () => {
    const h = new Headers({ 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '998', 'X-RateLimit-Reset': String(NOW / 1000 + 60) });
    expect(parseRateLimitHeaders(h, NOW)).toEqual({
      limit: 1000,
      remaining: 998,
      resetAt: '2026-11-28T12:01:00.000Z',
      observedAt: '2026-11-28T12:00:00.000Z',
    });
  });
  it('reads a small reset as seconds-from-now, tolerates junk, null when absent', () => {
    const h = new Headers({ 'X-RateLimit-Limit': 'lots', 'X-RateLimit-Reset': '30' });
    expect(parseRateLimitHeaders(h, NOW)).toMatchObject({ limit: null, remaining: null, resetAt: '2026-11-28T12:00:30.000Z' });
    expect(parseRateLimitHeaders(new Headers(), NOW)).toBeNull();
    expect(parseRateLimitHeaders(new Headers({ 'X-RateLimit-Remaining': '-1' }), NOW)).toBeNull();
  });
});

describe('parseRetryAfterMs', () => {
  it('prefers Retry-After seconds, then HTTP date, then body, then X-RateLimit-Reset', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '7' }), 99, NOW)).toBe(7000);
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': new Date(NOW + 12_000).toUTCString() }), undefined, NOW)).toBe(12_000);
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': 'soon' }), 3, NOW)).toBe(3000);
    expect(parseRetryAfterMs(new Headers(), 3, NOW)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ 'X-RateLimit-Reset': String(NOW / 1000 + 20) }), undefined, NOW)).toBe(20_000);
    expect(parseRetryAfterMs(new Headers(), undefined, NOW)).toBeUndefined();
  });
  it('never negative, capped at a day', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': new Date(NOW - 5000).toUTCString() }), undefined, NOW)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '999999999' }), undefined, NOW)).toBe(86_400_000);
    expect(parseRetryAfterMs(new Headers(), -4, NOW)).toBeUndefined();
  });
});

describe('readErrorBody', () => {
  it('reads the documented shape and tolerates variants', () => {
    expect(readErrorBody({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'slow', retry_after: 5 } })).toEqual({
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow',
      retryAfterSec: 5,
    });
    expect(readErrorBody({ code: 'X', message: 'm' })).toEqual({ code: 'X', message: 'm' });
    expect(readErrorBody({ error: 'plain text' })).toEqual({ message: 'plain text' });
    expect(readErrorBody('<html>')).toEqual({});
    expect(readErrorBody([1])).toEqual({});
    expect(readErrorBody(null)).toEqual({});
    expect(readErrorBody({ error: { code: 5, retry_after: 'x' } })).toEqual({});
  });
});

describe('classifyHttpError', () => {
  const h = new Headers();
  it.each([
    [401, undefined, 'auth'],
    [403, undefined, 'auth'],
    [400, { error: { code: 'PUBLIC_API_KEY_DOES_NOT_EXIST' } }, 'auth'],
    [200, { error: { code: 'PUBLIC_API_KEY_DOES_NOT_EXIST' } }, 'auth'],
    [404, undefined, 'not-found'],
    [400, { error: { code: 'INVALID_STATUS' } }, 'invalid'],
    [422, undefined, 'invalid'],
    [429, undefined, 'rate-limited'],
    [400, { error: { code: 'RATE_LIMIT_EXCEEDED', retry_after: 2 } }, 'rate-limited'],
    [500, undefined, 'server'],
    [503, { error: { code: 'MAINTENANCE' } }, 'server'],
    [302, undefined, 'invalid'],
  ] as const)('HTTP %i %j → %s', (status, body, kind) => {
    const e = classifyHttpError(status, body, h, NOW);
    expect(e.kind).toBe(kind);
    expect(e.httpStatus).toBe(status);
  });

  it('keeps the server code, the retry delay, and redacts the message', () => {
    const e = classifyHttpError(
      429,
      { error: { code: 'RATE_LIMIT_EXCEEDED', message: `too many for ?apiKey=${KEY}`, retry_after: 4 } },
      h,
      NOW,
    );
    expect(e).toMatchObject({ kind: 'rate-limited', code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 4000, httpStatus: 429 });
    expect(e.message).not.toContain(KEY);
    const odd = 'weird-secret-123456';
    const e2 = classifyHttpError(500, { error: { message: `echo ${odd}` } }, h, NOW, [odd]);
    expect(e2.message).not.toContain(odd);
  });
});

describe('classifyFetchFailure', () => {
  const post = { timedOut: false, idempotent: false };
  const get = { timedOut: false, idempotent: true };

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    '%s is network even for POST (nothing was sent)',
    (code) => {
      expect(classifyFetchFailure(netError(code), post).kind).toBe('network');
    },
  );

  it('an AggregateError of refusals (IPv4 + IPv6) is network', () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })], 'x'), { code: 'ECONNREFUSED' });
    expect(classifyFetchFailure(new TypeError('fetch failed', { cause: agg }), post).kind).toBe('network');
  });

  it.each(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SOMETHING_NEW'])(
    '%s after sending: unknown-outcome for POST, network for GET',
    (code) => {
      expect(classifyFetchFailure(netError(code, 'other side closed'), post).kind).toBe('unknown-outcome');
      expect(classifyFetchFailure(netError(code, 'other side closed'), get).kind).toBe('network');
    },
  );

  it('a cause-less failure is unknown-outcome for POST', () => {
    expect(classifyFetchFailure(new TypeError('fetch failed'), post).kind).toBe('unknown-outcome');
    expect(classifyFetchFailure(new Error('boom'), post).kind).toBe('unknown-outcome');
    expect(classifyFetchFailure(new Error('boom'), get).kind).toBe('network');
  });

  it("fetch's blocked-port refusal (no code) is network", () => {
    expect(classifyFetchFailure(new TypeError('fetch failed', { cause: new Error('bad port') }), post).kind).toBe('network');
  });

  it('a TypeError from building the request (nothing sent) is network', () => {
    expect(classifyFetchFailure(new TypeError('Headers.append: "x\\n" is an invalid header value.'), post).kind).toBe('network');
  });

  it('our timeout is unknown-outcome for both methods; a foreign abort too', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(classifyFetchFailure(abort, { ...post, timedOut: true }).kind).toBe('unknown-outcome');
    expect(classifyFetchFailure(abort, { ...get, timedOut: true }).kind).toBe('unknown-outcome');
    expect(classifyFetchFailure(abort, get).kind).toBe('unknown-outcome');
  });
});

describe('isComplaintMissing', () => {
  it('is true for exist:false (2xx) or a 404 with a named code, not for a bare 404', () => {
    expect(isComplaintMissing({ kind: 'not-found', message: '', httpStatus: 200 })).toBe(true);
    expect(isComplaintMissing({ kind: 'not-found', message: '', httpStatus: 404, code: 'COMPLAINT_NOT_FOUND' })).toBe(true);
    expect(isComplaintMissing({ kind: 'not-found', message: '', httpStatus: 404 })).toBe(false);
    expect(isComplaintMissing({ kind: 'auth', message: '', httpStatus: 200 })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// The client with an injected fetch (the real HTTP exchanges are in test/integration).

type Seen = { url: URL; init: RequestInit };
function fakeFetch(respond: (seen: Seen) => Response | Promise<Response>) {
  const calls: Seen[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const seen = { url: new URL(String(input)), init: init ?? {} };
    calls.push(seen);
    return respond(seen);
  }) as typeof fetch;
  return { f, calls };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createApiClient (injected fetch)', () => {
  it('refuses a bad base URL up front', () => {
    expect(() => createApiClient({ baseUrl: 'http://example.com', getKey: () => KEY, log: createMemoryLogger() })).toThrow(/Refusing/);
  });

  it('sends the key as apiKey and Bearer, JSON body, no redirects; tracks rate limits', async () => {
    const { f, calls } = fakeFetch(() => json({ success: true }, 200, { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '49', 'X-RateLimit-Reset': '1900000000' }));
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: f, log: createMemoryLogger() });
    expect(c.lastRateLimit()).toBeNull();
    const r = await c.setStatus({ complaintId: 'a1b2c3', status: 'open' });
    expect(r).toEqual({ ok: true, value: { success: true } });
    const call = calls[0];
    expect(call?.url.pathname).toBe('/api/v1/shop/complaint/set-status');
    expect(call?.url.searchParams.get('apiKey')).toBe(KEY);
    expect((call?.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${KEY}`);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.redirect).toBe('manual');
    expect(JSON.parse(String(call?.init.body))).toEqual({ complaintId: 'a1b2c3', status: 'open' });
    expect(c.lastRateLimit()).toMatchObject({ limit: 50, remaining: 49, resetAt: new Date(1_900_000_000_000).toISOString() });
  });

  it('no key → auth without any request; bad input → invalid without any request', async () => {
    const { f, calls } = fakeFetch(() => json({}));
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => null, fetch: f, log: createMemoryLogger() });
    expect(await c.detail('x')).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const c2 = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: f, log: createMemoryLogger() });
    expect(await c2.detail('has space')).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    // @ts-expect-error an invalid status on purpose
    expect(await c2.setStatus({ complaintId: 'a', status: 'done' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(await c2.create({ variantCode: '', description: 'd', customerName: 'c' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(calls).toHaveLength(0);
  });

  it('detail: exist:false → not-found (httpStatus 200); unknown status kept as sent; create answer', async () => {
    let body: unknown = { exist: false };
    const { f } = fakeFetch(() => json(body));
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: f, log: createMemoryLogger() });
    const r = await c.detail('nope');
    expect(r).toMatchObject({ ok: false, error: { kind: 'not-found', httpStatus: 200 } });
    if (!r.ok) expect(isComplaintMissing(r.error)).toBe(true);
    body = { exist: true, id: 'a', status: 'archived' };
    expect(await c.detail('a')).toMatchObject({ ok: true, value: { id: 'a', status: 'archived' } });
    body = { exist: true, id: 'a', status: 'wait', extra: 1 };
    const withExtra = await c.detail('a');
    expect(withExtra).toMatchObject({ ok: true, value: { id: 'a', status: 'wait' } });
    // Fields the app does not use are not kept.
    expect(withExtra.ok && 'extra' in withExtra.value).toBe(false);
    body = { id: 'new-1' };
    expect(await c.create({ variantCode: 'reklamace', description: 'd', customerName: 'c' })).toEqual({ ok: true, value: { id: 'new-1' } });
    body = [1, 2];
    expect(await c.create({ variantCode: 'reklamace', description: 'd', customerName: 'c' })).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('a body cut off after a 2xx status: unknown-outcome for POST, network for GET', async () => {
    const cut = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"succ'));
            controller.error(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
          },
        }),
        { status: 200 },
      );
    const { f } = fakeFetch(cut);
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: f, log: createMemoryLogger() });
    expect(await c.setStatus({ complaintId: 'a', status: 'open' })).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(await c.detail('a')).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('times out through AbortSignal (unknown-outcome) and reports exchange outcomes', async () => {
    const outcomes: string[] = [];
    const f = ((_u: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: f, timeoutMs: 30, log: createMemoryLogger(), onExchange: (o) => outcomes.push(o) });
    const r = await c.detail('a');
    expect(r).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    if (!r.ok) expect(r.error.message).toMatch(/30 ms/);
    const refused = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: (async () => { throw netError('ECONNREFUSED'); }) as typeof fetch, log: createMemoryLogger(), onExchange: (o) => outcomes.push(o) });
    await refused.detail('a');
    const answered = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: fakeFetch(() => json({}, 500)).f, log: createMemoryLogger(), onExchange: (o) => outcomes.push(o) });
    await answered.detail('a');
    expect(outcomes).toEqual(['unclear', 'unreachable', 'response']);
  });

  it('no error message or log line carries the key, even when the server echoes it', async () => {
    const log = createMemoryLogger();
    const echo = ({ url }: Seen) => json({ error: { code: 'BAD', message: `you sent ${url.href} with ${KEY}` } }, 400);
    const c = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: fakeFetch(echo).f, log });
    const r = await c.detail('a');
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(KEY);
    const thrower = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch: (async (u: string | URL) => { throw netError('ECONNRESET', `reset while talking to ${String(u)}`); }) as typeof fetch, log });
    const r2 = await thrower.setStatus({ complaintId: 'a', status: 'open' });
    expect(r2).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(JSON.stringify(r2)).not.toContain(KEY);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain(KEY);
  });
});
