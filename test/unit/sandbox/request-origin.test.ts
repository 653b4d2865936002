/**
 * The sandbox answers only requests addressed to its own loopback name, and, when a browser
 * names the sending page, only from a page of that address (electron/sandbox/request-origin.ts):
 * a foreign page can neither post to it through a plain form nor read it by DNS rebinding.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createControlHandler } from '../../../electron/sandbox/control-api';
import { allowedHosts, refusedRequest } from '../../../electron/sandbox/request-origin';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { createApiClient } from '../../../electron/services/api-client';
import { createMemoryLogger } from '../../../electron/services/logger';
import { KEY, PATHS, useSandboxes } from './helpers';

const FIRST = SEED_COMPLAINT_IDS[0] as string;

interface RawAnswer {
  status: number;
  body: string;
}

/** A request with exactly the Host and Origin given (fetch would not let a test forge Host). */
function raw(
  port: number,
  path: string,
  o: { method?: string; host: string; origin?: string; body?: string; contentType?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: o.host };
    if (o.origin !== undefined) headers.Origin = o.origin;
    if (o.body !== undefined) headers['Content-Type'] = o.contentType ?? 'application/json';
    const req = httpRequest({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const detailPath = `${PATHS.detail}?id=${FIRST}&apiKey=${KEY}`;
const setStatusPath = `${PATHS.setStatus}?apiKey=${KEY}`;

describe('the rule', () => {
  it('own Host names only, on the listener port; Origin absent or one of them', () => {
    const hosts = allowedHosts('127.0.0.1', 8787);
    expect([...hosts].sort()).toEqual(['127.0.0.1:8787', 'localhost:8787']);
    expect(refusedRequest({ host: '127.0.0.1:8787' }, hosts)).toBeNull();
    expect(refusedRequest({ host: 'LOCALHOST:8787', origin: 'http://localhost:8787' }, hosts)).toBeNull();
    expect(refusedRequest({ host: '127.0.0.1:8787', origin: 'http://127.0.0.1:8787' }, hosts)).toBeNull();
    for (const host of ['', 'evil.example:8787', 'rebind.evil.example', '127.0.0.1:8788', '127.0.0.1', 'localhost']) {
      expect(refusedRequest({ host }, hosts), host).toBe('host');
    }
    expect(refusedRequest({}, hosts)).toBe('host');
    for (const origin of ['http://evil.example', 'null', 'https://127.0.0.1:8787', 'http://127.0.0.1:8788', 'file://', '']) {
      expect(refusedRequest({ host: '127.0.0.1:8787', origin }, hosts), origin).toBe('origin');
    }
    expect([...allowedHosts('::1', 9)]).toContain('[::1]:9');
  });
});

describe('a live sandbox', () => {
  const started = useSandboxes();

  it('refuses a foreign Host (DNS rebinding) with 403 before any route runs', async () => {
    const sandbox = await started();
    for (const host of ['evil.example', `evil.example:${sandbox.port}`, `127.0.0.1:${sandbox.port + 1}`]) {
      const r = await raw(sandbox.port, detailPath, { host });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain(FIRST);
    }
    expect(sandbox.requests).toEqual([]);
  });

  it('refuses a plain form post from a foreign page (foreign or null Origin): nothing changes', async () => {
    const sandbox = await started();
    const before = sandbox.getComplaint(FIRST);
    const form = `complaintId=${FIRST}&status=closed`;
    const json = JSON.stringify({ complaintId: FIRST, status: 'closed' });
    for (const origin of ['http://evil.example', 'null']) {
      for (const [body, contentType] of [
        [form, 'application/x-www-form-urlencoded'],
        [json, 'text/plain'],
        [json, 'application/json'],
      ] as const) {
        const r = await raw(sandbox.port, setStatusPath, { method: 'POST', host: `127.0.0.1:${sandbox.port}`, origin, body, contentType });
        expect(r.status, `${origin} ${contentType}`).toBe(403);
      }
    }
    const create = JSON.stringify({ variantCode: 'reklamace', customerName: 'Mallory', description: 'x' });
    const r = await raw(sandbox.port, `${PATHS.create}?apiKey=${KEY}`, { method: 'POST', host: `localhost:${sandbox.port}`, origin: 'http://evil.example', body: create });
    expect(r.status).toBe(403);
    expect(sandbox.getComplaint(FIRST)).toEqual(before);
    expect(sandbox.complaintIds()).toEqual([...SEED_COMPLAINT_IDS]);
    expect(sandbox.requests).toEqual([]);
  });

  it('answers its own name (127.0.0.1 or localhost), with no Origin or its own', async () => {
    const sandbox = await started();
    expect((await raw(sandbox.port, detailPath, { host: `127.0.0.1:${sandbox.port}` })).status).toBe(200);
    expect((await raw(sandbox.port, detailPath, { host: `localhost:${sandbox.port}` })).status).toBe(200);
    const own = await raw(sandbox.port, setStatusPath, {
      method: 'POST',
      host: `127.0.0.1:${sandbox.port}`,
      origin: `http://127.0.0.1:${sandbox.port}`,
      body: JSON.stringify({ complaintId: FIRST, status: 'wait' }),
    });
    expect(own.status).toBe(200);
  });

  it("main's API client (its legitimate caller) still gets through, to 127.0.0.1 and localhost", async () => {
    const sandbox = await started();
    for (const baseUrl of [sandbox.url, `http://localhost:${sandbox.port}`]) {
      const client = createApiClient({ baseUrl, getKey: () => KEY, log: createMemoryLogger(), timeoutMs: 3000 });
      expect((await client.detail(FIRST)).ok, baseUrl).toBe(true);
      expect((await client.setStatus({ complaintId: FIRST, status: 'wait' })).ok).toBe(true);
      const created = await client.create({ variantCode: 'reklamace', customerName: 'Jana', description: 'd' });
      expect(created.ok).toBe(true);
    }
  });

  it('the control listener checks the same, against its own port', async () => {
    const sandbox: Sandbox = await started({ control: createControlHandler });
    const port = sandbox.controlPort as number;
    expect((await raw(port, '/__sandbox/state', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await fetch(`${sandbox.controlUrl}/__sandbox/state`)).status).toBe(200);
    expect((await raw(port, '/__sandbox/state', { host: `127.0.0.1:${sandbox.port}` })).status).toBe(403);
    expect((await raw(port, '/__sandbox/state', { host: 'evil.example' })).status).toBe(403);
    const faults = await raw(port, '/__sandbox/faults', {
      method: 'POST',
      host: `127.0.0.1:${port}`,
      origin: 'http://evil.example',
      body: JSON.stringify({ outage: true }),
      contentType: 'text/plain',
    });
    expect(faults.status).toBe(403);
    expect(sandbox.faults.outage).toBe(false);
  });
});
