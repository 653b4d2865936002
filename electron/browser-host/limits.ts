/**
 * The browser host's bounds for slow or greedy clients. Node's defaults hold a slow body
 * for 5 minutes, check timeouts only every 30 s and accept any number of connections.
 */
import http from 'node:http';
import type { Logger } from '../services/logger';

/** Bounds for slow or greedy clients. */
export interface HostLimits {
  /** The request line and headers must arrive within this (408 and close after). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (the event stream opts out). */
  idleTimeoutMs: number;
  /** Connections open at once; more are closed at once. */
  maxConnections: number;
  /** How often Node checks the two request timeouts (its default, 30 s, would stretch them). */
  checkIntervalMs: number;
}

export const DEFAULT_HOST_LIMITS: Readonly<HostLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  maxConnections: 64,
  checkIntervalMs: 1_000,
});

/** An HTTP server with these bounds; a refused connection is logged (the first ten). */
export function createBoundedServer(limits: HostLimits, log: Logger, handler: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  // Without a 'timeout' listener Node destroys the idle socket.
  server.setTimeout(limits.idleTimeoutMs);
  let dropsLogged = 0;
  server.on('drop', () => {
    if (dropsLogged++ < 10) log.warn('Browser host refused a connection: too many open', { max: limits.maxConnections });
  });
  return server;
}
