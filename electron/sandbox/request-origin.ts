/**
 * Which requests the sandbox answers at all: those addressed to it by its loopback name
 * (`Host` 127.0.0.1:<port>, localhost:<port>, or the address it listens on) and, when a
 * browser names the page that sent them (`Origin`), sent by a page of that same address.
 *
 * The sandbox accepts any well-formed key, so a page on another site could otherwise post
 * to it through a plain form (a foreign `Origin`, or `null` from a sandboxed frame or a
 * file) or read it through DNS rebinding (a foreign `Host`). The browser host checks the
 * same two headers (../browser-host/host-server.ts). Main's API client, the bench and the
 * tests' control calls send the sandbox's own Host and no Origin.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The `host:port` forms a request to a listener on `listenHost:port` may name. */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const own = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${own.toLowerCase()}:${port}`]);
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Why the request is refused ('host' or 'origin'), or null when it may be answered. */
export function refusedRequest(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): 'host' | 'origin' | null {
  const host = (first(headers.host) ?? '').toLowerCase();
  if (!hosts.has(host)) return 'host';
  const origin = first(headers.origin);
  if (origin === undefined) return null;
  for (const allowed of hosts) if (origin.toLowerCase() === `http://${allowed}`) return null;
  return 'origin';
}
