import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { PATHS, apiUrl, detail, errorCode, fetchFailure, json, postJson, setStatus, useSandboxes } from './helpers';

const FIRST = SEED_COMPLAINT_IDS[0] as string;

describe('sandbox faults: outage', () => {
  const start = useSandboxes();

  it('refuses connections, including on a kept-alive socket, and comes back on the same port', async () => {
    const sandbox = await start();
    const { port, url } = sandbox;
    // Leave an idle keep-alive socket in undici's pool, which an outage must kill too.
    expect((await detail(sandbox, FIRST)).status).toBe(200);

    await sandbox.setFaults({ outage: true });
    expect(sandbox.faults.outage).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(await fetchFailure(detail(sandbox, FIRST))).toMatchObject({ code: 'ECONNREFUSED' });
    }
    expect(await fetchFailure(setStatus(sandbox, FIRST, 'open'))).toMatchObject({ code: 'ECONNREFUSED' });
    expect(sandbox.appliedChanges()).toEqual([]);

    await sandbox.setFaults({ outage: false });
    expect(sandbox.port).toBe(port);
    expect(sandbox.url).toBe(url);
    expect((await setStatus(sandbox, FIRST, 'open')).status).toBe(200);
    expect(sandbox.appliedChanges(FIRST)).toHaveLength(1);
  });

  it('cuts a request that is in flight when the outage starts', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ latencyMs: 2_000 });
    const pending = detail(sandbox, FIRST);
    await waitFor(() => sandbox.requests.length === 1);
    await sandbox.setFaults({ outage: true });
    const failure = await fetchFailure(pending);
    expect(failure.code).not.toBe('ECONNREFUSED'); // it had connected; the socket was destroyed
  });

  it('survives repeated toggling and redundant switches', async () => {
    const sandbox = await start();
    for (let i = 0; i < 3; i++) {
      await sandbox.setFaults({ outage: true });
      await sandbox.setFaults({ outage: true });
      expect((await fetchFailure(detail(sandbox, FIRST))).code).toBe('ECONNREFUSED');
      await sandbox.setFaults({ outage: false });
      await sandbox.setFaults({ outage: false });
      expect((await detail(sandbox, FIRST)).status).toBe(200);
    }
  });

  it('is ended by reset() and by close() without hanging', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ outage: true, latencyMs: 50 });
    await sandbox.reset();
    expect(sandbox.faults).toEqual({ outage: false, latencyMs: 0, errorRate: 0, rateLimited: null, applyThenDrop: 0 });
    expect((await detail(sandbox, FIRST)).status).toBe(200);
    await sandbox.setFaults({ outage: true });
    await sandbox.close();
  });
});

describe('sandbox faults: latency', () => {
  const start = useSandboxes();

  it('delays each response by latencyMs', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ latencyMs: 300 });
    const began = performance.now();
    const response = await detail(sandbox, FIRST);
    const elapsed = performance.now() - began;
    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);

    await sandbox.setFaults({ latencyMs: 0 });
    const fastBegan = performance.now();
    await detail(sandbox, FIRST);
    expect(performance.now() - fastBegan).toBeLessThan(250);
  });

  it('applies set-status before the delay, so a client that gives up has still changed it', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ latencyMs: 1_000 });
    const request = fetch(apiUrl(sandbox, PATHS.setStatus), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ complaintId: FIRST, status: 'wait' }),
      signal: AbortSignal.timeout(100),
    });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sandbox.getComplaint(FIRST)?.status).toBe('wait');
    expect(sandbox.appliedChanges(FIRST)).toHaveLength(1);
  });
});

describe('sandbox faults: errorRate', () => {
  const start = useSandboxes();

  it('at 1 answers every request with 503 and applies nothing', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ errorRate: 1 });
    const before = sandbox.getComplaint(FIRST);
    const count = sandbox.complaintIds().length;

    const response = await setStatus(sandbox, FIRST, 'open');
    expect(response.status).toBe(503);
    expect(await json(response)).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });
    expect((await detail(sandbox, FIRST)).status).toBe(503);
    const created = await postJson(apiUrl(sandbox, PATHS.create), {
      variantCode: 'reklamace',
      description: 'x',
      customerName: 'y',
    });
    expect(created.status).toBe(503);

    expect(sandbox.getComplaint(FIRST)).toEqual(before);
    expect(sandbox.complaintIds()).toHaveLength(count);
    expect(sandbox.appliedChanges()).toEqual([]);
    expect(sandbox.requests.map((r) => r.outcome)).toEqual(['error', 'error', 'error']);
  });

  it('does not spend the rate limit on an injected 503', async () => {
    const sandbox = await start({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await sandbox.setFaults({ errorRate: 1 });
    const failed = await detail(sandbox, FIRST);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('x-ratelimit-remaining')).toBe('1');
    await sandbox.setFaults({ errorRate: 0 });
    expect((await detail(sandbox, FIRST)).status).toBe(200);
  });

  it('still requires a valid key (auth is checked first)', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ errorRate: 1 });
    expect((await detail(sandbox, FIRST, null)).status).toBe(401);
  });
});

describe('sandbox faults: injected rate limiting', () => {
  const start = useSandboxes();

  it('answers every request with the documented 429 and applies nothing', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ rateLimited: { retryAfterSec: 7 } });
    const response = await setStatus(sandbox, FIRST, 'open');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await json(response)).toEqual({
      error: { code: 'RATE_LIMIT_EXCEEDED', message: expect.any(String), retry_after: 7 },
    });
    expect(sandbox.appliedChanges()).toEqual([]);
    expect(sandbox.requests.at(-1)).toMatchObject({ outcome: 'rate-limited', httpStatus: 429 });

    await sandbox.setFaults({ rateLimited: null });
    expect((await setStatus(sandbox, FIRST, 'open')).status).toBe(200);
  });
});

describe('sandbox faults: applyThenDrop', () => {
  const start = useSandboxes();

  it('at 1 applies the change exactly once and drops the connection without an answer', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ applyThenDrop: 1 });
    const failure = await fetchFailure(setStatus(sandbox, FIRST, 'resolve'));
    expect(failure.code).not.toBe('ECONNREFUSED');

    expect(sandbox.appliedChanges(FIRST)).toEqual([{ complaintId: FIRST, status: 'resolve', at: expect.any(Number) }]);
    expect(sandbox.requests.at(-1)).toMatchObject({ outcome: 'dropped', complaintId: FIRST, status: 'resolve' });
    expect(sandbox.requests.at(-1)?.httpStatus).toBeUndefined();

    // detail is not affected and shows the one applied change
    const body = await json(await detail(sandbox, FIRST));
    expect(body).toMatchObject({ status: 'resolve', isResolved: true });
    expect((body.events as { status: string }[]).map((e) => e.status)).toEqual(['new', 'resolve']);
  });

  it('does not drop a request that was not applied', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ applyThenDrop: 1 });
    const response = await setStatus(sandbox, 'unknown0000000000', 'open');
    expect(response.status).toBe(404);
    expect(errorCode(await json(response))).toBe('COMPLAINT_NOT_FOUND');
  });

  it('works on a kept-alive socket and leaves the server usable', async () => {
    const sandbox = await start();
    expect((await detail(sandbox, FIRST)).status).toBe(200);
    await sandbox.setFaults({ applyThenDrop: 1 });
    await fetchFailure(setStatus(sandbox, FIRST, 'open'));
    await fetchFailure(setStatus(sandbox, FIRST, 'wait'));
    expect(sandbox.appliedChanges(FIRST).map((c) => c.status)).toEqual(['open', 'wait']);
    expect((await detail(sandbox, FIRST)).status).toBe(200);
  });
});

describe('sandbox faults: determinism', () => {
  const start = useSandboxes();

  async function statuses(sandbox: Sandbox, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await detail(sandbox, FIRST)).status);
    return out;
  }

  async function dropPattern(sandbox: Sandbox, n: number): Promise<boolean[]> {
    const out: boolean[] = [];
    for (let i = 0; i < n; i++) {
      try {
        await setStatus(sandbox, FIRST, 'open');
        out.push(false);
      } catch {
        out.push(true);
      }
    }
    return out;
  }

  it('replays the same errorRate pattern for the same randomSeed, and a different one for another', async () => {
    const a = await start({ randomSeed: 42 });
    const b = await start({ randomSeed: 42 });
    const c = await start({ randomSeed: 43 });
    for (const sandbox of [a, b, c]) await sandbox.setFaults({ errorRate: 0.5 });
    const [sa, sb, sc] = await Promise.all([statuses(a, 40), statuses(b, 40), statuses(c, 40)]);
    expect(sa).toEqual(sb);
    expect(sa).toContain(200);
    expect(sa).toContain(503);
    expect(sa).not.toEqual(sc);

    // reset() reseeds the dice
    await a.reset();
    await a.setFaults({ errorRate: 0.5 });
    expect(await statuses(a, 40)).toEqual(sa);
  });

  it('replays the same applyThenDrop pattern, and each applied change is recorded once', async () => {
    const a = await start({ randomSeed: 7 });
    const b = await start({ randomSeed: 7 });
    for (const sandbox of [a, b]) await sandbox.setFaults({ applyThenDrop: 0.5 });
    const pa = await dropPattern(a, 20);
    const pb = await dropPattern(b, 20);
    expect(pa).toEqual(pb);
    expect(pa).toContain(true);
    expect(pa).toContain(false);
    // dropped or answered, every request was applied exactly once
    expect(a.appliedChanges(FIRST)).toHaveLength(20);
    expect(a.getComplaint(FIRST)?.events).toHaveLength(21);
    expect(a.requests.filter((r) => r.outcome === 'dropped')).toHaveLength(pa.filter(Boolean).length);
  });

  it('keeps the errorRate sequence independent of the rate (the die is rolled on every request)', async () => {
    const a = await start({ randomSeed: 5 });
    const b = await start({ randomSeed: 5 });
    await a.setFaults({ errorRate: 0.5 });
    await b.setFaults({ errorRate: 0 });
    await statuses(b, 10); // b rolls 10 times with nothing happening
    await b.setFaults({ errorRate: 0.5 });
    const sa = await statuses(a, 30);
    const sb = await statuses(b, 20);
    expect(sb).toEqual(sa.slice(10));
  });
});

describe('sandbox faults: validation', () => {
  const start = useSandboxes();

  it('refuses invalid patches and leaves faults unchanged', async () => {
    const sandbox = await start();
    await expect(sandbox.setFaults({ errorRate: 2 })).rejects.toThrow();
    await expect(sandbox.setFaults({ latencyMs: -1 })).rejects.toThrow();
    await expect(sandbox.setFaults({ bogus: true } as never)).rejects.toThrow();
    expect(sandbox.faults.errorRate).toBe(0);
  });

  it('hands out a frozen copy of the faults', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ rateLimited: { retryAfterSec: 3 } });
    const faults = sandbox.faults;
    expect(Object.isFrozen(faults)).toBe(true);
    (faults.rateLimited as { retryAfterSec: number }).retryAfterSec = 99;
    expect(sandbox.faults.rateLimited).toEqual({ retryAfterSec: 3 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
