/**
 * The browser host's fetch when the environment names a proxy: undici's EnvHttpProxyAgent
 * with HTTPS_PROXY / HTTP_PROXY / NO_PROXY as ../services/proxy.ts read them (the same
 * values Settings describes). Without a proxy in the environment: Node's global fetch,
 * direct. The desktop app does not use this: it has Electron's net.fetch.
 *
 * A request for a loopback address goes direct (its own agent), never to the proxy agent:
 * NO_PROXY cannot express 127.0.0.0/8, and a proxy must not see a loopback API's key.
 */
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { describeEnvProxy, isLoopbackUrl, proxySelectionFromEnv, type EnvProxySelection } from '../services/proxy';
import type { NetworkInfo } from '../../common/ipc-contract';

export interface ProxyFetch {
  /** Undefined when no proxy is configured: use the global fetch. */
  fetch: typeof fetch | undefined;
  selection: EnvProxySelection | null;
  describe(url: string): NetworkInfo;
  close(): Promise<void>;
}

export function createEnvProxyFetch(env: Readonly<Record<string, string | undefined>>): ProxyFetch {
  const selection = proxySelectionFromEnv(env);
  const describe = (url: string) => describeEnvProxy(selection, url);
  if (!selection) return { fetch: undefined, selection, describe, close: async () => {} };
  // '' (not undefined) for an absent value: undici would fall back to process.env otherwise.
  const agent = new EnvHttpProxyAgent({
    httpProxy: selection.httpProxy ?? '',
    httpsProxy: selection.httpsProxy ?? '',
    noProxy: selection.noProxy,
  });
  const direct = new Agent();
  const proxied = (input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: isLoopbackUrl(targetOf(input)) ? direct : agent,
    });
  return {
    fetch: proxied as unknown as typeof fetch,
    selection,
    describe,
    close: async () => {
      await Promise.all([agent.close(), direct.close()]);
    },
  };
}

/** The URL a fetch input names; an unparsable one is not loopback (the fetch itself refuses it). */
function targetOf(input: string | URL | Request): URL {
  try {
    return new URL(input instanceof URL ? input.href : typeof input === 'string' ? input : input.url);
  } catch {
    return new URL('invalid:');
  }
}
