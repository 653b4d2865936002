/**
 * The API client against the real sandbox: every error kind comes from a real HTTP
 * exchange (or a real refused connection), nothing is mocked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEMO_KEY } from '../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { createApiClient, isComplaintMissing, type ApiClient } from '../../electron/services/api-client';
import { createMemoryLogger, type MemoryLogger } from '../../electron/services/logger';

const KEY = 'DEV_integrationTestKey0000000001';
const ROOT_KEY = 'ROOTintegrationTestKey0000000001';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;

let sandbox: Sandbox;
let log: MemoryLogger;
let client: ApiClient;
const outcomes: string[] = [];

function make(key: string | null, timeoutMs = 5000): ApiClient {
  return createApiClient({
    baseUrl: sandbox.url,
    getKey: () => key,
    timeoutMs,
    log,
    onExchange: (o) => outcomes.push(o),
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  log = createMemoryLogger();
  outcomes.length = 0;
  client = make(KEY);
});

/** Nothing any test produced may carry the key. */
function expectNoKey(...things: unknown[]) {
  for (const t of [...things, log.lines]) expect(JSON.stringify(t)).not.toContain(KEY);
}

describe('api client ↔ sandbox: success paths', () => {
  it('detail of a seed complaint parses, with rate-limit headers tracked', async () => {
    const r = await client.detail(SEED_ID);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.id).toBe(SEED_ID);
      expect(r.value.exist).toBe(true);
      expect(r.value.status).toBe('new');
    }
    const rl = client.lastRateLimit();
    expect(rl).toMatchObject({ limit: 10_000, remaining: 9_999 });
    expect(Date.parse(rl?.resetAt ?? '')).toBeGreaterThan(Date.now());
    expect(outcomes).toEqual(['response']);
    expectNoKey(r);
  });

  it('set-status applies once; create returns an id', async () => {
    const r = await client.setStatus({ complaintId: SEED_ID, status: 'open' });
    expect(r).toEqual({ ok: true, value: { success: true } });
    expect(sandbox.appliedChanges(SEED_ID)).toHaveLength(1);
    const d = await client.detail(SEED_ID);
    expect(d.ok && d.value.status).toBe('open');
    const c = await client.create({ variantCode: 'reklamace', description: 'Nefunguje', customerName: 'Test' });
    expect(c.ok && typeof c.value.id).toBe('string');
  });

  it('the demo key opens the sandbox (demo mode relies on it)', async () => {
    expect((await make(SANDBOX_DEMO_KEY).detail(SEED_ID)).ok).toBe(true);
  });

  it('a ROOT key gets no rate-limit headers: lastRateLimit stays null', async () => {
    const root = make(ROOT_KEY);
    expect((await root.detail(SEED_ID)).ok).toBe(true);
    expect(root.lastRateLimit()).toBeNull();
  });
});

describe('api client ↔ sandbox: every error kind from a real exchange', () => {
  it('outage → network (for GET and for the non-idempotent POST): connection refused, nothing sent', async () => {
    await sandbox.setFaults({ outage: true });
    // The sandbox closed every kept-alive socket; let this process's event loop see those
    // closes so the pool holds no stale socket (the race itself is the next test).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fresh = make(KEY);
    const p = await fresh.setStatus({ complaintId: SEED_ID, status: 'open' });
    const g = await fresh.detail(SEED_ID);
    expect(p).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(g).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!p.ok) expect(p.error.message).toMatch(/ECONNREFUSED/);
    expect(outcomes).toEqual(['unreachable', 'unreachable']);
    await sandbox.setFaults({ outage: false });
    expect((await fresh.detail(SEED_ID)).ok).toBe(true);
    expectNoKey(g, p);
  });

  it('outage while a kept-alive socket exists: a POST on it is never taken for network unless refused', async () => {
    expect((await client.detail(SEED_ID)).ok).toBe(true); // leaves a kept-alive socket
    await sandbox.setFaults({ outage: true });
    // Whether undici notices the server's close before reusing the socket is a race: it
    // either reuses it ("other side closed" → cannot tell → unknown-outcome) or connects
    // afresh (ECONNREFUSED → network). Both are correct; success or a guess are not.
    const p = await client.setStatus({ complaintId: SEED_ID, status: 'open' });
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(['unknown-outcome', 'network']).toContain(p.error.kind);
      if (p.error.kind === 'network') expect(p.error.message).toMatch(/ECONNREFUSED/);
    }
    // The next call certainly connects afresh.
    expect(await client.detail(SEED_ID)).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(sandbox.appliedChanges(SEED_ID)).toHaveLength(0);
    await sandbox.setFaults({ outage: false });
  });

  it('errorRate 1 → server (503, code kept), nothing applied', async () => {
    await sandbox.setFaults({ errorRate: 1 });
    const r = await client.setStatus({ complaintId: SEED_ID, status: 'open' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'server', httpStatus: 503, code: 'SERVICE_UNAVAILABLE' } });
    expect(sandbox.appliedChanges(SEED_ID)).toHaveLength(0);
    expectNoKey(r);
  });

  it('injected rate limit → rate-limited with retryAfterMs from Retry-After', async () => {
    await sandbox.setFaults({ rateLimited: { retryAfterSec: 7 } });
    const r = await client.detail(SEED_ID);
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'rate-limited', httpStatus: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 7000 },
    });
    expect(client.lastRateLimit()).toMatchObject({ remaining: 0 });
  });

  it('the real sliding-window limiter → rate-limited after the burst', async () => {
    const small = await startSandbox({ port: 0, rateLimit: { limit: 2, windowMs: 60_000 } });
    try {
      const c = createApiClient({ baseUrl: small.url, getKey: () => KEY, log });
      expect((await c.detail(SEED_ID)).ok).toBe(true);
      expect(c.lastRateLimit()).toMatchObject({ limit: 2, remaining: 1 });
      expect((await c.detail(SEED_ID)).ok).toBe(true);
      const r = await c.detail(SEED_ID);
      expect(r).toMatchObject({ ok: false, error: { kind: 'rate-limited', httpStatus: 429 } });
      if (!r.ok) {
        expect(r.error.retryAfterMs).toBeGreaterThan(0);
        expect(r.error.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    } finally {
      await small.close();
    }
  });

  it('applyThenDrop 1 → unknown-outcome, and the change WAS applied', async () => {
    await sandbox.setFaults({ applyThenDrop: 1 });
    const r = await client.setStatus({ complaintId: SEED_ID, status: 'resolve' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(sandbox.appliedChanges(SEED_ID)).toHaveLength(1);
    expect(outcomes).toEqual(['unclear']);
    await sandbox.setFaults({ applyThenDrop: 0 });
    const d = await client.detail(SEED_ID); // detail is how the outbox finds out
    expect(d.ok && d.value.status).toBe('resolve');
    expectNoKey(r);
  });

  it('latency above the timeout → unknown-outcome (POST applied meanwhile; GET too)', async () => {
    await sandbox.setFaults({ latencyMs: 600 });
    const slow = make(KEY, 150);
    const started = Date.now();
    const p = await slow.setStatus({ complaintId: SEED_ID, status: 'wait' });
    expect(Date.now() - started).toBeLessThan(550);
    expect(p).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    if (!p.ok) expect(p.error.message).toMatch(/150 ms/);
    expect(sandbox.appliedChanges(SEED_ID)).toHaveLength(1);
    const g = await slow.detail(SEED_ID);
    expect(g).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expectNoKey(p, g);
  });

  it('revoked key → auth (PUBLIC_API_KEY_DOES_NOT_EXIST, 401); no key → auth without a request', async () => {
    sandbox.revokeKey(KEY);
    const r = await client.detail(SEED_ID);
    expect(r).toMatchObject({ ok: false, error: { kind: 'auth', httpStatus: 401, code: 'PUBLIC_API_KEY_DOES_NOT_EXIST' } });
    const before = sandbox.requests.length;
    expect(await make(null).detail(SEED_ID)).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(sandbox.requests.length).toBe(before);
    expectNoKey(r);
  });

  it('unknown complaint → not-found (detail: exist:false; set-status: 404)', async () => {
    const d = await client.detail('no-such-complaint');
    expect(d).toMatchObject({ ok: false, error: { kind: 'not-found', httpStatus: 200 } });
    if (!d.ok) expect(isComplaintMissing(d.error)).toBe(true);
    const s = await client.setStatus({ complaintId: 'no-such-complaint', status: 'open' });
    expect(s).toMatchObject({ ok: false, error: { kind: 'not-found', httpStatus: 404, code: 'COMPLAINT_NOT_FOUND' } });
  });

  it('a body the server refuses → invalid (400, code kept)', async () => {
    const r = await client.create({ variantCode: 'no-such-variant', description: 'x', customerName: 'y' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', httpStatus: 400, code: 'INVALID_REQUEST' } });
    expect(sandbox.complaintIds()).toHaveLength(SEED_COMPLAINT_IDS.length);
  });
});
