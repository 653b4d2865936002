/**
 * A tiny HTTP proxy on 127.0.0.1 for tests: CONNECT tunnels (what undici's proxy agent
 * uses, for http:// targets too) and absolute-form plain HTTP requests. It records every
 * target it was asked for, so a test can prove a request went through it, and the headers
 * of every plain proxied request (a tunnel's traffic it does not read, only passes on).
 * `hosts` maps made-up host names to addresses, so a test can send a request for a
 * non-loopback name through it and have it land on a loopback server.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LoopbackProxy {
  url: string;
  /** host:port of every CONNECT, in order. */
  connects: string[];
  /** Absolute URLs of plain proxied requests, in order. */
  requests: string[];
  /** Every byte a client sent it (request lines, headers, tunnelled data), as text. */
  seen(): string;
  /** Forgets what was recorded so far. */
  forget(): void;
  close(): Promise<void>;
}

export async function startLoopbackProxy(o: { hosts?: Record<string, string> } = {}): Promise<LoopbackProxy> {
  const connects: string[] = [];
  const requests: string[] = [];
  const received: Buffer[] = [];
  const resolve = (host: string): string => o.hosts?.[host] ?? host;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const upstream = http.request(
      {
        hostname: resolve(target.hostname),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const hostPort = req.url ?? '';
    connects.push(hostPort);
    const [host, port] = hostPort.split(':');
    const upstream = net.connect(Number(port), resolve(host ?? '127.0.0.1'), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('data', (chunk: Buffer) => received.push(chunk));
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    requests,
    seen: () => Buffer.concat(received).toString('latin1'),
    forget: () => {
      connects.length = 0;
      requests.length = 0;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
