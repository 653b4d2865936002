/**
 * The browser host against slow and greedy clients, over real sockets: headers and bodies
 * that trickle in are cut off (408) instead of being held for Node's default 5 minutes,
 * idle sockets are closed, connections beyond the cap are refused, and the event stream
 * (long-lived on purpose) is not cut by any of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventHub,
  DEFAULT_HOST_LIMITS,
  IPC_PATH_PREFIX,
  startBrowserHost,
  TOKEN_HEADER,
  type BrowserHost,
  type HostLimits,
} from '../../electron/browser-host/host-server';
import { createMemoryLogger } from '../../electron/services/logger';
import { createFakeServices } from '../unit/hosts/fake-handlers';

let rendererDir: string;
beforeAll(() => {
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'desk-limits-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

const hub = createEventHub();
const open: BrowserHost[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(open.splice(0).map((host) => host.close()));
});

async function start(limits?: Partial<HostLimits>, keepAliveMs?: number): Promise<BrowserHost> {
  const host = await startBrowserHost({
    port: 0,
    rendererDir,
    services: createFakeServices(),
    log: createMemoryLogger(),
    bridgeScript: '/* limits */',
    events: hub,
    ...(limits ? { limits } : {}),
    ...(keepAliveMs !== undefined ? { keepAliveMs } : {}),
  });
  open.push(host);
  return host;
}

interface Conn {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection; with the ms it took. */
  closed: Promise<{ text: string; afterMs: number }>;
  received(): string;
}

function connect(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    const started = Date.now();
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const closed = new Promise<{ text: string; afterMs: number }>((done) =>
      socket.once('close', () => done({ text, afterMs: Date.now() - started })),
    );
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed, received: () => text }));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SHORT: Partial<HostLimits> = { headersTimeoutMs: 400, requestTimeoutMs: 900, idleTimeoutMs: 5_000, checkIntervalMs: 100 };

describe('browser host limits', () => {
  it('defaults: far below Node’s 5 minutes, and a modest connection cap', () => {
    expect(DEFAULT_HOST_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(DEFAULT_HOST_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_HOST_LIMITS.idleTimeoutMs).toBeLessThanOrEqual(120_000);
    expect(DEFAULT_HOST_LIMITS.checkIntervalMs).toBeLessThanOrEqual(1_000);
    expect(DEFAULT_HOST_LIMITS.maxConnections).toBeGreaterThanOrEqual(16);
    expect(DEFAULT_HOST_LIMITS.maxConnections).toBeLessThanOrEqual(64);
  });

  it('headers that trickle in are answered 408 and closed after headersTimeout', async () => {
    const host = await start(SHORT);
    const conn = await connect(host.port);
    conn.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`);
    // Keep the socket busy so that only the headers timeout can end it.
    const drip = setInterval(() => conn.socket.write('X-Slow: 1\r\n'), 100);
    try {
      const { text, afterMs } = await conn.closed;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeGreaterThanOrEqual(300);
      expect(afterMs).toBeLessThan(3_000);
    } finally {
      clearInterval(drip);
    }
  });

  it('a body that trickles in is cut off after requestTimeout, not held', async () => {
    const host = await start(SHORT);
    const conn = await connect(host.port);
    const body = JSON.stringify({ pending: 1 });
    conn.socket.write(
      `POST ${IPC_PATH_PREFIX}app%3Areport-pending HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n` +
        `Origin: ${host.origin}\r\nContent-Type: application/json\r\n${TOKEN_HEADER}: ${host.token}\r\n` +
        `Content-Length: ${body.length + 1000}\r\n\r\n`,
    );
    let sent = 0;
    const drip = setInterval(() => {
      if (!conn.socket.destroyed) conn.socket.write(sent < body.length ? body[sent++]! : ' ');
    }, 50);
    try {
      const { text, afterMs } = await conn.closed;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeGreaterThanOrEqual(700);
      expect(afterMs).toBeLessThan(4_000);
    } finally {
      clearInterval(drip);
    }
  });

  it('a connection that sends nothing is closed', async () => {
    const host = await start({ ...SHORT, idleTimeoutMs: 600 });
    const conn = await connect(host.port);
    const { afterMs } = await conn.closed;
    expect(afterMs).toBeLessThan(3_000);
  });

  it('a normal request on the same limits is answered', async () => {
    const host = await start(SHORT);
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
  });

  it('refuses connections beyond maxConnections, and serves again once one closes', async () => {
    const host = await start({ maxConnections: 3, headersTimeoutMs: 10_000, requestTimeoutMs: 10_000 });
    const held = await Promise.all([connect(host.port), connect(host.port), connect(host.port)]);
    await sleep(100); // the server has accepted all three
    const extra = await connect(host.port);
    extra.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    const { text, afterMs } = await extra.closed;
    expect(text).toBe('');
    expect(afterMs).toBeLessThan(2_000);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(100);
    const res = await fetch(`${host.origin}/`, { headers: { Connection: 'close' } });
    expect(res.status).toBe(200);
  });

  it('the default cap applies when no limits are given', async () => {
    const host = await start();
    const held = await Promise.all(Array.from({ length: DEFAULT_HOST_LIMITS.maxConnections }, () => connect(host.port)));
    await sleep(200);
    const extra = await connect(host.port);
    const { text } = await extra.closed;
    expect(text).toBe('');
    expect(held.every((c) => !c.socket.destroyed)).toBe(true);
  });

  it('the event stream outlives the request and idle timeouts', async () => {
    const host = await start({ ...SHORT, idleTimeoutMs: 300 }, 60_000);
    const conn = await connect(host.port);
    conn.socket.write(`GET /__host/events?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    await sleep(1_500); // longer than every limit above, with no keep-alive comment in between
    expect(conn.socket.destroyed).toBe(false);
    hub.emit({ type: 'open-complaint', id: 'u19tor9ukid7jbpo' });
    await sleep(100);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(conn.received()).toContain('u19tor9ukid7jbpo');
  });
});
