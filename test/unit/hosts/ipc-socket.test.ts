/**
 * The browser host's IPC socket (electron/browser-host/ipc-socket.ts) against a real host
 * on 127.0.0.1: many calls in flight on one socket, and the same guards as the HTTP route
 * (Host, Origin, token), plus refusing anything that is not an IPC call.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ok } from '../../../common/result';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/host-server';
import { IPC_SOCKET_PATH, MAX_SOCKET_MESSAGE_BYTES } from '../../../electron/browser-host/ipc-socket';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createFakeServices } from './fake-handlers';

let tmp: string;
let host: BrowserHost;
let inFlight = 0;
let peakInFlight = 0;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-socket-test-'));
  mkdirSync(path.join(tmp, 'renderer'), { recursive: true });
  writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
  host = await startBrowserHost({
    port: 0,
    rendererDir: path.join(tmp, 'renderer'),
    log: createMemoryLogger(),
    bridgeScript: '/* bridge */',
    services: createFakeServices({
      setComplaintStatus: async () => {
        inFlight += 1;
        peakInFlight = Math.max(peakInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight -= 1;
        return ok({ success: true as const });
      },
    }),
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function connect(o: { token?: string; origin?: string | null; hostHeader?: string; path?: string } = {}): WebSocket {
  const token = o.token ?? host.token;
  const url = `ws://127.0.0.1:${host.port}${o.path ?? IPC_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
  const headers: Record<string, string> = {};
  if (o.hostHeader !== undefined) headers.Host = o.hostHeader;
  return new WebSocket(url, {
    headers,
    ...(o.origin === null ? {} : { origin: o.origin ?? host.origin }),
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

/** The HTTP status a refused handshake got. */
function refusedWith(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the handshake was accepted')));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function closedWith(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

type Reply = { id: number; reply: { ok: boolean; value?: unknown; error?: { kind: string } } };

function call(ws: WebSocket, id: number, channel: string, input?: unknown): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Reply;
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify(input === undefined ? { id, channel } : { id, channel, input }));
  });
}

describe('IPC over one WebSocket', () => {
  it('answers every call by id, many in flight at once on one socket', async () => {
    const ws = connect();
    await opened(ws);
    peakInFlight = 0;
    const calls = Array.from({ length: 12 }, (_, i) =>
      call(ws, i + 1, 'complaints:set-status', { complaintId: `C-${i}`, status: 'open', destination: 'demo' }),
    );
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(replies.every((r) => r.reply.ok)).toBe(true);
    expect(peakInFlight).toBe(12); // the six-connections-per-host limit of HTTP does not apply
    expect(await call(ws, 99, 'app:get-info', {})).toMatchObject({ id: 99, reply: { ok: true } });
    expect(await call(ws, 100, 'complaints:set-status', { complaintId: 'C-1', status: 'nope' })).toMatchObject({
      reply: { ok: false, error: { kind: 'bad-request' } },
    });
    expect(await call(ws, 101, 'no:such-channel')).toMatchObject({ reply: { ok: false, error: { kind: 'bad-request' } } });
    ws.close();
  });

  it.each([
    ['a wrong token', { token: 'x'.repeat(43) }],
    ['no token', { token: '' }],
    ['another origin', { origin: 'http://evil.example' }],
    ['another port as origin', { origin: 'http://127.0.0.1:1' }],
    ['no origin at all', { origin: null }],
    ['another Host (DNS rebinding)', { hostHeader: 'evil.example' }],
  ] as const)('refuses the handshake with %s', async (_name, over) => {
    expect(await refusedWith(connect(over))).toBe(403);
  });

  it('refuses another path', async () => {
    expect(await refusedWith(connect({ path: '/__host/ipc/app%3Aget-info' }))).toBe(404);
  });

  it.each([
    ['binary', (ws: WebSocket) => ws.send(Buffer.from([1, 2, 3])), 1003],
    ['invalid UTF-8', (ws: WebSocket) => ws.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: false }), 1007],
    ['not JSON', (ws: WebSocket) => ws.send('hello'), 1007],
    ['JSON that is not a call', (ws: WebSocket) => ws.send(JSON.stringify({ channel: 'app:get-info' })), 1007],
    ['a call with extra fields', (ws: WebSocket) => ws.send(JSON.stringify({ id: 1, channel: 'app:get-info', x: 1 })), 1007],
    ['more than 1 MiB', (ws: WebSocket) => ws.send('x'.repeat(MAX_SOCKET_MESSAGE_BYTES + 1)), 1009],
  ] as const)('closes the socket on %s', async (_name, send, code) => {
    const ws = connect();
    await opened(ws);
    const closed = closedWith(ws);
    send(ws);
    expect(await closed).toBe(code);
  });
});
