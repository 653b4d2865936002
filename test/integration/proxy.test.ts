/**
 * The browser host's proxy path, for real: undici's EnvHttpProxyAgent (built from the
 * environment by electron/browser-host/proxy-fetch.ts) and a small recording proxy on
 * loopback that this test starts.
 *
 * What this proves: with HTTP_PROXY set, a request for a non-loopback host goes through
 * the proxy (a CONNECT tunnel; the proxy maps a made-up host name onto a small server of
 * this test's, since the sandbox answers only its own loopback name); a proxy that is down
 * makes such a host unreachable (no silent direct fallback); NO_PROXY exempts a host; and
 * the API client's requests to a loopback API are never proxied, whatever NO_PROXY says:
 * the proxy sees no byte of them (no `apiKey`, no `Authorization`). What it does not: an
 * HTTPS target (undici tunnels both with CONNECT, so the proxy leg is the same), a proxy
 * that needs authentication, PAC files (the desktop app's net.fetch handles PAC; that
 * needs a real Electron).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnvProxyFetch } from '../../electron/browser-host/proxy-fetch';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { createApiClient } from '../../electron/services/api-client';
import { createMemoryLogger } from '../../electron/services/logger';
import { startLoopbackProxy, type LoopbackProxy } from '../support/loopback-proxy';

const KEY = 'DEV_integrationTestKey0000000001';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;
/** A non-loopback name only the test proxy can resolve (onto the sandbox). */
const PROXIED_HOST = 'api.proxied.test';

let sandbox: Sandbox;
let proxy: LoopbackProxy;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  proxy = await startLoopbackProxy({ hosts: { [PROXIED_HOST]: '127.0.0.1' } });
});
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
  await proxy.close();
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  proxy.forget();
});

function clientWith(env: Record<string, string>, baseUrl: string = sandbox.url) {
  const pf = createEnvProxyFetch(env);
  closers.push(() => pf.close());
  return {
    pf,
    client: createApiClient({
      baseUrl,
      getKey: () => KEY,
      timeoutMs: 3000,
      log: createMemoryLogger(),
      ...(pf.fetch ? { fetch: pf.fetch } : {}),
    }),
  };
}

/** The sandbox under a name that only the proxy resolves. */
const proxiedUrl = (pathAndQuery: string) => `http://${PROXIED_HOST}:${new URL(sandbox.url).port}${pathAndQuery}`;

describe('browser host: HTTPS_PROXY / HTTP_PROXY / NO_PROXY', () => {
  it('sends a request for a non-loopback host through the proxy named in HTTP_PROXY', async () => {
    // Not the sandbox: it answers only its own loopback name (a Host check), and this
    // request names another host.
    const seen: string[] = [];
    const target = http.createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: SEED_ID }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const { pf } = clientWith({ HTTP_PROXY: proxy.url });
    expect(pf.fetch).toBeDefined();
    const url = `http://${PROXIED_HOST}:${(target.address() as AddressInfo).port}/api/v1/shop/complaint/detail?id=${SEED_ID}`;
    const res = await (pf.fetch as typeof fetch)(url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id?: string }).id).toBe(SEED_ID);
    expect(seen).toEqual([`${new URL(url).host} /api/v1/shop/complaint/detail?id=${SEED_ID}`]);
    expect([...proxy.connects, ...proxy.requests.map((u) => new URL(u).host)]).toContain(new URL(url).host);
    expect(pf.describe(url)).toEqual({ source: 'environment', via: 'proxy', proxy: proxy.url, variable: 'HTTP_PROXY' });
  });

  it('a proxy that is down makes a proxied host unreachable: no silent direct connection', async () => {
    const down = await startLoopbackProxy();
    const url = down.url;
    await down.close();
    const { pf } = clientWith({ HTTP_PROXY: url });
    await expect((pf.fetch as typeof fetch)(proxiedUrl('/api/v1/shop/complaint/detail'))).rejects.toThrow();
  });

  it.each([
    ['HTTP_PROXY only', {}],
    ['HTTPS_PROXY too', { HTTPS_PROXY: 'PROXY' }],
    ['NO_PROXY naming another host', { NO_PROXY: 'example.com' }],
    ['NO_PROXY empty', { NO_PROXY: '' }],
  ])('a loopback API is never proxied (%s): it reaches the API directly, the proxy sees nothing', async (_name, extra) => {
    const env: Record<string, string> = { HTTP_PROXY: proxy.url };
    for (const [k, v] of Object.entries(extra)) env[k] = v === 'PROXY' ? proxy.url : v;
    const port = new URL(sandbox.url).port;
    for (const base of [sandbox.url, `http://localhost:${port}`, `http://127.0.0.2:${port}`, `http://[::1]:${port}`]) {
      const { client, pf } = clientWith(env, base);
      const detail = await client.detail(SEED_ID);
      if (base.includes('[::1]') && !detail.ok && detail.error.kind === 'network') continue; // no IPv6 loopback here
      if (base.includes('127.0.0.2') && !detail.ok && detail.error.kind === 'network') continue; // the sandbox listens on 127.0.0.1 only
      expect(detail.ok, base).toBe(true);
      expect((await client.setStatus({ complaintId: SEED_ID, status: 'wait' })).ok).toBe(true);
      expect(pf.describe(base)).toMatchObject({ via: 'local', proxy: null });
    }
    expect(proxy.connects).toEqual([]);
    expect(proxy.requests).toEqual([]);
    expect(proxy.seen()).not.toMatch(/apiKey|authorization|bearer/i);
    expect(proxy.seen()).toBe('');
  });

  it('NO_PROXY naming the host goes direct (the proxy sees nothing)', async () => {
    const { client, pf } = clientWith({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    const detail = await client.detail(SEED_ID);
    expect(detail.ok).toBe(true);
    expect(proxy.connects).toEqual([]);
    expect(proxy.requests).toEqual([]);
    // Loopback: never proxied whatever NO_PROXY says; Settings calls it local.
    expect(pf.describe(sandbox.url)).toMatchObject({ source: 'environment', via: 'local', proxy: null });
  });

  it('without proxy variables the global fetch is used, direct', async () => {
    const { client, pf } = clientWith({});
    expect(pf.fetch).toBeUndefined();
    expect((await client.detail(SEED_ID)).ok).toBe(true);
    expect(proxy.connects).toEqual([]);
    expect(pf.describe(sandbox.url)).toEqual({ source: 'none', via: 'direct', proxy: null, variable: null });
  });
});
