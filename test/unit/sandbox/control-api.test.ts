import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createControlHandler } from '../../../electron/sandbox/control-api';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { KEY, detail, errorCode, fetchFailure, json, postJson, setStatus, useSandboxes } from './helpers';

const [FIRST, SECOND] = SEED_COMPLAINT_IDS as [string, string];

function control(sandbox: Sandbox, name: string): string {
  if (sandbox.controlUrl === null) throw new Error('started without the control API');
  return `${sandbox.controlUrl}/__sandbox/${name}`;
}

describe('a sandbox started without the control API (the default, and the desktop app)', () => {
  const start = useSandboxes();

  it('has no control listener and answers /__sandbox/* like any unknown path', async () => {
    const sandbox = await start();
    expect(sandbox.controlUrl).toBeNull();
    expect(sandbox.controlPort).toBeNull();
    const before = sandbox.getComplaint(FIRST);
    const state = await fetch(`${sandbox.url}/__sandbox/state`);
    expect(state.status).toBe(404);
    const faults = await postJson(`${sandbox.url}/__sandbox/faults`, { outage: true });
    expect(faults.status).toBe(404);
    const staff = await postJson(`${sandbox.url}/__sandbox/staff-status`, { complaintId: FIRST, status: 'closed' });
    expect(staff.status).toBe(404);
    expect(sandbox.faults.outage).toBe(false);
    expect(sandbox.getComplaint(FIRST)).toEqual(before);
    // The API itself works as before.
    expect((await detail(sandbox, FIRST)).status).toBe(200);
  });
});

describe('sandbox control API', () => {
  const started = useSandboxes();
  const start = (options: Parameters<typeof started>[0] = {}) => started({ control: createControlHandler, ...options });

  it('runs on its own loopback listener', async () => {
    const sandbox = await start();
    expect(sandbox.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.controlPort).not.toBe(sandbox.port);
    // The control listener serves nothing but /__sandbox/*
    const api = await fetch(`${sandbox.controlUrl}/api/v1/shop/complaint/detail?id=${FIRST}&apiKey=${KEY}`);
    expect(api.status).toBe(404);
  });

  it('GET state reports faults and seed IDs', async () => {
    const sandbox = await start();
    const state = await json(await fetch(control(sandbox, 'state')));
    expect(state).toMatchObject({
      url: sandbox.url,
      controlUrl: sandbox.controlUrl,
      port: sandbox.port,
      faults: { outage: false, latencyMs: 0, errorRate: 0, rateLimited: null, applyThenDrop: 0 },
      seedComplaintIds: [...SEED_COMPLAINT_IDS],
      requestCount: 0,
    });
  });

  it('POST faults switches an outage on and off while the control listener stays up', async () => {
    const sandbox = await start();
    const on = await postJson(control(sandbox, 'faults'), { outage: true });
    expect(on.status).toBe(200);
    expect(((await json(on)).faults as { outage: boolean }).outage).toBe(true);
    expect((await fetchFailure(detail(sandbox, FIRST))).code).toBe('ECONNREFUSED');
    expect(((await json(await fetch(control(sandbox, 'state')))).faults as { outage: boolean }).outage).toBe(true);

    expect((await postJson(control(sandbox, 'faults'), { outage: false })).status).toBe(200);
    expect((await detail(sandbox, FIRST)).status).toBe(200);
  });

  it('POST faults validates the patch', async () => {
    const sandbox = await start();
    for (const body of [{ errorRate: 1.5 }, { outage: 'yes' }, { rateLimited: { retryAfterSec: -1 } }, { typo: 1 }]) {
      const response = await postJson(control(sandbox, 'faults'), body);
      expect(response.status).toBe(400);
      const parsed = await json(response);
      expect(errorCode(parsed)).toBe('INVALID_REQUEST');
      expect((parsed.error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    }
    expect((await postJson(control(sandbox, 'faults'), '{nope')).status).toBe(400);
    expect(sandbox.faults.errorRate).toBe(0);

    const ok = await postJson(control(sandbox, 'faults'), { errorRate: 1, latencyMs: 5, rateLimited: { retryAfterSec: 2 } });
    expect(ok.status).toBe(200);
    expect(sandbox.faults).toMatchObject({ errorRate: 1, latencyMs: 5, rateLimited: { retryAfterSec: 2 } });
  });

  it('POST staff-status changes a status like office staff would (not counted as applied by the API)', async () => {
    const sandbox = await start();
    const response = await postJson(control(sandbox, 'staff-status'), { complaintId: FIRST, status: 'open' });
    expect(response.status).toBe(200);
    const complaint = await json(await detail(sandbox, FIRST));
    expect(complaint.status).toBe('open');
    expect((complaint.events as { status: string }[]).map((e) => e.status)).toEqual(['new', 'open']);
    expect(sandbox.appliedChanges()).toEqual([]);

    const unknown = await postJson(control(sandbox, 'staff-status'), { complaintId: 'nope', status: 'open' });
    expect(unknown.status).toBe(404);
    const invalid = await postJson(control(sandbox, 'staff-status'), { complaintId: FIRST, status: 'finished' });
    expect(invalid.status).toBe(400);
  });

  it('POST revoke-key revokes a key without echoing it', async () => {
    const sandbox = await start();
    const response = await postJson(control(sandbox, 'revoke-key'), { key: KEY });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(KEY);
    expect((await detail(sandbox, FIRST)).status).toBe(401);
  });

  it('GET applied lists changes applied through the API, optionally per complaint', async () => {
    const sandbox = await start();
    await setStatus(sandbox, FIRST, 'open');
    await setStatus(sandbox, SECOND, 'closed');
    sandbox.setStatusAsStaff(FIRST, 'wait');
    const all = (await (await fetch(control(sandbox, 'applied'))).json()) as { complaintId: string; status: string }[];
    expect(all.map((c) => [c.complaintId, c.status])).toEqual([
      [FIRST, 'open'],
      [SECOND, 'closed'],
    ]);
    const one: unknown = await (await fetch(`${control(sandbox, 'applied')}?complaintId=${SECOND}`)).json();
    expect(one).toEqual([{ complaintId: SECOND, status: 'closed', at: expect.any(Number) }]);
  });

  it('GET requests and GET complaint expose the log and state without a key', async () => {
    const sandbox = await start();
    await detail(sandbox, FIRST);
    const log: unknown = await (await fetch(control(sandbox, 'requests'))).json();
    expect(log).toEqual([expect.objectContaining({ method: 'GET', complaintId: FIRST, outcome: 'ok' })]);
    const complaint = await json(await fetch(`${control(sandbox, 'complaint')}?id=${FIRST}`));
    expect(complaint).toMatchObject({ exist: true, id: FIRST, status: 'new' });
    expect(await json(await fetch(`${control(sandbox, 'complaint')}?id=nope`))).toEqual({ exist: false });
  });

  it('POST reset restores seed data, faults, keys and logs (empty body allowed)', async () => {
    const sandbox = await start();
    await setStatus(sandbox, FIRST, 'closed');
    sandbox.revokeKey(KEY);
    await sandbox.setFaults({ outage: true, errorRate: 0.3 });
    const response = await fetch(control(sandbox, 'reset'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(sandbox.faults).toMatchObject({ outage: false, errorRate: 0 });
    expect(sandbox.requests).toEqual([]);
    expect(sandbox.appliedChanges()).toEqual([]);
    const complaint = await json(await detail(sandbox, FIRST));
    expect(complaint).toMatchObject({ status: 'new' });
    expect(complaint.events).toHaveLength(1);
  });

  it('refuses POSTs that are not JSON (a web page could send those cross-site)', async () => {
    const sandbox = await start();
    const response = await fetch(control(sandbox, 'faults'), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ outage: true }),
    });
    expect(response.status).toBe(415);
    expect(sandbox.faults.outage).toBe(false);
  });

  it('refuses a non-loopback Host header (DNS rebinding)', async () => {
    const sandbox = await start();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        `${control(sandbox, 'state')}`,
        { headers: { Host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers unknown control paths with 404 and wrong methods with 405', async () => {
    const sandbox = await start();
    expect((await fetch(control(sandbox, 'nope'))).status).toBe(404);
    expect((await fetch(control(sandbox, 'reset'))).status).toBe(405);
    expect((await postJson(control(sandbox, 'state'), {})).status).toBe(405);
    expect((await fetch(control(sandbox, '__proto__'))).status).toBe(404);
  });

  it('is also mounted on the API listener, without needing a key', async () => {
    const sandbox = await start();
    const state = await json(await fetch(`${sandbox.url}/__sandbox/state`));
    expect(state.port).toBe(sandbox.port);
  });
});

describe('sandbox object helpers', () => {
  const start = useSandboxes();

  it('getComplaint returns a deep copy', async () => {
    const sandbox = await start();
    const copy = sandbox.getComplaint(FIRST);
    copy?.events.push({ id: 1, status: 'closed', shareWithCustomer: true, subject: '', message: '', date: '' });
    if (copy) copy.status = 'closed';
    expect(sandbox.getComplaint(FIRST)).toMatchObject({ status: 'new' });
    expect(sandbox.getComplaint(FIRST)?.events).toHaveLength(1);
  });

  it('setStatusAsStaff appends an event, is not an applied change, and throws for unknown IDs', async () => {
    const sandbox = await start();
    sandbox.setStatusAsStaff(FIRST, 'resolve');
    const complaint = sandbox.getComplaint(FIRST);
    expect(complaint).toMatchObject({ status: 'resolve', isResolved: true });
    expect(complaint?.events.at(-1)?.message).toMatch(/pracovník/);
    expect(sandbox.appliedChanges()).toEqual([]);
    expect(() => sandbox.setStatusAsStaff('nope', 'open')).toThrow();
  });

  it('createComplaint and addComplaint add complaints the API then serves', async () => {
    const sandbox = await start({ seed: false });
    const id = sandbox.createComplaint({ variantCode: 'vymena', description: 'Jiná barva', customerName: 'Jan Novák' });
    expect((await json(await detail(sandbox, id))).status).toBe('new');
    expect(() => sandbox.createComplaint({ variantCode: 'x', description: 'd', customerName: 'c' })).toThrow();

    const fixture = { ...(sandbox.getComplaint(id) as NonNullable<ReturnType<Sandbox['getComplaint']>>), id: 'fixture-1' };
    sandbox.addComplaint(fixture);
    expect((await json(await detail(sandbox, 'fixture-1'))).id).toBe('fixture-1');
    expect(() => sandbox.addComplaint(fixture)).toThrow(/already exists/);
    expect(sandbox.requests).toHaveLength(2); // only the two detail calls
  });

  it('refuses to bind anything but loopback', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
