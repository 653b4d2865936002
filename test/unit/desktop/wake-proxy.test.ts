/**
 * Issue 12: wake handling (electron/services/wake.ts, the monitor's probeNow and
 * onOsOnline), proxy selection (electron/services/proxy.ts), the net.fetch adapter
 * (electron/main/net-fetch.ts) and renderer errors into main's log (renderer-errors.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Connectivity, DeskEvent } from '../../../common/ipc-contract';
import { adaptNetFetch } from '../../../electron/main/net-fetch';
import { createConnectivityMonitor, type Timers } from '../../../electron/services/connectivity';
import { createMemoryLogger } from '../../../electron/services/logger';
import {
  describeChromiumProxy,
  describeEnvProxy,
  isExempt,
  proxyForUrl,
  proxySelectionFromEnv,
  withoutCredentials,
} from '../../../electron/services/proxy';
import { createRendererErrorLog, scrubRendererText } from '../../../electron/services/renderer-errors';
import { createWakeHandler } from '../../../electron/services/wake';

const neverTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

describe('wake: probe at once, then tell the renderer', () => {
  it('resume probes (even while the monitor believes it is online) and emits wake with the fresh answer', async () => {
    let reachable = false;
    let probes = 0;
    const events: DeskEvent[] = [];
    const m = createConnectivityMonitor({
      isOsOnline: () => true,
      probe: async () => {
        probes += 1;
        return reachable;
      },
      onChange: (s) => events.push({ type: 'connectivity', ...s }),
      timers: neverTimers,
    });
    expect(m.state().online).toBe(true);
    const wake = createWakeHandler({ probeNow: () => m.probeNow(), emit: (e) => events.push(e) });
    await wake.trigger('resume');
    expect(probes).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['connectivity', 'wake']);
    expect(events[1]).toMatchObject({ type: 'wake', online: false });
    reachable = true;
    await wake.trigger('unlock-screen');
    expect(probes).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'wake', online: true });
  });

  it('resume and unlock-screen together: one probe runs, one more after it, never a pile', async () => {
    let release: (v: Connectivity) => void = () => undefined;
    let probes = 0;
    const events: DeskEvent[] = [];
    const wake = createWakeHandler({
      probeNow: () => {
        probes += 1;
        return new Promise<Connectivity>((r) => (release = r));
      },
      emit: (e) => events.push(e),
    });
    const first = wake.trigger('resume');
    void wake.trigger('unlock-screen');
    void wake.trigger('network-back');
    expect(probes).toBe(1);
    release({ online: true, since: 'a' });
    await new Promise((r) => setImmediate(r));
    expect(probes).toBe(2);
    release({ online: true, since: 'b' });
    await first;
    expect(probes).toBe(2);
    expect(events).toEqual([
      { type: 'wake', online: true, since: 'a' },
      { type: 'wake', online: true, since: 'b' },
    ]);
  });

  it('the OS reporting the network back calls onOsOnline (services turn it into a wake)', async () => {
    let os = false;
    const due: Array<() => void> = [];
    let osOnline = 0;
    const m = createConnectivityMonitor({
      isOsOnline: () => os,
      probe: async () => true,
      onChange: () => undefined,
      onOsOnline: () => (osOnline += 1),
      timers: { setTimeout: (fn) => due.push(fn), clearTimeout: () => undefined },
      pollMs: 1000,
    });
    os = true;
    // Fire the poll timer (the first one armed).
    due.shift()?.();
    expect(osOnline).toBe(1);
    await m.probeNow();
    m.stop();
  });

  it('a probe failure in probeNow is not an exception for the handler', async () => {
    const log = createMemoryLogger();
    const wake = createWakeHandler({ probeNow: () => Promise.reject(new Error('boom')), emit: () => undefined, log });
    await expect(wake.trigger('resume')).resolves.toBeUndefined();
    expect(log.lines.join('\n')).toContain('wake: probe failed');
  });
});

describe('proxy selection from the environment (browser host)', () => {
  it('no proxy variables: direct', () => {
    expect(proxySelectionFromEnv({})).toBeNull();
    expect(describeEnvProxy(null, 'https://api.bizkithub.com')).toEqual({ source: 'none', via: 'direct', proxy: null, variable: null });
  });

  it('HTTPS_PROXY for https, HTTP_PROXY for http; https falls back to HTTP_PROXY; lower case wins', () => {
    const both = proxySelectionFromEnv({ HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' });
    expect(proxyForUrl(both, 'https://api.bizkithub.com')).toEqual({ proxy: 'http://s:1', variable: 'HTTPS_PROXY' });
    expect(proxyForUrl(both, 'http://127.0.0.1:8787')).toEqual({ proxy: 'http://p:2', variable: 'HTTP_PROXY' });
    const httpOnly = proxySelectionFromEnv({ HTTP_PROXY: 'http://p:2' });
    expect(proxyForUrl(httpOnly, 'https://api.bizkithub.com')).toEqual({ proxy: 'http://p:2', variable: 'HTTP_PROXY' });
    const lower = proxySelectionFromEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' });
    expect(proxyForUrl(lower, 'https://x.example')).toEqual({ proxy: 'http://lower:1', variable: 'https_proxy' });
  });

  it.each([
    ['', 'https://api.bizkithub.com', false],
    ['*', 'https://api.bizkithub.com', true],
    ['bizkithub.com', 'https://api.bizkithub.com', true],
    ['.bizkithub.com', 'https://api.bizkithub.com', true],
    ['*.bizkithub.com', 'https://api.bizkithub.com', true],
    ['kithub.com', 'https://api.bizkithub.com', false],
    ['api.bizkithub.com:8443', 'https://api.bizkithub.com', false],
    ['api.bizkithub.com:443', 'https://api.bizkithub.com', true],
    ['localhost, 127.0.0.1', 'http://127.0.0.1:8787', true],
    ['localhost', 'http://127.0.0.1:8787', false],
  ])('NO_PROXY=%j exempts %s: %s', (noProxy, url, exempt) => {
    expect(isExempt(noProxy, new URL(url))).toBe(exempt);
  });

  it('Settings never shows proxy credentials', () => {
    const sel = proxySelectionFromEnv({ HTTPS_PROXY: 'http://agent:s3cret@proxy.corp:3128' });
    const info = describeEnvProxy(sel, 'https://api.bizkithub.com');
    expect(info).toEqual({ source: 'environment', via: 'proxy', proxy: 'http://proxy.corp:3128', variable: 'HTTPS_PROXY' });
    expect(JSON.stringify(info)).not.toContain('s3cret');
    expect(withoutCredentials('agent:pw@proxy:8080')).toBe('proxy:8080');
  });
});

describe("the desktop app's proxy (Chromium's answer for the API URL)", () => {
  it.each([
    ['DIRECT', { source: 'system', via: 'direct', proxy: null, variable: null }],
    ['PROXY proxy.corp:3128; DIRECT', { source: 'system', via: 'proxy', proxy: 'http://proxy.corp:3128', variable: null }],
    ['HTTPS secure.corp:443', { source: 'system', via: 'proxy', proxy: 'https://secure.corp', variable: null }],
    ['SOCKS5 socks.corp:1080', { source: 'system', via: 'proxy', proxy: 'socks5://socks.corp:1080', variable: null }],
    ['', { source: 'system', via: 'direct', proxy: null, variable: null }],
  ])('%j', (resolved, info) => {
    expect(describeChromiumProxy(resolved)).toEqual(info);
  });
});

describe('net.fetch adapter', () => {
  it('passes URL objects as strings, never sends session credentials, keeps the init', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = [];
    const f = adaptNetFetch(async (input, init) => {
      calls.push({ input, init });
      return new Response('{}', { status: 200 });
    });
    const res = await f(new URL('https://api.bizkithub.com/x?apiKey=k'), { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(calls[0]).toEqual({ input: 'https://api.bizkithub.com/x?apiKey=k', init: { method: 'HEAD', redirect: 'manual', credentials: 'omit' } });
  });

  it('a manual redirect (Electron fails it as "Redirect was cancelled") becomes a 3xx answer, never followed', async () => {
    const f = adaptNetFetch(async () => {
      throw new Error('Redirect was cancelled');
    });
    expect((await f('https://api.bizkithub.com/', { redirect: 'manual' })).status).toBe(307);
    await expect(f('https://api.bizkithub.com/', { redirect: 'follow' })).rejects.toThrow(/cancelled/);
  });

  it('network failures stay failures', async () => {
    const f = adaptNetFetch(async () => {
      throw new Error('net::ERR_PROXY_CONNECTION_FAILED');
    });
    await expect(f('https://api.bizkithub.com/', { redirect: 'manual' })).rejects.toThrow(/PROXY_CONNECTION_FAILED/);
  });
});

describe('renderer errors into the main log', () => {
  const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';
  it('logged redacted: no key, no page token, no query strings', () => {
    const log = createMemoryLogger();
    const errors = createRendererErrorLog({ log });
    expect(
      errors.report({
        kind: 'unhandled-rejection',
        message: `TypeError: failed for ${KEY} at http://127.0.0.1:5199/?token=abc123secret`,
        stack: 'at f (http://127.0.0.1:5199/assets/index.js?v=1:10:5)',
        source: 'app://desk/assets/index.js#x',
      }),
    ).toBe(true);
    const text = log.lines.join('\n');
    expect(text).toContain('ERROR renderer error');
    expect(text).toContain('unhandled-rejection');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('abc123secret');
    expect(text).toContain('assets/index.js');
    expect(scrubRendererText('see https://x.test/a?b=c#d now')).toBe('see https://x.test/a now');
  });

  it('rate-limited: 10 a minute, the rest counted and logged once the next minute opens', () => {
    let now = 0;
    const log = createMemoryLogger();
    const errors = createRendererErrorLog({ log, now: () => now });
    const results = Array.from({ length: 25 }, (_, i) => errors.report({ kind: 'error', message: `boom ${i}` }));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(log.lines.filter((l) => l.includes('renderer error'))).toHaveLength(10);
    now = 60_000;
    expect(errors.report({ kind: 'error', message: 'later' })).toBe(true);
    expect(log.lines.join('\n')).toMatch(/renderer errors not logged \(rate limit\) count=15/);
  });

  it('bounded: long messages and stacks are cut', () => {
    const log = createMemoryLogger();
    createRendererErrorLog({ log }).report({ kind: 'error', message: 'x'.repeat(2000), stack: Array.from({ length: 50 }, (_, i) => `line${i}`).join('\n') });
    const line = log.lines[0] ?? '';
    expect(line).not.toContain('x'.repeat(501));
    expect(line).toContain('line11');
    expect(line).not.toContain('line12');
  });
});
