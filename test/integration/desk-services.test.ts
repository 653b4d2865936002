/**
 * createDeskServices against the real sandbox: modes, events, lazy demo sandbox, test
 * connection, connectivity. Called through the dispatcher, as both hosts call them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../common/ipc-contract';
import { SANDBOX_DEMO_KEY } from '../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { createDeskServices, type DeskServices, type DeskServicesOptions } from '../../electron/services/desk-services';
import { deskOverDispatcher } from '../support/desk-over-dispatcher';
import { memoryKeyring } from '../support/memory-keyring';
import { createMemoryLogger } from '../../electron/services/logger';

const KEY = 'PRODdeskServicesTestKey000000001';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;


let live: Sandbox;
let demo: Sandbox;
beforeAll(async () => {
  live = await startSandbox({ port: 0 });
  demo = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await live.close();
  await demo.close();
});

let services: DeskServices | undefined;
let events: DeskEvent[];
let demoStarts: number;
beforeEach(async () => {
  await live.reset();
  await demo.reset();
  events = [];
  demoStarts = 0;
});
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

async function make(over: Partial<DeskServicesOptions> = {}, stored: string | null = null) {
  const log = createMemoryLogger();
  services = await createDeskServices({
    host: 'browser',
    version: '1.2.3',
    platform: 'linux',
    locale: 'cs-CZ',
    userDataDir: mkdtempSync(join(tmpdir(), 'desk-svc-')),
    keychain: { service: 'svc', account: 'acct', backend: memoryKeyring(stored) },
    startDemoSandbox: async () => {
      demoStarts++;
      return { url: demo.url, demoKey: SANDBOX_DEMO_KEY };
    },
    log,
    emit: (e) => events.push(e),
    timeoutMs: 2000,
    ...over,
  });
  return deskOverDispatcher(services, log);
}

describe('desk services: the rate figures across a settings change', () => {
  it('a settings change keeps what main knew of the same API until the new client hears its own', async () => {
    const h = await make();
    const sent = await h.setComplaintStatus({ complaintId: SEED_ID, status: 'open', destination: 'demo' });
    expect(sent).toMatchObject({ ok: true, rateLimit: expect.objectContaining({ limit: 10_000 }) });
    const known = sent.rateLimit;
    expect(await h.updateSettings({ theme: 'dark' })).toMatchObject({ ok: true });
    // Asked before any new request: the forgotten client's figures, not "none".
    expect(await h.getRateLimit({})).toEqual({ ok: true, value: known });
    const next = await h.getComplaint({ id: SEED_ID });
    expect(next).toMatchObject({ ok: true, rateLimit: expect.objectContaining({ limit: 10_000, remaining: expect.any(Number) }) });
  });
});

describe('desk services: modes', () => {
  it('no key → demo mode against the lazily started sandbox (started once, never before use)', async () => {
    const h = await make();
    expect(demoStarts).toBe(0);
    const [a, b, c] = await Promise.all([h.getComplaint({ id: SEED_ID }), h.getComplaint({ id: SEED_ID }), h.getAppInfo({})]);
    expect(a.ok && b.ok).toBe(true);
    expect(c).toEqual({
      ok: true,
      value: {
        version: '1.2.3',
        host: 'browser',
        platform: 'linux',
        mode: 'demo',
        apiUrl: demo.url,
        destination: 'demo',
        liveDestination: 'live:https://api.bizkithub.com',
        liveHost: 'api.bizkithub.com',
        customApi: false,
        sandbox: true,
        locale: 'cs-CZ',
        // No data key store given: the key is kept for this run only.
        dataProtection: { kept: 'memory-only' },
      },
    });
    expect(await h.setComplaintStatus({ complaintId: SEED_ID, status: 'open', destination: 'demo' })).toEqual({
      ok: true,
      // The handler's reply holds the figures main has after the request; createDeskApi
      // lifts them into the Result (common/ipc-contract.ts).
      value: { success: true },
      rateLimit: expect.objectContaining({ limit: 10_000 }),
    });
    expect(demo.appliedChanges(SEED_ID)).toHaveLength(1);
    expect(live.appliedChanges(SEED_ID)).toHaveLength(0);
    expect(demoStarts).toBe(1);
    expect(await h.testConnection({})).toMatchObject({ ok: true, value: { mode: 'demo' } });
  });

  it('a stored key → live mode against apiUrlOverride; the demo sandbox is never started', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    expect(await h.getAppInfo({})).toMatchObject({
      ok: true,
      value: { mode: 'live', apiUrl: live.url, destination: `live:${live.url}`, customApi: true, sandbox: false },
    });
    expect(await h.setComplaintStatus({ complaintId: SEED_ID, status: 'wait', destination: `live:${live.url}` })).toMatchObject({
      ok: true,
    });
    expect(live.appliedChanges(SEED_ID)).toHaveLength(1);
    const t = await h.testConnection({});
    expect(t).toMatchObject({ ok: true, value: { mode: 'live' } });
    if (t.ok) expect(t.value.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await h.getRateLimit({})).toMatchObject({ ok: true, value: { limit: 10_000 } });
    expect(demoStarts).toBe(0);
  });

  it('without an override, live mode follows settings.apiUrl; the key stays bound to the origin it was saved for', async () => {
    const h = await make({}, KEY); // a bare key from an earlier version: bound to the default origin
    expect(await h.getKeyStatus({})).toMatchObject({ ok: true, value: { origin: 'https://api.bizkithub.com' } });
    expect(await h.updateSettings({ apiUrl: live.url })).toMatchObject({ ok: true, value: { apiUrl: live.url } });
    expect(events).toEqual([{ type: 'settings-changed' }]);
    // The stored key is never sent to the new origin: demo mode until a key is saved for it.
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'demo', destination: 'demo', liveHost: live.url.slice(7) } });
    expect(await h.getComplaint({ id: SEED_ID })).toMatchObject({ ok: true });
    expect(live.requests).toHaveLength(0);
    expect(await h.saveKey({ key: KEY, sessionOnly: false })).toMatchObject({ ok: true, value: { origin: live.url } });
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'live', apiUrl: live.url } });
    expect(await h.getComplaint({ id: SEED_ID })).toMatchObject({ ok: true });
    expect(live.requests).toHaveLength(1);
    // Back to the default address: the key saved for the sandbox origin does not follow.
    await h.updateSettings({ apiUrl: 'https://api.bizkithub.com' });
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'demo' } });
  });

  it('a live API that is the built-in sandbox says so (the browser host without BIZKITHUB_API_URL)', async () => {
    const h = await make({ apiUrlOverride: live.url, liveIsSandbox: true }, KEY);
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'live', sandbox: true } });
    await services?.dispose();
    const real = await make({ apiUrlOverride: live.url }, KEY);
    expect(await real.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'live', sandbox: false } });
  });

  it('a request made for another destination is refused before anything is sent', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    const liveDest = `live:${live.url}`;
    for (const destination of ['demo', 'live:https://api.bizkithub.com']) {
      expect(await h.setComplaintStatus({ complaintId: SEED_ID, status: 'wait', destination })).toMatchObject({
        ok: false,
        error: { kind: 'wrong-destination' },
      });
      expect(await h.getComplaint({ id: SEED_ID, destination })).toMatchObject({ ok: false, error: { kind: 'wrong-destination' } });
    }
    expect(live.requests).toHaveLength(0);
    expect(demoStarts).toBe(0);
    await h.removeKey({});
    // Demo now: the live change waits, it never lands in the sandbox.
    expect(await h.setComplaintStatus({ complaintId: SEED_ID, status: 'wait', destination: liveDest })).toMatchObject({
      ok: false,
      error: { kind: 'wrong-destination' },
    });
    expect(demo.appliedChanges()).toHaveLength(0);
    expect(live.appliedChanges()).toHaveLength(0);
  });

  it('successful values are redacted too: a server that echoes the key does not put it into the renderer', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    const echo = live.createComplaint({
      variantCode: 'reklamace',
      description: `pasted by mistake: ${KEY} and again ?apiKey=${KEY}`,
      customerName: `Jan ${KEY}`,
    });
    const r = await h.getComplaint({ id: echo });
    expect(r.ok).toBe(true);
    const text = JSON.stringify(r);
    expect(text).not.toContain(KEY);
    expect(text).toContain('pasted by mistake: [redacted]');
  });

  it('the override wins over the setting; a refused override fails createDeskServices up front', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    await h.updateSettings({ apiUrl: 'https://api.bizkithub.com' });
    expect(await h.getComplaint({ id: SEED_ID })).toMatchObject({ ok: true });
    await expect(make({ apiUrlOverride: 'http://bizkithub.example.com' })).rejects.toThrow(/BIZKITHUB_API_URL refused/);
  });

  it('save → live, remove → demo, with key-changed events; a refused save emits nothing', async () => {
    const h = await make({ apiUrlOverride: live.url });
    expect(await h.saveKey({ key: 'nonsense', sessionOnly: false })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(events).toEqual([]);
    expect(await h.saveKey({ key: KEY, sessionOnly: false })).toMatchObject({ ok: true, value: { configured: true, storage: 'keychain' } });
    expect(events).toEqual([{ type: 'key-changed' }]);
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'live' } });
    expect(await h.getKeyStatus({})).toMatchObject({ ok: true, value: { masked: 'PROD••••••••0001' } });
    expect(await h.removeKey({})).toMatchObject({ ok: true, value: { configured: false } });
    expect(events).toEqual([{ type: 'key-changed' }, { type: 'key-changed' }]);
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'demo' } });
  });
});

describe('desk services: results', () => {
  it('getComplaint: exist:false → not-found; invalid input → bad-request (refused at the IPC edge)', async () => {
    const h = await make();
    expect(await h.getComplaint({ id: 'no-such-one' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await h.getComplaint({ id: 'has space' })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await h.reportPending({ pending: -1 })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('testConnection: revoked key → auth; a server that is not the API → not-found with an explanation', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    live.revokeKey(KEY);
    expect(await h.testConnection({})).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringMatching(/refused/) } });

    const other: Server = createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<h1>Not here</h1>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const h2 = await make({ apiUrlOverride: `http://127.0.0.1:${(other.address() as AddressInfo).port}` }, KEY);
      expect(await h2.testConnection({})).toMatchObject({
        ok: false,
        error: { kind: 'not-found', message: expect.stringMatching(/does not answer like the BizKitHub API/) },
      });
    } finally {
      other.closeAllConnections();
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('a demo sandbox that cannot start: internal error, getAppInfo still answers', async () => {
    const h = await make({ startDemoSandbox: () => Promise.reject(new Error('port in use')) });
    expect(await h.getComplaint({ id: SEED_ID })).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(await h.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'demo', apiUrl: '(demo sandbox unavailable)' } });
  });

  it('reportPending and notify', async () => {
    const reported: number[] = [];
    const h = await make({ onPendingReport: (n) => reported.push(n), showNotification: () => true });
    expect(await h.reportPending({ pending: 7 })).toEqual({ ok: true, value: {} });
    expect(services?.pendingCount()).toBe(7);
    expect(reported).toEqual([7]);
    expect(await h.notify({ title: 't', body: 'b' })).toEqual({ ok: true, value: { shown: true } });
    const h2 = await make({
      showNotification: () => {
        throw new Error('no notification daemon');
      },
    });
    expect(await h2.notify({ title: 't', body: 'b' })).toEqual({ ok: true, value: { shown: false } });
    const h3 = await make();
    expect(await h3.notify({ title: 't', body: 'b' })).toEqual({ ok: true, value: { shown: false } });
  });
});

describe('desk services: connectivity', () => {
  it('a network error goes offline (event), the probe brings it back online (event)', async () => {
    const h = await make({ apiUrlOverride: live.url }, KEY);
    expect(await h.getConnectivity({})).toMatchObject({ ok: true, value: { online: true } });
    await live.setFaults({ outage: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.getComplaint({ id: SEED_ID })).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(await h.getConnectivity({})).toMatchObject({ ok: true, value: { online: false } });
    expect(events.filter((e) => e.type === 'connectivity')).toMatchObject([{ online: false }]);
    await live.setFaults({ outage: false });
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && !events.some((e) => e.type === 'connectivity' && e.online)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.filter((e) => e.type === 'connectivity')).toMatchObject([{ online: false }, { online: true }]);
    expect(await h.getConnectivity({})).toMatchObject({ ok: true, value: { online: true } });
  });

  it('an OS that says offline is reported at once', async () => {
    let os = true;
    const h = await make({ isOsOnline: () => os, apiUrlOverride: live.url }, KEY);
    expect(await h.getConnectivity({})).toMatchObject({ ok: true, value: { online: true } });
    os = false;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !events.some((e) => e.type === 'connectivity')) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // Offline first, without any request. (A later successful probe may bring it back:
    // an HTTP answer beats an OS that may be wrong.)
    expect(events.find((e) => e.type === 'connectivity')).toMatchObject({ online: false });
  });
});
