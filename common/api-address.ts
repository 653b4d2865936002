/**
 * The API address rule, on the raw text the agent typed (or settings.json holds), before
 * any URL parser sees it. Parsers normalise: WHATWG URL (and zod's `z.url()`) drop tabs
 * and line breaks and map invisible characters away, so
 * "https://api.bizkithub.com<TAB>.evil.com" would be checked as one address and stored as
 * another. Here the text either is exactly a plain address or is refused with a reason
 * code the UI words in its own language.
 *
 * Runs anywhere (no URL global in common/): a small grammar of what an API base may be,
 * `scheme://host[:port][/path]`, ASCII only.
 */
import { err, ok, type Result } from './result';

export const DEFAULT_API_ORIGIN = 'https://api.bizkithub.com';

export const API_ADDRESS_REFUSALS = [
  'empty',
  'too-long',
  'invisible-characters',
  'not-a-url',
  'not-https',
  'http-not-local',
  'credentials',
  'query-or-fragment',
  'bad-host',
  'bad-port',
] as const;
export type ApiAddressRefusal = (typeof API_ADDRESS_REFUSALS)[number];

export interface ApiAddress {
  /** `https://host[:port]` in lower case, default port left out: what the key is bound to. */
  origin: string;
  /** The address as typed, without a trailing slash. */
  base: string;
  /** The host (and port) for sentences: "api.bizkithub.com". */
  host: string;
  /** True for anything but the default BizKitHub API. */
  custom: boolean;
}

const MAX_LENGTH = 2048;
/** Whitespace, controls, format (invisible) characters, lone surrogates, anything non-ASCII. */
const NOT_PLAIN = /[^\x21-\x7e]/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;
const HOST_V6 = /^\[[0-9a-f:.]+\]$/;
const PATH = /^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*$/;
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function isLoopbackHostName(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || LOOPBACK_V4.test(h);
}

/** A refusal's English sentence (main's logs and error messages; the UI has its own words). */
export function describeApiAddressRefusal(reason: ApiAddressRefusal): string {
  switch (reason) {
    case 'empty':
      return 'The API URL is empty.';
    case 'too-long':
      return `The API URL is longer than ${MAX_LENGTH} characters.`;
    case 'invisible-characters':
      return 'The API URL must not contain spaces, line breaks, invisible or non-ASCII characters.';
    case 'not-a-url':
      return 'The API URL must look like https://host.example.com.';
    case 'not-https':
      return 'The API URL must use https:.';
    case 'http-not-local':
      return 'Plain http: is allowed only for this computer (localhost, 127.x.x.x, ::1).';
    case 'credentials':
      return 'The API URL must not contain a user name or password.';
    case 'query-or-fragment':
      return 'The API URL must not contain a query (?…) or fragment (#…); the key is sent separately.';
    case 'bad-host':
      return 'The API URL has no valid host name.';
    case 'bad-port':
      return 'The API URL has an invalid port.';
  }
}

export function checkApiAddress(text: string): Result<ApiAddress, ApiAddressRefusal> {
  if (text.length === 0) return err('empty');
  if (text.length > MAX_LENGTH) return err('too-long');
  if (NOT_PLAIN.test(text)) return err('invisible-characters');
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !text.slice(scheme.length + 1).startsWith('//')) return err('not-a-url');
  if (scheme !== 'https' && scheme !== 'http') return err('not-https');
  const rest = text.slice(scheme.length + 3);
  if (/[?#]/.test(rest)) return err('query-or-fragment');
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = (slash === -1 ? '' : rest.slice(slash)).replace(/\/+$/, '');
  if (authority.includes('@')) return err('credentials');
  if (authority.includes('\\') || path.includes('\\')) return err('not-a-url');
  if (!PATH.test(path) || /(^|\/)\.{1,2}(\/|$)/.test(path) || /%2e/i.test(path)) return err('not-a-url');

  const portMatch = /^(.*?)(?::(\d*))?$/.exec(authority);
  const hostPart = (portMatch?.[1] ?? '').toLowerCase();
  const portText = portMatch?.[2];
  const host = hostPart.startsWith('[') ? hostPart : hostPart.replace(/\.$/, '');
  if (host === '' || !(HOST_NAME.test(host) || HOST_V6.test(host))) return err('bad-host');
  // A host whose last label is a number is an IPv4 address to URL parsers, which rewrite
  // "127.1" or "0x7f.0.0.1" into 127.0.0.1: only the plain dotted form is accepted.
  const lastLabel = host.split('.').filter((l) => l !== '').at(-1) ?? '';
  if (/^(\d+|0x[0-9a-f]*)$/.test(lastLabel) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return err('bad-host');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split('.').some((n) => Number(n) > 255 || /^0\d/.test(n))) {
    return err('bad-host');
  }
  let port = '';
  if (portText !== undefined) {
    const n = Number(portText);
    if (portText === '' || portText.length > 5 || !Number.isInteger(n) || n < 1 || n > 65535) return err('bad-port');
    if (!((scheme === 'https' && n === 443) || (scheme === 'http' && n === 80))) port = `:${n}`;
  }
  if (scheme === 'http' && !isLoopbackHostName(host)) return err('http-not-local');

  const origin = `${scheme}://${host}${port}`;
  return ok({ origin, base: `${origin}${path}`, host: `${host}${port}`, custom: origin !== DEFAULT_API_ORIGIN || path !== '' });
}
