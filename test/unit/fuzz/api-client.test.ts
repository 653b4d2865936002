/**
 * Bad input from the network: the API client's response handling, as pure parsers
 * (`readErrorBody`, `parseRetryAfterMs`, `parseRateLimitHeaders`, `classifyHttpError`)
 * and end to end against a tiny local node:http server answering with fuzzed status
 * codes, headers and bodies (invalid UTF-8, truncated, oversized, deeply nested, bodies
 * that echo the key). Never a throw; always a typed ApiError; never the key (or a
 * recognisable part of it) in an error, a log line or a result; every success value can
 * cross IPC (JSON round-trip).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_KINDS, DeskErrorSchema, type ApiError } from '../../../common/errors';
import { RateLimitSchema } from '../../../common/ipc-contract';
import type { Result } from '../../../common/result';
import {
  classifyHttpError,
  createApiClient,
  MAX_BODY_BYTES,
  MAX_RETRY_AFTER_MS,
  parseRateLimitHeaders,
  parseRetryAfterMs,
  readErrorBody,
  type ApiClient,
} from '../../../electron/services/api-client';
import type { Logger } from '../../../electron/services/logger';
import { stringifyLogValue } from '../../../electron/services/logger';
import { anyClonable, FUZZ_KEY, hostileString, leaksKey, runs } from './helpers';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const DATE_LIMIT_MS = 8.64e15;

// ---------------------------------------------------------------------------------------
// Generators

/** Header values a server can send (Headers refuses NUL, CR and LF; it trims the rest). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1e6, max: 1e10 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('1e300', '1e20', '9'.repeat(400), 'Infinity', '-Infinity', 'NaN', '', ' ', '0x10', '1_000', '+5', '5.', '.5', '  7  '),
  fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 275760 23:59:59 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT', 'tomorrow'),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 5 }),
);

const rateHeaders = fc.record(
  {
    'retry-after': headerValue,
    'x-ratelimit-limit': headerValue,
    'x-ratelimit-remaining': headerValue,
    'x-ratelimit-reset': headerValue,
    'content-type': fc.constantFrom('application/json', 'text/html', 'application/json; charset=latin1', ''),
  },
  { requiredKeys: [] },
);

function toHeaders(record: Record<string, string>): Headers | null {
  try {
    return new Headers(record);
  } catch {
    return null;
  }
}

/** Text that carries the key, sometimes right where a length limit cuts it. */
const keyEcho: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 520 }), fc.constantFrom('', ' ', 'apiKey=', 'Bearer ', 'key '), fc.string({ maxLength: 20 }))
  .map(([pad, before, after]) => `${'p'.repeat(pad)}${before}${FUZZ_KEY}${after}`);

const errorBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      error: fc.oneof(
        fc.record(
          {
            code: fc.oneof(fc.constantFrom('PUBLIC_API_KEY_DOES_NOT_EXIST', 'RATE_LIMIT_EXCEEDED', 'VALIDATION'), keyEcho, hostileString, fc.integer()),
            message: fc.oneof(keyEcho, hostileString, fc.constant(null)),
            retry_after: fc.oneof(fc.double(), fc.integer({ min: -10, max: 1e9 }), fc.constant('5'), fc.constant(1e300)),
          },
          { requiredKeys: [] },
        ),
        keyEcho,
        anyClonable,
      ),
      code: fc.oneof(keyEcho, hostileString),
      message: fc.oneof(keyEcho, hostileString),
      retry_after: fc.double(),
    },
    { requiredKeys: [] },
  ),
  anyClonable,
);

const status = fc.oneof(
  fc.integer({ min: 200, max: 599 }),
  fc.constantFrom(200, 201, 204, 301, 302, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503),
);

// ---------------------------------------------------------------------------------------
// Pure parsers

function expectTypedApiError(e: ApiError): void {
  expect((API_ERROR_KINDS as readonly string[]).includes(e.kind)).toBe(true);
  expect(DeskErrorSchema.safeParse(e).success).toBe(true);
  expect(e.message.length).toBeLessThanOrEqual(500);
  expect(leaksKey(JSON.stringify(e))).toBe(false);
}

describe('response parsers: bad input', () => {
  it('readErrorBody: never throws; only the documented fields, with their types', () => {
    fc.assert(
      fc.property(fc.oneof(errorBody, anyClonable), (body) => {
        const info = readErrorBody(body);
        expect(Object.keys(info).every((k) => ['code', 'message', 'retryAfterSec'].includes(k))).toBe(true);
        if (info.code !== undefined) expect(typeof info.code).toBe('string');
        if (info.message !== undefined) expect(typeof info.message).toBe('string');
        if (info.retryAfterSec !== undefined) expect(Number.isFinite(info.retryAfterSec)).toBe(true);
      }),
      runs(300),
    );
  });

  it('parseRetryAfterMs: never throws; undefined or a whole number of ms in [0, 24 h]', () => {
    fc.assert(
      fc.property(rateHeaders, fc.option(fc.double(), { nil: undefined }), fc.integer({ min: 0, max: 4e12 }), (h, bodySec, now) => {
        const headers = toHeaders(h);
        fc.pre(headers !== null);
        const ms = parseRetryAfterMs(headers, bodySec, now);
        if (ms !== undefined) {
          expect(Number.isInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
        }
      }),
      runs(300),
    );
  });

  it('parseRateLimitHeaders: never throws; null or a RateLimit with real ISO times', () => {
    fc.assert(
      fc.property(rateHeaders, fc.integer({ min: 0, max: 4e12 }), (h, now) => {
        const headers = toHeaders(h);
        fc.pre(headers !== null);
        const r = parseRateLimitHeaders(headers, now);
        if (r !== null) {
          expect(RateLimitSchema.parse(r)).toEqual(r);
          if (r.resetAt !== null) expect(new Date(r.resetAt).toISOString()).toBe(r.resetAt);
        }
      }),
      runs(300),
    );
  });

  it('regression: an absurd X-RateLimit-Reset (1e20, 1e300) is ignored instead of throwing RangeError', () => {
    for (const reset of ['1e20', '1e300', String(DATE_LIMIT_MS), '99999999999999999999']) {
      const r = parseRateLimitHeaders(new Headers({ 'X-RateLimit-Reset': reset, 'X-RateLimit-Limit': '10' }), NOW);
      expect(r).toEqual({ limit: 10, remaining: null, resetAt: null, observedAt: new Date(NOW).toISOString() });
      expect(parseRetryAfterMs(new Headers({ 'X-RateLimit-Reset': reset }), undefined, NOW)).toBeUndefined();
    }
  });

  it('classifyHttpError: never throws; a typed ApiError; the key (even cut in half) never in it', () => {
    fc.assert(
      fc.property(status, errorBody, rateHeaders, (s, body, h) => {
        const headers = toHeaders(h);
        fc.pre(headers !== null);
        const e = classifyHttpError(s, body, headers, NOW, [FUZZ_KEY]);
        expectTypedApiError(e);
        expect(e.httpStatus).toBe(s);
        if (e.retryAfterMs !== undefined) expect(e.retryAfterMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
      }),
      runs(400),
    );
  });

  it('regression: a key echoed where the message or code is cut (200 / 100 chars) is not leaked half-redacted', () => {
    for (const pad of [60, 80, 90, 160, 180, 199]) {
      const echo = `${'p'.repeat(pad)}${FUZZ_KEY}`;
      const e = classifyHttpError(401, { error: { code: echo, message: echo } }, new Headers(), NOW, [FUZZ_KEY]);
      expect(leaksKey(JSON.stringify(e))).toBe(false);
      // Pattern-based redaction too (a key the client does not know, e.g. an older one).
      const other = `${'p'.repeat(pad)}DEV_anotherKeyThatIsNotOurs00001`;
      const e2 = classifyHttpError(400, { error: { code: other, message: other } }, new Headers(), NOW, []);
      expect(leaksKey(JSON.stringify(e2), 'DEV_anotherKeyThatIsNotOurs00001')).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------
// End to end over HTTP

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Send the headers and half the body, then cut the connection. */
  cut: boolean;
  /** Declare a Content-Length larger than what is sent. */
  lie: boolean;
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const json = (v: unknown): Uint8Array => {
  try {
    return utf8(JSON.stringify(v) ?? 'null');
  } catch {
    return utf8('{}');
  }
};

const nested = (depth: number, leaf: string) => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

const detailLike = fc.record(
  {
    exist: fc.oneof(fc.constant(true), fc.constant(false), anyClonable),
    id: fc.oneof(fc.constant('C-1'), hostileString),
    status: fc.oneof(fc.constantFrom('open', 'wait', 'closed', 'reopened'), hostileString),
    events: fc.oneof(fc.array(fc.record({ id: fc.integer(), status: fc.string() }), { maxLength: 3 }), anyClonable),
    extra: anyClonable,
  },
  { requiredKeys: [] },
);

const responseBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: errorBody.map(json) },
  { weight: 3, arbitrary: detailLike.map(json) },
  { weight: 2, arbitrary: fc.constantFrom(json({ success: true }), json({ success: true, id: 'N-1' }), json({ exist: false }), utf8(''), utf8('null'), utf8('[]')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.tuple(detailLike, fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80])).map(([d, bad]) => new Uint8Array([...json(d).slice(0, -1), ...bad, 0x7d])) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      utf8(`{"exist":true,"id":"C-1","status":"open","x":${nested(20_000, '1')}}`),
      utf8(`{"success":true,"deep":${'['.repeat(50_000)}${']'.repeat(50_000)}}`),
      utf8(`{"success":true,"id":"N-1","x":${nested(5_000, '1')}}`),
      utf8('{"__proto__":{"polluted":"yes"},"success":true,"exist":true,"id":"C-1","status":"open"}'),
      utf8('{"constructor":{"prototype":{"polluted":"yes"}},"success":true}'),
    ),
  },
  { weight: 1, arbitrary: hostileString.map(utf8) },
);

const reply: fc.Arbitrary<Reply> = fc.record({
  status,
  headers: rateHeaders,
  body: responseBody,
  cut: fc.boolean(),
  lie: fc.boolean(),
});

/** Records the raw log calls (no redaction), so a leak cannot hide behind the logger. */
function recordingLogger(): Logger & { raw: string[] } {
  const raw: string[] = [];
  const rec = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    raw.push(`${level} ${msg} ${data ? stringifyLogValue(data) : ''}`);
  };
  return { raw, info: rec('info'), warn: rec('warn'), error: rec('error'), setSecrets: () => undefined };
}

let server: Server;
let baseUrl: string;
let next: Reply = { status: 200, headers: {}, body: utf8('{}'), cut: false, lie: false };

function answer(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    const r = next;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) {
      // Node refuses some values (non-Latin-1); a real server could not send them either.
      try {
        res.setHeader(k, v);
        headers[k] = v;
      } catch {
        /* skip */
      }
    }
    const noBody = r.status === 204 || r.status === 304;
    const body = noBody ? new Uint8Array() : r.body;
    res.setHeader('Content-Length', String(body.length + (r.lie && !noBody ? 10 : 0)));
    res.writeHead(r.status);
    if (r.cut && body.length > 1) {
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    if (r.lie && !noBody) {
      res.write(body, () => res.destroy());
      return;
    }
    res.end(body);
  });
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const CLIENT_TIMEOUT_MS = 1000;

function makeClient(): { client: ApiClient; log: ReturnType<typeof recordingLogger> } {
  const log = recordingLogger();
  return { client: createApiClient({ baseUrl, getKey: () => FUZZ_KEY, log, timeoutMs: CLIENT_TIMEOUT_MS }), log };
}

type AnyResult = Result<unknown, ApiError>;

type Call = readonly [string, (c: ApiClient) => Promise<AnyResult>];
const calls: readonly [Call, Call, Call] = [
  ['detail', (c) => c.detail('C-1')],
  ['setStatus', (c) => c.setStatus({ complaintId: 'C-1', status: 'closed' })],
  ['create', (c) => c.create({ variantCode: 'V', description: 'd', customerName: 'c' })],
];

function checkResult(r: AnyResult, log: { raw: string[] }): void {
  expect(typeof r).toBe('object');
  if (r.ok) {
    // The value crosses IPC: it must survive a JSON round-trip (and structured clone).
    const text = JSON.stringify(r.value);
    expect(JSON.parse(text)).toEqual(r.value);
    expect(structuredClone(r.value)).toEqual(r.value);
  } else {
    expectTypedApiError(r.error);
  }
  expect(leaksKey(log.raw.join('\n'))).toBe(false);
}

describe('API client over HTTP: fuzzed answers', () => {
  it('every answer becomes a Result with a typed error; no key anywhere; success values cross IPC', async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(reply, fc.constantFrom(...calls), async (r, [, call]) => {
        next = r;
        const { client, log } = makeClient();
        const result = await call(client);
        checkResult(result, log);
        const rl = client.lastRateLimit();
        if (rl !== null) expect(RateLimitSchema.safeParse(rl).success).toBe(true);
      }),
      runs(150),
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('regression: 200 with X-RateLimit-Reset: 1e300 is still a success (was: RangeError → unknown-outcome)', async () => {
    next = { status: 200, headers: { 'x-ratelimit-reset': '1e300' }, body: json({ success: true }), cut: false, lie: false };
    const { client, log } = makeClient();
    const r = await client.setStatus({ complaintId: 'C-1', status: 'closed' });
    expect(r).toEqual({ ok: true, value: { success: true } });
    checkResult(r, log);
  });

  it('regression: a 2xx nested too deeply to cross IPC is malformed, not a success that breaks the reply', async () => {
    for (const [body, call] of [
      [utf8(`{"exist":true,"id":"C-1","status":"open","x":${nested(20_000, '1')}}`), calls[0]],
      [utf8(`{"success":true,"deep":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), calls[2]],
    ] as const) {
      next = { status: 200, headers: {}, body, cut: false, lie: false };
      const { client, log } = makeClient();
      const r = await call[1](client);
      expect(r).toMatchObject({ ok: false, error: { kind: 'malformed', httpStatus: 200 } });
      checkResult(r, log);
    }
  });

  it('regression: a 421 with a body cut short ends at the timeout (undici retries 421, then the body hangs past abort)', async () => {
    for (const [status, call] of [
      [421, calls[0]],
      [421, calls[1]],
      [200, calls[0]],
    ] as const) {
      next = { status, headers: {}, body: json({ error: { message: 'x'.repeat(40) } }), cut: true, lie: false };
      const { client, log } = makeClient();
      const started = performance.now();
      const r = await call[1](client);
      expect(performance.now() - started).toBeLessThan(CLIENT_TIMEOUT_MS + 1000);
      expect(r.ok).toBe(false);
      checkResult(r, log);
    }
  });

  it('regression: a create body that cannot be serialised (cycle, 100,000-deep nesting) is invalid and not sent', async () => {
    const cyclic: Record<string, unknown> = { label: 'x', quantity: 1, price: 1 };
    cyclic.self = cyclic;
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as unknown;
    for (const extra of [cyclic, { label: 'y', quantity: 1, price: 1, deep }]) {
      let requests = 0;
      const log = recordingLogger();
      const client = createApiClient({
        baseUrl,
        getKey: () => FUZZ_KEY,
        log,
        fetch: (input, init) => {
          requests++;
          return fetch(input, init);
        },
      });
      const r = await client.create({ variantCode: 'V', description: 'd', customerName: 'c', items: [extra] as never });
      expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect(requests).toBe(0);
      checkResult(r, log);
    }
  });

  it('a 2xx body over the size limit is refused (too large), unread', async () => {
    next = { status: 200, headers: {}, body: new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20), cut: false, lie: false };
    const { client, log } = makeClient();
    const r = await client.detail('C-1');
    expect(r).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'too-large' } });
    checkResult(r, log);
  });
});
