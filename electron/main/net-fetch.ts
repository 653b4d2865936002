/**
 * Main's API client in the desktop app uses Electron's `net.fetch` (Chromium's network
 * stack): the session's proxy settings and PAC, the OS certificate store and corporate TLS
 * inspection apply, as they do for electron-updater. Node's global fetch ignores them all.
 *
 * This adapter, pure (net.fetch is injected), makes net.fetch behave like the fetch the
 * API client was written against:
 * - URL objects become strings (net.fetch takes a string or a Request);
 * - no session cookies or credentials (`credentials: 'omit'`): only what the client sets;
 * - nothing goes through Chromium's HTTP cache (`cache: 'no-store'`, whatever the caller
 *   asked): an API URL carries the key in its query and a detail reply carries a
 *   customer's personal data, and the disk cache is a plain file in the profile;
 * - redirects stay manual. With `redirect: 'manual'` Electron's request fails with
 *   "Redirect was cancelled" instead of answering 3xx; that becomes a bodiless 3xx answer,
 *   so the client reports "the API answered with a redirect" as it does under Node, never
 *   a network error retried forever, and the redirect is never followed.
 */
/** Node's RequestInit type has no `cache`; Electron's net.fetch honours it (Chromium's cache modes). */
export type NetFetchInit = RequestInit & {
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
};
export type NetFetch = (input: string, init?: NetFetchInit) => Promise<Response>;

export const REDIRECT_CANCELLED = /redirect was cancelled/i;

export function adaptNetFetch(netFetch: NetFetch): typeof fetch {
  const adapted = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof URL ? input.href : typeof input === 'string' ? input : input.url;
    const manual = init?.redirect === 'manual';
    try {
      return await netFetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      if (manual && e instanceof Error && REDIRECT_CANCELLED.test(e.message)) {
        return new Response(null, { status: 307, statusText: 'Redirect not followed' });
      }
      throw e;
    }
  };
  return adapted as typeof fetch;
}
