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
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DeskError } from '../../common/errors';
import { DeskEventSchema, type DeskEvent, type DeskHandlers } from '../../common/ipc-contract';
import { err, type Result } from '../../common/result';
import { createDispatcher } from '../ipc/dispatch';
import { CONTENT_SECURITY_POLICY } from '../shared/content-policy';
import { readBody } from '../shared/http-body';
import { readAppFile } from '../shared/static-files';
import type { Logger } from '../services/logger';
import { bundleBridge } from './bundle-bridge';
import { attachIpcSocket } from './ipc-socket';
import { createBoundedServer, DEFAULT_HOST_LIMITS, type HostLimits } from './limits';

export { DEFAULT_HOST_LIMITS, type HostLimits } from './limits';

export const HOST_PREFIX = '/__host/';
export const BRIDGE_PATH = '/__host/bridge.js';
export const IPC_PATH_PREFIX = '/__host/ipc/';
export const EVENTS_PATH = '/__host/events';
export const HEALTH_PATH = '/__host/health';
export const TOKEN_HEADER = 'x-desk-token';
export const MAX_BODY_BYTES = 1024 * 1024;
export const BRIDGE_SCRIPT_TAG = `<script src="${BRIDGE_PATH}"></script>`;


/** Where `DeskEvent`s come from (the services' `emit`, through an event hub). */
export interface DeskEventSource {
  subscribe(listener: (event: DeskEvent) => void): () => void;
}

export interface DeskEventHub extends DeskEventSource {
  emit(event: DeskEvent): void;
}

/** A tiny fan-out: the services emit into it, every SSE client listens to it. */
export function createEventHub(): DeskEventHub {
  const listeners = new Set<(event: DeskEvent) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken client must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  services: { handlers: DeskHandlers };
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

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * IPC bodies are decoded strictly: invalid UTF-8 is refused instead of being replaced by
 * U+FFFD and dispatched (a complaint text would reach the API silently altered).
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { log } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error('The browser host token must be at least 16 URL-safe characters.');
  }
  const rendererDir = path.resolve(options.rendererDir);
  const bridgeScript = options.bridgeScript ?? (await bundleBridge());
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const dispatch = createDispatcher(options.services.handlers, log);

  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const sseClients = new Set<http.ServerResponse>();

  const unsubscribe = options.events?.subscribe((event) => {
    const parsed = DeskEventSchema.safeParse(event);
    if (!parsed.success) {
      log.error('Dropped an event that does not match the contract', { type: String(event?.type) });
      return;
    }
    const frame = `data: ${JSON.stringify(parsed.data)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const keepAlive = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, keepAliveMs);
  keepAlive.unref();

  function send(
    res: http.ServerResponse,
    status: number,
    body: string | Buffer,
    headers: Record<string, string>,
    headOnly = false,
  ): void {
    res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(headOnly ? undefined : body);
  }

  function sendText(res: http.ServerResponse, status: number, text: string): void {
    send(res, status, text, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  }

  function sendResult(res: http.ServerResponse, status: number, result: Result<unknown, DeskError>): void {
    send(res, status, JSON.stringify(result), {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  }

  async function handleIpc(req: http.IncomingMessage, res: http.ServerResponse, rawChannel: string) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendResult(res, 405, err({ kind: 'bad-request', message: 'Use POST.' }));
      return;
    }
    const origin = firstHeader(req.headers.origin);
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      log.warn('Browser host refused an IPC call from another origin');
      sendResult(res, 403, err({ kind: 'forbidden', message: 'Cross-origin calls are refused.' }));
      return;
    }
    if (!tokensEqual(firstHeader(req.headers[TOKEN_HEADER]), token)) {
      log.warn('Browser host refused an IPC call without a valid token');
      sendResult(res, 403, err({ kind: 'forbidden', message: 'Missing or wrong X-Desk-Token.' }));
      return;
    }
    const contentType = (firstHeader(req.headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      sendResult(res, 415, err({ kind: 'bad-request', message: 'The body must be application/json.' }));
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      sendResult(res, 400, err({ kind: 'bad-request', message: 'Malformed channel name.' }));
      return;
    }
    const read = await readBody(req, { limit: MAX_BODY_BYTES });
    if (read.kind !== 'ok') {
      const tooLarge = read.kind === 'too-large';
      res.setHeader('Connection', 'close');
      sendResult(res, tooLarge ? 413 : 400, err({ kind: 'bad-request', message: tooLarge ? 'The body is too large.' : 'The body could not be read.' }));
      return;
    }
    const body = read.bytes;
    let input: unknown = undefined;
    if (body.length > 0) {
      let text: string;
      try {
        text = STRICT_UTF8.decode(body);
      } catch {
        sendResult(res, 400, err({ kind: 'bad-request', message: 'The body is not valid UTF-8.' }));
        return;
      }
      try {
        input = JSON.parse(text);
      } catch {
        sendResult(res, 400, err({ kind: 'bad-request', message: 'The body is not valid JSON.' }));
        return;
      }
    }
    const result = await dispatch(channel, input);
    sendResult(res, 200, result);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams) {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendText(res, 405, 'Use GET.');
      return;
    }
    if (!tokensEqual(query.get('token') ?? undefined, token)) {
      log.warn('Browser host refused an event stream without a valid token');
      sendText(res, 403, 'Missing or wrong token.');
      return;
    }
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    sseClients.add(res);
    const drop = () => sseClients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rawUrl: string) {
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
    const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));

    if (rawPath === HEALTH_PATH) {
      send(res, 200, JSON.stringify({ ok: true }), {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      }, req.method === 'HEAD');
      return;
    }
    if (rawPath === BRIDGE_PATH) {
      send(res, 200, bridgeScript, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-store',
      }, req.method === 'HEAD');
      return;
    }
    if (rawPath === EVENTS_PATH) {
      handleEvents(req, res, query);
      return;
    }
    if (rawPath.startsWith(IPC_PATH_PREFIX)) {
      await handleIpc(req, res, rawPath.slice(IPC_PATH_PREFIX.length));
      return;
    }
    if (rawPath.startsWith(HOST_PREFIX)) {
      sendText(res, 404, 'Not found.');
      return;
    }
    await handleStatic(req, res, rawUrl);
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
    isAllowedOrigin: (origin) => allowedOrigins.has(origin),
    isValidToken: (given) => tokensEqual(given, token),
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
    clearInterval(keepAlive);
    unsubscribe?.();
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
        clearInterval(keepAlive);
        unsubscribe?.();
        for (const client of sseClients) client.end();
        sseClients.clear();
        ipcSocket.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
