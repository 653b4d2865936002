import { describe, expect, it } from 'vitest';
import { ComplaintDetailResponseSchema, ComplaintDetailSchema } from '../../../common/api-schemas';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import {
  KEY,
  OTHER_KEY,
  PATHS,
  ROOT_KEY,
  apiUrl,
  detail,
  errorCode,
  json,
  postJson,
  setStatus,
  useSandboxes,
} from './helpers';

const FIRST = SEED_COMPLAINT_IDS[0] as string;

describe('sandbox API: detail', () => {
  const start = useSandboxes();

  it('returns a seed complaint in the shape the client parses', async () => {
    const sandbox = await start();
    const response = await detail(sandbox, FIRST);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json(response);
    const parsed = ComplaintDetailSchema.parse(body);
    expect(parsed).toMatchObject({ exist: true, id: FIRST, status: 'new', isResolved: false });
    expect(parsed.customerName).toBe('Jana Nováková');
    expect(parsed.events).toHaveLength(1);
    expect(sandbox.getComplaint(FIRST)).toEqual(Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'exist')));
  });

  it('answers an unknown ID with 200 {exist:false}', async () => {
    const sandbox = await start();
    const response = await detail(sandbox, 'zzzzzzzzzzzzzzzz');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ exist: false });
  });

  it('refuses a missing or malformed id with 400 INVALID_REQUEST', async () => {
    const sandbox = await start();
    const missing = await fetch(apiUrl(sandbox, PATHS.detail));
    expect(missing.status).toBe(400);
    const body = await json(missing);
    expect(errorCode(body)).toBe('INVALID_REQUEST');
    expect((body.error as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: 'id' })]);
    const spaced = await detail(sandbox, 'has space');
    expect(spaced.status).toBe(400);
  });

  it('starts empty with seed: false', async () => {
    const sandbox = await start({ seed: false });
    expect(sandbox.seedComplaintIds).toEqual([]);
    expect(sandbox.complaintIds()).toEqual([]);
    expect(await json(await detail(sandbox, FIRST))).toEqual({ exist: false });
  });
});

describe('sandbox API: set-status', () => {
  const start = useSandboxes();

  it('appends exactly one event and updates the status', async () => {
    const sandbox = await start();
    const before = sandbox.getComplaint(FIRST);
    const response = await setStatus(sandbox, FIRST, 'open');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true });

    const after = ComplaintDetailSchema.parse(await json(await detail(sandbox, FIRST)));
    expect(after.status).toBe('open');
    expect(after.isResolved).toBe(false);
    expect(after.events).toHaveLength((before?.events.length ?? 0) + 1);
    const event = after.events?.at(-1);
    expect(event).toMatchObject({ status: 'open', shareWithCustomer: false });
    expect(event?.subject).toBeTruthy();
    expect(event?.message).toBeTruthy();
    expect(Number.isNaN(Date.parse(event?.date ?? ''))).toBe(false);
    expect(event?.id).toBeGreaterThan(Math.max(...(before?.events ?? []).map((e) => e.id)));
    expect(sandbox.appliedChanges(FIRST)).toEqual([{ complaintId: FIRST, status: 'open', at: expect.any(Number) }]);
  });

  it('sets isResolved and resolvedDate for resolve and closed only, and clears them on reopening', async () => {
    const sandbox = await start();
    await setStatus(sandbox, FIRST, 'reject');
    expect(sandbox.getComplaint(FIRST)).toMatchObject({ status: 'reject', isResolved: false, resolvedDate: null });

    await setStatus(sandbox, FIRST, 'resolve');
    const resolved = sandbox.getComplaint(FIRST);
    expect(resolved).toMatchObject({ status: 'resolve', isResolved: true });
    expect(resolved?.resolvedDate).toEqual(resolved?.events.at(-1)?.date);

    await setStatus(sandbox, FIRST, 'closed');
    // still resolved; the date is when it was first resolved
    expect(sandbox.getComplaint(FIRST)).toMatchObject({
      status: 'closed',
      isResolved: true,
      resolvedDate: resolved?.resolvedDate,
    });

    await setStatus(sandbox, FIRST, 'open');
    expect(sandbox.getComplaint(FIRST)).toMatchObject({ status: 'open', isResolved: false, resolvedDate: null });
  });

  it('records a resent change twice, as the real API does', async () => {
    const sandbox = await start();
    await setStatus(sandbox, FIRST, 'wait');
    await setStatus(sandbox, FIRST, 'wait');
    const events = sandbox.getComplaint(FIRST)?.events ?? [];
    expect(events.map((e) => e.status)).toEqual(['new', 'wait', 'wait']);
    expect(sandbox.appliedChanges(FIRST).map((c) => c.status)).toEqual(['wait', 'wait']);
  });

  it('keeps appliedChanges in order across complaints and filters by complaint', async () => {
    const sandbox = await start();
    const [a, b] = SEED_COMPLAINT_IDS as [string, string];
    await setStatus(sandbox, a, 'open');
    await setStatus(sandbox, b, 'wait');
    await setStatus(sandbox, a, 'resolve');
    expect(sandbox.appliedChanges().map((c) => `${c.complaintId}:${c.status}`)).toEqual([
      `${a}:open`,
      `${b}:wait`,
      `${a}:resolve`,
    ]);
    expect(sandbox.appliedChanges(b).map((c) => c.status)).toEqual(['wait']);
  });

  it('answers an unknown complaint with 404 COMPLAINT_NOT_FOUND and applies nothing', async () => {
    const sandbox = await start();
    const response = await setStatus(sandbox, 'unknown0000000000', 'open');
    expect(response.status).toBe(404);
    expect(errorCode(await json(response))).toBe('COMPLAINT_NOT_FOUND');
    expect(sandbox.appliedChanges()).toEqual([]);
  });

  it('validates the body with 400 INVALID_REQUEST and issues', async () => {
    const sandbox = await start();
    const url = apiUrl(sandbox, PATHS.setStatus);
    const badStatus = await postJson(url, { complaintId: FIRST, status: 'done' });
    expect(badStatus.status).toBe(400);
    const body = await json(badStatus);
    expect(errorCode(body)).toBe('INVALID_REQUEST');
    expect((body.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['status']);

    const missingId = await postJson(url, { status: 'open' });
    expect(missingId.status).toBe(400);

    const notJson = await postJson(url, '{"complaintId":');
    expect(notJson.status).toBe(400);
    expect(errorCode(await json(notJson))).toBe('INVALID_REQUEST');

    const empty = await fetch(url, { method: 'POST' });
    expect(empty.status).toBe(400);

    expect(sandbox.getComplaint(FIRST)?.events).toHaveLength(1);
    expect(sandbox.appliedChanges()).toEqual([]);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const sandbox = await start();
    const response = await postJson(apiUrl(sandbox, PATHS.setStatus), {
      complaintId: FIRST,
      status: 'open',
      padding: 'x'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
    expect(errorCode(await json(response))).toBe('PAYLOAD_TOO_LARGE');
    expect(sandbox.appliedChanges()).toEqual([]);
  });
});

describe('sandbox API: create', () => {
  const start = useSandboxes();

  it('creates a new complaint with a first event, then serves it from detail', async () => {
    const sandbox = await start();
    const response = await postJson(apiUrl(sandbox, PATHS.create), {
      variantCode: 'vraceni',
      description: 'Vracím, nesedí velikost.',
      customerName: 'Žofie Šťastná',
      orderNumber: '2026-009999',
      email: 'zofie@example.cz',
      refundCountry: 'CZ',
      refundBankAccount: '123456789/0800',
      refundVariableSymbol: '2026009999',
      items: [{ label: 'Svetr', quantity: 2, price: 990 }],
    });
    expect(response.status).toBe(200);
    const created = await json(response);
    expect(created.success).toBe(true);
    expect(created.id).toMatch(/^[a-z0-9]{16}$/);
    const id = created.id as string;
    expect(SEED_COMPLAINT_IDS).not.toContain(id);

    const body = ComplaintDetailResponseSchema.parse(await json(await detail(sandbox, id)));
    expect(body).toMatchObject({
      exist: true,
      id,
      status: 'new',
      isResolved: false,
      customerName: 'Žofie Šťastná',
      variant: { code: 'vraceni', label: 'Vrácení zboží' },
      refund: { country: 'CZ', bankAccount: '123456789/0800', variableSymbol: '2026009999' },
      items: [{ label: 'Svetr', quantity: 2, price: 990, id: expect.any(Number) }],
    });
    expect(body.exist && body.events?.map((e) => e.status)).toEqual(['new']);
    // creating is not a status change made through set-status
    expect(sandbox.appliedChanges()).toEqual([]);
  });

  it('creates deterministic IDs: the same calls give the same IDs in another sandbox', async () => {
    const ids: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const sandbox = await start();
      const runIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await postJson(apiUrl(sandbox, PATHS.create), {
          variantCode: 'reklamace',
          description: `Popis ${i}`,
          customerName: 'Test',
        });
        runIds.push((await json(response)).id as string);
      }
      ids.push(runIds);
    }
    expect(ids[0]).toEqual(ids[1]);
    expect(new Set(ids[0]).size).toBe(3);
  });

  it('validates the body, including the organisation\'s variant codes', async () => {
    const sandbox = await start();
    const url = apiUrl(sandbox, PATHS.create);
    const count = sandbox.complaintIds().length;
    for (const body of [
      { description: 'x', customerName: 'y' },
      { variantCode: 'reklamace', description: '', customerName: 'y' },
      { variantCode: 'unknown', description: 'x', customerName: 'y' },
      { variantCode: 'reklamace', description: 'x', customerName: 'y', orderHash: 'short' },
    ]) {
      const response = await postJson(url, body);
      expect(response.status).toBe(400);
      expect(errorCode(await json(response))).toBe('INVALID_REQUEST');
    }
    expect(sandbox.complaintIds()).toHaveLength(count);
  });
});

describe('sandbox API: routing', () => {
  const start = useSandboxes();

  it('answers an unknown path with 404 NOT_FOUND and a wrong method with 405', async () => {
    const sandbox = await start();
    const unknown = await fetch(apiUrl(sandbox, '/api/v1/shop/complaint/list'));
    expect(unknown.status).toBe(404);
    expect(errorCode(await json(unknown))).toBe('NOT_FOUND');
    const wrongMethod = await fetch(apiUrl(sandbox, PATHS.setStatus));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('sandbox API: authentication', () => {
  const start = useSandboxes();

  async function expectAuthError(response: Response): Promise<void> {
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'PUBLIC_API_KEY_DOES_NOT_EXIST', message: expect.any(String) } });
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/(PROD|DEV_|ROOT)[A-Za-z0-9]{28}/);
  }

  it('refuses a missing or malformed key', async () => {
    const sandbox = await start();
    await expectAuthError(await detail(sandbox, FIRST, null));
    await expectAuthError(await detail(sandbox, FIRST, 'DEV_tooShort'));
    await expectAuthError(await detail(sandbox, FIRST, 'TEST' + 'a'.repeat(28)));
    await expectAuthError(await detail(sandbox, FIRST, KEY + 'x'));
    await expectAuthError(await fetch(apiUrl(sandbox, PATHS.detail, { id: FIRST }, null), { headers: { Authorization: 'Basic abc' } }));
  });

  it('accepts the key as a Bearer token', async () => {
    const sandbox = await start();
    const response = await fetch(apiUrl(sandbox, PATHS.detail, { id: FIRST }, null), {
      headers: { Authorization: `Bearer ${OTHER_KEY}` },
    });
    expect(response.status).toBe(200);
    expect((await json(response)).exist).toBe(true);
  });

  it('refuses a revoked key, and only that key', async () => {
    const sandbox = await start();
    expect((await detail(sandbox, FIRST)).status).toBe(200);
    sandbox.revokeKey(KEY);
    await expectAuthError(await detail(sandbox, FIRST));
    await expectAuthError(
      await fetch(apiUrl(sandbox, PATHS.detail, { id: FIRST }, null), { headers: { Authorization: `Bearer ${KEY}` } }),
    );
    const refused = await setStatus(sandbox, FIRST, 'open');
    await expectAuthError(refused);
    expect(sandbox.appliedChanges()).toEqual([]);
    expect((await detail(sandbox, FIRST, OTHER_KEY)).status).toBe(200);
  });

  it('with an explicit key list, accepts only those keys', async () => {
    const sandbox = await start({ keys: [OTHER_KEY] });
    expect((await detail(sandbox, FIRST, OTHER_KEY)).status).toBe(200);
    await expectAuthError(await detail(sandbox, FIRST, KEY));
  });

  it('refuses a malformed key in the key list at start-up', async () => {
    await expect(start({ keys: ['nope'] })).rejects.toThrow(/not well-formed/);
  });

  it('never records the key in the request log', async () => {
    const sandbox = await start();
    await detail(sandbox, FIRST);
    await fetch(apiUrl(sandbox, `/api/v1/${KEY}`));
    const log = JSON.stringify(sandbox.requests);
    expect(log).not.toContain(KEY);
    expect(sandbox.requests[0]).toMatchObject({ method: 'GET', path: PATHS.detail, complaintId: FIRST, outcome: 'ok', httpStatus: 200 });
  });
});

describe('sandbox API: rate limits', () => {
  const start = useSandboxes();

  it('sends X-RateLimit-* on every keyed response and 429 with Retry-After past the limit', async () => {
    let t = 1_800_000_000_000;
    const sandbox = await start({ rateLimit: { limit: 3, windowMs: 60_000 }, now: () => t });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await detail(sandbox, FIRST);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      expect(response.headers.get('x-ratelimit-reset')).toBe(String((t + 60_000) / 1000));
      remaining.push(response.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    t += 10_000;
    const limited = await setStatus(sandbox, FIRST, 'open');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await json(limited)).toEqual({
      error: { code: 'RATE_LIMIT_EXCEEDED', message: expect.any(String), retry_after: 50 },
    });
    expect(sandbox.appliedChanges()).toEqual([]);
    expect(sandbox.requests.at(-1)).toMatchObject({ outcome: 'rate-limited', httpStatus: 429 });

    // another key has its own window
    expect((await detail(sandbox, FIRST, OTHER_KEY)).status).toBe(200);

    // the window slides
    t += 50_000;
    expect((await setStatus(sandbox, FIRST, 'open')).status).toBe(200);
  });

  it('does not limit ROOT keys and sends them no rate-limit headers', async () => {
    const sandbox = await start({ rateLimit: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      const response = await detail(sandbox, FIRST, ROOT_KEY);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });

  it('sends no rate-limit headers on a 401 (there is no key to count against)', async () => {
    const sandbox = await start();
    const response = await detail(sandbox, FIRST, null);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
