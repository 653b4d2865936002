/**
 * Main's events to the page as Server-Sent Events (`GET /__host/events?token=…`): every
 * event checked against the contract before it is sent, a keep-alive comment so proxies
 * and the bounded server do not close the stream.
 */
import type http from 'node:http';
import { DeskEventSchema, type DeskEvent } from '../../common/ipc-contract';
import type { Logger } from '../services/logger';
import { SECURITY_HEADERS, sendText } from './responses';

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

export interface EventStream {
  handle(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void;
  close(): void;
}

export function createEventStream(o: {
  events: DeskEventSource | undefined;
  isValidToken(given: string | undefined): boolean;
  keepAliveMs: number;
  log: Logger;
}): EventStream {
  const clients = new Set<http.ServerResponse>();
  const unsubscribe = o.events?.subscribe((event) => {
    const parsed = DeskEventSchema.safeParse(event);
    if (!parsed.success) {
      o.log.error('Dropped an event that does not match the contract', { type: String(event?.type) });
      return;
    }
    const frame = `data: ${JSON.stringify(parsed.data)}\n\n`;
    for (const client of clients) client.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, o.keepAliveMs);
  keepAlive.unref();

  return {
    handle(req, res, query) {
      if (req.method !== 'GET') {
        res.setHeader('Allow', 'GET');
        sendText(res, 405, 'Use GET.');
        return;
      }
      if (!o.isValidToken(query.get('token') ?? undefined)) {
        o.log.warn('Browser host refused an event stream without a valid token');
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
      clients.add(res);
      const drop = () => clients.delete(res);
      req.on('close', drop);
      res.on('close', drop);
    },
    close() {
      clearInterval(keepAlive);
      unsubscribe?.();
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
