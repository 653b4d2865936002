/**
 * The browser host end to end in Node: a real HTTP server on 127.0.0.1 with the real
 * dispatcher, a fake set of handlers and a tiny renderer folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDeskApi, type DeskEvent } from '../../../common/ipc-contract';
import { ok } from '../../../common/result';
import {
  BRIDGE_SCRIPT_TAG,
  createEventHub,
  injectBridge,
  startBrowserHost,
  type BrowserHost,
} from '../../../electron/browser-host/host-server';
import { createMemoryLogger } from '../../../electron/services/logger';
import { CONTENT_SECURITY_POLICY } from '../../../electron/shared/content-policy';
import { createFakeServices } from './fake-handlers';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Complaints Desk</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-abc.css">
  </head>
  <body><div id="app"></div></body>
</html>
`;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request: no URL normalisation (fetch would resolve `..` itself) and any Host header. */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let tmp: string;
let rendererDir: string;
let host: BrowserHost;
const hub = createEventHub();
const log = createMemoryLogger();
const setStatus = vi.fn(async () => ok({ success: true as const }));

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-host-test-'));
  rendererDir = path.join(tmp, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    services: createFakeServices({ setComplaintStatus: setStatus }),
    log,
    events: hub,
    bridgeScript: '/* bridge */ window.desk = {};',
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(host.port, {
    method: 'POST',
    path: `/__host/ipc/${encodeURIComponent(channel)}`,
    headers: { 'Content-Type': 'application/json', 'X-Desk-Token': host.token, ...headers },
    body: JSON.stringify(body),
  });

describe('startBrowserHost', () => {
  it('listens on 127.0.0.1 with a random token and reports the URL', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('health needs no token', async () => {
    const res = await raw(host.port, { path: '/__host/health' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it('serves index.html with the CSP and the bridge injected before the app script', async () => {
    const res = await raw(host.port, { path: `/?token=${host.token}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const bridgeAt = res.body.indexOf(BRIDGE_SCRIPT_TAG);
    const appAt = res.body.indexOf('<script type="module"');
    expect(bridgeAt).toBeGreaterThan(-1);
    expect(bridgeAt).toBeLessThan(appAt);
    // No inline script anywhere.
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  it('serves assets with their content type and the CSP', async () => {
    const res = await raw(host.port, { path: '/assets/index-abc.js' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a missing favicon with 204, not a console-visible 404', async () => {
    const res = await raw(host.port, { path: '/favicon.ico' });
    expect(res.status).toBe(204);
  });

  it('HEAD gets the headers without a body', async () => {
    const res = await raw(host.port, { method: 'HEAD', path: '/' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body).toBe('');
  });

  it('refuses other methods on static files', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/index.html', body: 'x' });
    expect(res.status).toBe(405);
  });

  it('serves the bridge script', async () => {
    const res = await raw(host.port, { path: '/__host/bridge.js' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.body).toContain('window.desk');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/index.html%00.js',
    '//etc/passwd',
    '/assets/link.txt',
    '/missing.js',
    '/assets',
  ])('refuses %s', async (p) => {
    const res = await raw(host.port, { path: p });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it.each(['evil.com', `evil.com:${0}`, '127.0.0.1', '127.0.0.1:1', 'localhost', '[::1]'])(
    'refuses Host: %s (DNS rebinding)',
    async (hostHeader) => {
      for (const p of ['/', '/__host/health', '/__host/bridge.js']) {
        const res = await raw(host.port, { path: p, headers: { Host: hostHeader } });
        expect(res.status).toBe(403);
      }
      const res = await ipc('app:get-info', {}, { Host: hostHeader });
      expect(res.status).toBe(403);
    },
  );

  it('accepts Host: localhost:<port>', async () => {
    const res = await raw(host.port, { path: '/__host/health', headers: { Host: `localhost:${host.port}` } });
    expect(res.status).toBe(200);
  });

  it('an IPC call round-trips through the dispatcher', async () => {
    const res = await ipc('complaints:set-status', { complaintId: 'C-7', status: 'wait', destination: 'demo' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { success: true } });
    expect(setStatus).toHaveBeenCalledWith({ complaintId: 'C-7', status: 'wait', destination: 'demo' });
  });

  it('bad input comes back as a bad-request Result', async () => {
    const res = await ipc('complaints:set-status', { complaintId: 'C-7', status: 'nope', destination: 'demo' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it.each([
    ['no token', {} as Record<string, string>],
    ['wrong token', { 'X-Desk-Token': 'x'.repeat(43) }],
    ['empty token', { 'X-Desk-Token': '' }],
  ])('IPC with %s → 403 forbidden', async (_name, headers) => {
    const res = await raw(host.port, {
      method: 'POST',
      path: '/__host/ipc/app%3Aget-info',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('IPC token in the query string is not enough', async () => {
    const res = await raw(host.port, {
      method: 'POST',
      path: `/__host/ipc/app%3Aget-info?token=${host.token}`,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('IPC from another origin → 403', async () => {
    const res = await ipc('app:get-info', {}, { Origin: 'http://evil.com' });
    expect(res.status).toBe(403);
  });

  it('IPC needs POST and JSON', async () => {
    const get = await raw(host.port, { path: '/__host/ipc/app%3Aget-info', headers: { 'X-Desk-Token': host.token } });
    expect(get.status).toBe(405);
    const form = await raw(host.port, {
      method: 'POST',
      path: '/__host/ipc/app%3Aget-info',
      headers: { 'Content-Type': 'text/plain', 'X-Desk-Token': host.token },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await raw(host.port, {
      method: 'POST',
      path: '/__host/ipc/app%3Aget-info',
      headers: { 'Content-Type': 'application/json', 'X-Desk-Token': host.token },
      body: '{nope',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('refuses bodies over 1 MiB', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10), body: '' });
    const res = await raw(host.port, {
      method: 'POST',
      path: '/__host/ipc/app%3Anotify',
      headers: { 'Content-Type': 'application/json', 'X-Desk-Token': host.token },
      body: big,
    });
    expect(res.status).toBe(413);
  });

  it('unknown channel → bad-request Result', async () => {
    const res = await ipc('no:such-channel', {});
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('the event stream needs the token', async () => {
    const none = await raw(host.port, { path: '/__host/events' });
    expect(none.status).toBe(403);
    const wrong = await raw(host.port, { path: `/__host/events?token=${'y'.repeat(43)}` });
    expect(wrong.status).toBe(403);
  });

  it('SSE delivers an emitted event', async () => {
    const event: DeskEvent = { type: 'open-complaint', id: 'C-42' };
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: host.port, path: `/__host/events?token=${host.token}` },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            if (buffer.includes(': connected')) hub.emit(event);
            const match = /^data: (.*)$/m.exec(buffer);
            if (match?.[1]) {
              resolve(match[1]);
              req.destroy();
            }
          });
        },
      );
      req.on('error', reject);
    });
    expect(JSON.parse(received)).toEqual(event);
  });

  it('createDeskApi over the HTTP channel works like the page bridge', async () => {
    const desk = createDeskApi(
      async (channel, input) => {
        const res = await fetch(`${host.origin}/__host/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Desk-Token': host.token },
          body: JSON.stringify(input),
        });
        return res.json();
      },
      () => () => undefined,
    );
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { host: 'browser', mode: 'demo' } });
  });
});

describe('injectBridge', () => {
  it('falls back to the end of <head> without scripts, and to the top without <head>', () => {
    expect(injectBridge('<html><head><title>x</title></head></html>')).toMatch(
      new RegExp(`${BRIDGE_SCRIPT_TAG.replace(/[/.]/g, '\\$&')}\\s*</head>`),
    );
    expect(injectBridge('<p>hi</p>').startsWith(BRIDGE_SCRIPT_TAG)).toBe(true);
  });
});

describe('startBrowserHost token', () => {
  it('refuses a weak token', async () => {
    await expect(
      startBrowserHost({
        port: 0,
        rendererDir: '/nonexistent',
        services: createFakeServices(),
        log: createMemoryLogger(),
        token: 'short',
        bridgeScript: '',
      }),
    ).rejects.toThrow(/token/);
  });
});

describe('SSE keep-alive', () => {
  it('sends keep-alive comments on an idle stream', async () => {
    const idle = await startBrowserHost({
      port: 0,
      rendererDir: '/nonexistent',
      services: createFakeServices(),
      log: createMemoryLogger(),
      events: createEventHub(),
      bridgeScript: '',
      keepAliveMs: 30,
    });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: idle.port, path: `/__host/events?token=${idle.token}` }, (res) => {
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            if (buffer.includes(': keep-alive')) {
              resolve(buffer);
              req.destroy();
            }
          });
        });
        req.on('error', reject);
      });
      expect(text).toContain(': keep-alive\n\n');
    } finally {
      await idle.close();
    }
  });
});
