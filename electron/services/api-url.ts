/**
 * The API's base URL: the address rule on the raw text, and the URL of one API path under
 * it. Part of the API client (./api-client.ts).
 */
import { checkApiAddress, describeApiAddressRefusal } from '../../common/api-address';
import { redact } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';

export { isLoopbackHostName as isLoopbackHost } from '../../common/api-address';

/**
 * The raw text must pass the project's address rule (common/api-address.ts: https, or http
 * for loopback only; no credentials, query, fragment, spaces or invisible characters),
 * and the URL parser must then see the same origin: a parser that rewrites the text
 * (drops a tab, maps a character away) would send the key somewhere else than shown.
 */
export function checkApiBaseUrl(url: string | URL): Result<URL, string> {
  const text = String(url);
  const checked = checkApiAddress(text);
  if (!checked.ok) {
    const shown = checked.error === 'invisible-characters' ? '' : ` (${redact(text).slice(0, 200)})`;
    return err(`${describeApiAddressRefusal(checked.error)}${shown}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return err(`Not a valid URL: ${redact(text).slice(0, 200)}`);
  }
  if (parsed.origin !== checked.value.origin) {
    return err(`The API URL is read differently by the URL parser (${redact(parsed.origin)}); type it plainly.`);
  }
  return ok(parsed);
}

/** Base + API path, keeping any path prefix of the base (e.g. behind a reverse proxy). */
export function buildApiUrl(base: URL, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}
