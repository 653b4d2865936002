/**
 * Proxy selection, pure (no undici, no Electron): what the hosts' fetch does and what
 * Settings says about it.
 *
 * - The desktop app uses Electron's `net.fetch` (the session's proxy, PAC and the OS
 *   certificate store apply); `describeChromiumProxy` words what
 *   `session.resolveProxy(url)` answered ("PROXY host:port; DIRECT").
 * - The browser host honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower case wins, as curl
 *   and undici do) through undici's EnvHttpProxyAgent, built from `proxySelectionFromEnv`
 *   so that the agent and `proxyForUrl` (what Settings says) decide from the same values.
 *   `proxyForUrl` follows undici's NO_PROXY rule: `*` = never; an entry matches its host
 *   and its subdomains (`.example.com`, `*.example.com`), with an optional `:port`.
 *   Loopback (127.0.0.0/8, ::1, localhost) is never proxied, whatever NO_PROXY says: a
 *   request for a loopback API carries the key (`?apiKey=`, `Authorization: Bearer`) and
 *   is meant for this computer, so a proxy in the environment must never see it.
 */
import { isLoopbackHostName } from '../../common/api-address';
import type { NetworkInfo } from '../../common/ipc-contract';

export interface EnvProxySelection {
  httpProxy: string | null;
  httpsProxy: string | null;
  /** NO_PROXY as given ('' when unset). */
  noProxy: string;
  /** Which variables they came from, for Settings. */
  httpVariable: string | null;
  httpsVariable: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function pick(env: Env, lower: string): { value: string; variable: string } | null {
  for (const name of [lower, lower.toUpperCase()]) {
    const value = env[name]?.trim();
    if (value) return { value, variable: name };
  }
  return null;
}

/** The proxy settings in the environment, or null when no proxy is set (direct connections). */
export function proxySelectionFromEnv(env: Env): EnvProxySelection | null {
  const http = pick(env, 'http_proxy');
  const https = pick(env, 'https_proxy');
  if (!http && !https) return null;
  // undici: HTTPS_PROXY unset → https requests use HTTP_PROXY.
  return {
    httpProxy: http?.value ?? null,
    httpsProxy: https?.value ?? http?.value ?? null,
    noProxy: pick(env, 'no_proxy')?.value ?? '',
    httpVariable: http?.variable ?? null,
    httpsVariable: https?.variable ?? http?.variable ?? null,
  };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Whether NO_PROXY exempts this URL (undici's rule). */
export function isExempt(noProxy: string, url: URL): boolean {
  const value = noProxy.trim();
  if (value === '') return false;
  if (value === '*') return true;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of value.split(/[,\s]/)) {
    if (!raw) continue;
    const parsed = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (parsed?.[1] ?? raw).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed?.[2] !== undefined ? Number.parseInt(parsed[2], 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (hostname === entryHost || hostname.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** An IPv4 address written as IPv6 (`::ffff:7f00:1`, as the URL parser writes `::ffff:127.0.0.1`) in 127.0.0.0/8. */
const MAPPED_LOOPBACK_V4 = /^\[?::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]?$/i;

/** Whether a URL's host is this computer: such a request never goes through a proxy. */
export function isLoopbackUrl(url: URL): boolean {
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  return isLoopbackHostName(hostname) || MAPPED_LOOPBACK_V4.test(hostname);
}

/** The proxy a request to `url` goes through, or null for a direct connection. */
export function proxyForUrl(selection: EnvProxySelection | null, url: string): { proxy: string; variable: string } | null {
  if (!selection) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (isLoopbackUrl(parsed) || isExempt(selection.noProxy, parsed)) return null;
  const https = parsed.protocol === 'https:';
  const proxy = https ? selection.httpsProxy : selection.httpProxy;
  const variable = https ? selection.httpsVariable : selection.httpVariable;
  return proxy && variable ? { proxy, variable } : null;
}

/** A proxy address for display and logs: never its user name or password. */
export function withoutCredentials(proxy: string): string {
  // A bare host:port (`user:pw@host:port` would parse as a URL with the scheme `user:`).
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy)) return proxy.replace(/^[^@/]*@/, '').slice(0, 500);
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    // Not a URL (a bare host:port): drop anything up to an @.
    return proxy.replace(/^[^@/]*@/, '').slice(0, 500);
  }
}

/** Settings' wording, browser host. */
export function describeEnvProxy(selection: EnvProxySelection | null, url: string): NetworkInfo {
  if (selection && URL.canParse(url) && isLoopbackUrl(new URL(url))) {
    return { source: 'environment', via: 'local', proxy: null, variable: null };
  }
  const chosen = proxyForUrl(selection, url);
  if (!chosen) return { source: selection ? 'environment' : 'none', via: 'direct', proxy: null, variable: null };
  return { source: 'environment', via: 'proxy', proxy: withoutCredentials(chosen.proxy), variable: chosen.variable };
}

/**
 * Settings' wording, desktop app: Chromium's proxy list for a URL, e.g. `DIRECT`,
 * `PROXY proxy.corp:3128; DIRECT`, `HTTPS p:443`, `SOCKS5 s:1080`. The first entry is used.
 */
export function describeChromiumProxy(resolved: string): NetworkInfo {
  const first = resolved.split(';')[0]?.trim() ?? '';
  const m = /^(PROXY|HTTPS|SOCKS|SOCKS4|SOCKS5|QUIC)\s+(\S+)$/i.exec(first);
  if (!m?.[1] || !m[2]) return { source: 'system', via: 'direct', proxy: null, variable: null };
  const scheme = m[1].toUpperCase() === 'PROXY' ? 'http' : m[1].toLowerCase();
  return { source: 'system', via: 'proxy', proxy: withoutCredentials(`${scheme}://${m[2]}`), variable: null };
}
