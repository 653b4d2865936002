/**
 * The browser host's proxy path, for real: undici's EnvHttpProxyAgent (built from the
 * environment by electron/browser-host/proxy-fetch.ts) carries the API client's requests
 * to the sandbox through a small proxy on loopback that this test starts.
 *
 * What this proves: with HTTP_PROXY set, every API request goes through the proxy (a
 * CONNECT tunnel to the sandbox's host:port), a proxy that is down makes the API
 * unreachable (no silent direct fallback), and NO_PROXY exempts a host. What it does not:
 * an HTTPS target (the sandbox speaks http on loopback; undici tunnels both with CONNECT,
 * so the proxy leg is the same), a proxy that needs authentication, PAC files (the
 * desktop app's net.fetch handles PAC; that needs a real Electron).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnvProxyFetch } from '../../electron/browser-host/proxy-fetch';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { createApiClient } from '../../electron/services/api-client';
import { createMemoryLogger } from '../../electron/services/logger';
import { startLoopbackProxy, type LoopbackProxy } from '../support/loopback-proxy';

const KEY = 'DEV_integrationTestKey0000000001';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;

let sandbox: Sandbox;
let proxy: LoopbackProxy;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  proxy = await startLoopbackProxy();
});
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
  await proxy.close();
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  proxy.connects.length = 0;
  proxy.requests.length = 0;
});

function clientWith(env: Record<string, string>) {
  const pf = createEnvProxyFetch(env);
  closers.push(() => pf.close());
  return {
    pf,
    client: createApiClient({
      baseUrl: sandbox.url,
      getKey: () => KEY,
      timeoutMs: 3000,
      log: createMemoryLogger(),
      ...(pf.fetch ? { fetch: pf.fetch } : {}),
    }),
  };
}

const sandboxHostPort = () => new URL(sandbox.url).host;

describe('browser host: HTTPS_PROXY / HTTP_PROXY / NO_PROXY', () => {
  it('sends every API request through the proxy named in HTTP_PROXY (no NO_PROXY, loopback included)', async () => {
    const { client, pf } = clientWith({ HTTP_PROXY: proxy.url });
    expect(pf.fetch).toBeDefined();
    const detail = await client.detail(SEED_ID);
    expect(detail.ok).toBe(true);
    const sent = await client.setStatus({ complaintId: SEED_ID, status: 'wait' });
    expect(sent.ok).toBe(true);
    expect(proxy.connects.length + proxy.requests.length).toBeGreaterThanOrEqual(1);
    expect([...proxy.connects, ...proxy.requests.map((u) => new URL(u).host)]).toContain(sandboxHostPort());
    // The change really reached the sandbox through the tunnel.
    const after = await client.detail(SEED_ID);
    expect(after.ok && after.value.status).toBe('wait');
    expect(pf.describe(sandbox.url)).toEqual({ source: 'environment', via: 'proxy', proxy: proxy.url, variable: 'HTTP_PROXY' });
  });

  it('a proxy that is down makes the API unreachable: no silent direct connection', async () => {
    const down = await startLoopbackProxy();
    const url = down.url;
    await down.close();
    const { client } = clientWith({ HTTP_PROXY: url });
    const detail = await client.detail(SEED_ID);
    expect(detail.ok).toBe(false);
    expect(!detail.ok && detail.error.kind).toBe('network');
  });

  it('NO_PROXY naming the host goes direct (the proxy sees nothing)', async () => {
    const { client, pf } = clientWith({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    const detail = await client.detail(SEED_ID);
    expect(detail.ok).toBe(true);
    expect(proxy.connects).toEqual([]);
    expect(proxy.requests).toEqual([]);
    expect(pf.describe(sandbox.url)).toMatchObject({ source: 'environment', via: 'direct', proxy: null });
  });

  it('without proxy variables the global fetch is used, direct', async () => {
    const { client, pf } = clientWith({});
    expect(pf.fetch).toBeUndefined();
    expect((await client.detail(SEED_ID)).ok).toBe(true);
    expect(proxy.connects).toEqual([]);
    expect(pf.describe(sandbox.url)).toEqual({ source: 'none', via: 'direct', proxy: null, variable: null });
  });
});
