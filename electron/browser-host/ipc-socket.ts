/**
 * The browser host's IPC over one WebSocket (dev/test tool, never packaged).
 *
 * Why: browsers open at most six HTTP/1.1 connections per host, and the event stream
 * holds one for good, so `POST /__host/ipc/<channel>` let at most five calls be in flight:
 * the sync engine's lanes queued in the browser, not at the API (a drain of 1,000 changes
 * could never be more than ~4× faster than one-at-a-time replay). Electron's IPC has no
 * such limit; one socket carrying any number of calls, each answered by id, is the
 * browser host's equivalent. The HTTP route stays as the fallback.
 *
 * The same guards as the HTTP route, on the upgrade request: the Host header names this
 * host (DNS rebinding), the Origin is this host's (browsers always send it on WebSocket
 * handshakes; a cross-site page cannot forge it), and the per-run token is given. Each
 * message is strict UTF-8 JSON `{ id, channel, input? }` of at most 1 MiB; the reply is
 * `{ id, reply }` where `reply` is the dispatcher's Result. A message that is not that
 * closes the socket (the page's bridge then falls back or reconnects).
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import type { DeskError } from '../../common/errors';
import type { Result } from '../../common/result';
import type { Logger } from '../services/logger';

export const IPC_SOCKET_PATH = '/__host/ipc-socket';
export const MAX_SOCKET_MESSAGE_BYTES = 1024 * 1024;
/** A ping this often finds a dead peer (a closed laptop lid) and keeps idle sockets open. */
const PING_INTERVAL_MS = 30_000;

const CallSchema = z
  .object({
    id: z.number().int().min(0).max(2 ** 31),
    channel: z.string().min(1).max(200),
    input: z.unknown().optional(),
  })
  .strict();

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface IpcSocketOptions {
  isAllowedHost(host: string): boolean;
  isAllowedOrigin(origin: string): boolean;
  isValidToken(token: string | undefined): boolean;
  dispatch(channel: string, input: unknown): Promise<Result<unknown, DeskError>>;
  log: Logger;
}

export interface IpcSocket {
  /** Ends every open socket. */
  close(): void;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`);
}

function messageText(data: RawData): string | null {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** Serves IPC calls on `GET /__host/ipc-socket?token=…` upgraded to a WebSocket. */
export function attachIpcSocket(server: http.Server, o: IpcSocketOptions): IpcSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_MESSAGE_BYTES, perMessageDeflate: false });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!o.isAllowedHost(host)) {
      o.log.warn('Browser host refused an IPC socket for another Host', { host: host.slice(0, 100) });
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname !== IPC_SOCKET_PATH) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !o.isAllowedOrigin(origin)) {
      o.log.warn('Browser host refused an IPC socket from another origin');
      refuse(socket, 403, 'Forbidden');
      return;
    }
    if (!o.isValidToken(url.searchParams.get('token') ?? undefined)) {
      o.log.warn('Browser host refused an IPC socket without a valid token');
      refuse(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req));
  });

  function serve(ws: WebSocket, req: http.IncomingMessage): void {
    // Long-lived on purpose: the host's idle timeout is for HTTP requests, pings cover this.
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    ping.unref();
    ws.on('close', () => clearInterval(ping));
    ws.on('error', (cause) => o.log.warn('IPC socket error', { error: cause }));

    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'Text messages only.');
        return;
      }
      const text = messageText(data);
      if (text === null) {
        ws.close(1007, 'Not valid UTF-8.');
        return;
      }
      let parsed: z.infer<typeof CallSchema>;
      try {
        const call = CallSchema.safeParse(JSON.parse(text));
        if (!call.success) throw new Error('not a call');
        parsed = call.data;
      } catch {
        ws.close(1007, 'Not an IPC call.');
        return;
      }
      void o
        .dispatch(parsed.channel, parsed.input)
        .catch((cause: unknown): Result<unknown, DeskError> => {
          o.log.error('IPC socket call failed', { error: cause });
          return { ok: false, error: { kind: 'internal', message: 'The call failed inside the host; details are in its log.' } };
        })
        .then((reply) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: parsed.id, reply }));
        });
    });
  }

  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
