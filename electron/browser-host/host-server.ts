/**
 * The browser host's HTTP server (dev/test tool, never packaged): serves the built
 * renderer with the app's CSP, injects the page bridge, and carries the IPC contract
 * over one WebSocket (`/__host/ipc-socket`, ./ipc-socket.ts: any number of calls in
 * flight) or `POST /__host/ipc/<channel>` (the fallback), plus Server-Sent Events on
 * `GET /__host/events`.
 *
 * Guards, in order, on every request: the Host header must be `127.0.0.1:<port>` or
 * `localhost:<port>` (DNS rebinding); IPC and events need the per-run token (header
 * `X-Desk-Token`, or `?token=` for EventSource, which cannot send headers); IPC calls
 * must be same-origin JSON of at most 1 MiB. It listens on 127.0.0.1 only.
 *
 * Slow or greedy clients are bounded (`HostLimits`): headers must arrive within 10 s and
 * a whole request within 30 s (Node's default is 5 minutes), an idle socket is closed
 * after 2 minutes (not the event stream, which is kept alive), and at most 64 connections
 * are open at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createDispatcher, type DispatchTarget } from '../ipc/dispatch';
import { readAppFile } from '../shared/static-files';
import type { Logger } from '../services/logger';
import { bundleBridge } from './bundle-bridge';
import { createEventStream, type DeskEventSource } from './event-stream';
import { handleHttpIpc } from './http-ipc';
import { attachIpcSocket } from './ipc-socket';
import { createBoundedServer, DEFAULT_HOST_LIMITS, type HostLimits } from './limits';
import { SECURITY_HEADERS, firstHeader, send, sendJson, sendText } from './responses';

export { DEFAULT_HOST_LIMITS, type HostLimits } from './limits';
export { createEventHub, type DeskEventHub, type DeskEventSource } from './event-stream';
export { MAX_BODY_BYTES, TOKEN_HEADER } from './http-ipc';

export const HOST_PREFIX = '/__host/';
export const BRIDGE_PATH = '/__host/bridge.js';
export const IPC_PATH_PREFIX = '/__host/ipc/';
export const EVENTS_PATH = '/__host/events';
export const HEALTH_PATH = '/__host/health';
export const BRIDGE_SCRIPT_TAG = `<script src="${BRIDGE_PATH}"></script>`;

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  services: DispatchTarget;
  log: Logger;
  /** Per-run secret; generated with crypto.randomBytes when absent. */
  token?: string;
  /** Events to forward to the page over SSE. */
  events?: DeskEventSource;
  /** The bundled page bridge; bundled with esbuild at start when absent. */
  bridgeScript?: string;
  /** Interval of SSE keep-alive comments (default 15 s). */
  keepAliveMs?: number;
  /** Overrides of DEFAULT_HOST_LIMITS (tests use short ones). */
  limits?: Partial<HostLimits>;
}

export interface BrowserHost {
  /** The page to open, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Puts the bridge script before the app's first script (or at the end of <head>). */
export function injectBridge(html: string): string {
  const firstScript = html.search(/<script\b/i);
  if (firstScript !== -1) {
    return `${html.slice(0, firstScript)}${BRIDGE_SCRIPT_TAG}\n    ${html.slice(firstScript)}`;
  }
  const headEnd = html.search(/<\/head>/i);
  if (headEnd !== -1) return `${html.slice(0, headEnd)}  ${BRIDGE_SCRIPT_TAG}\n  ${html.slice(headEnd)}`;
  return `${BRIDGE_SCRIPT_TAG}\n${html}`;
}

function tokensEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The built renderer, its index page with the bridge injected. */
async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rendererDir: string, rawUrl: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed.');
    return;
  }
  const headOnly = req.method === 'HEAD';
  const file = await readAppFile(rendererDir, rawUrl);
  if (file === null) {
    // Browsers ask for a favicon on their own; without one, answer "nothing" rather
    // than a 404 that shows up as a console error in every page load.
    if (rawUrl.split('?')[0] === '/favicon.ico') {
      res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' });
      res.end();
      return;
    }
    sendText(res, 404, 'Not found.');
    return;
  }
  if (file.isIndex) {
    const html = injectBridge(file.body.toString('utf8'));
    send(res, 200, html, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store' }, headOnly);
    return;
  }
  send(res, 200, file.body, { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' }, headOnly);
}

function checkToken(token: string): void {
  if (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error('The browser host token must be at least 16 URL-safe characters.');
  }
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { log } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  checkToken(token);
  const rendererDir = path.resolve(options.rendererDir);
  const bridgeScript = options.bridgeScript ?? (await bundleBridge());
  const dispatch = createDispatcher(options.services, log);
  const isValidToken = (given: string | undefined): boolean => tokensEqual(given, token);

  // Known once the port is: the Host and Origin a request must carry.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const isAllowedOrigin = (origin: string): boolean => allowedOrigins.has(origin);
  const events = createEventStream({ events: options.events, isValidToken, keepAliveMs: options.keepAliveMs ?? 15_000, log });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const hostHeader = (firstHeader(req.headers.host) ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) {
      log.warn('Browser host refused a request for another Host', { host: hostHeader.slice(0, 100) });
      sendText(res, 403, 'Forbidden host.');
      return;
    }
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const headOnly = req.method === 'HEAD';
    if (rawPath === HEALTH_PATH) return sendJson(res, 200, { ok: true }, headOnly);
    if (rawPath === BRIDGE_PATH) {
      return send(res, 200, bridgeScript, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }, headOnly);
    }
    if (rawPath === EVENTS_PATH) return events.handle(req, res, new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)));
    if (rawPath.startsWith(IPC_PATH_PREFIX)) {
      return handleHttpIpc(req, res, rawPath.slice(IPC_PATH_PREFIX.length), { isAllowedOrigin, isValidToken, dispatch, log });
    }
    if (rawPath.startsWith(HOST_PREFIX)) return sendText(res, 404, 'Not found.');
    await handleStatic(req, res, rendererDir, rawUrl);
  }

  const server = createBoundedServer({ ...DEFAULT_HOST_LIMITS, ...options.limits }, log, (req, res) => {
    handle(req, res).catch((cause: unknown) => {
      log.error('Browser host request failed', { error: cause });
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  const ipcSocket = attachIpcSocket(server, {
    isAllowedHost: (host) => allowedHosts.has(host),
    isAllowedOrigin,
    isValidToken,
    dispatch,
    log,
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error) => reject(cause);
    server.once('error', onError);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  }).catch((cause: unknown) => {
    events.close();
    throw cause;
  });
  server.on('error', (cause) => log.error('Browser host server error', { error: cause }));

  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  log.info('Browser host listening', { origin });

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        events.close();
        ipcSocket.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
