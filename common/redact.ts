/**
 * The one redaction function. Anything that may carry the API key (a URL, an error
 * message, a log line) passes through here before it is logged, shown or stored.
 */
const KEY_LIKE = /(PROD|DEV_|ROOT)[A-Za-z0-9]{28}/g;
const API_KEY_PARAM = /([?&]apiKey=)[^&#\s"']*/gi;
const BEARER = /(Bearer\s+)[^\s"',}]+/gi;

export const REDACTED = '[redacted]';

export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(API_KEY_PARAM, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(KEY_LIKE, REDACTED);
}

/**
 * A value crossing from main to the renderer, with every string scrubbed of known secrets
 * and key-shaped text: a server that echoes the key (in a description, a timeline message)
 * must not put it into the renderer or its database. Only the secrets and key-shaped
 * tokens go; "Bearer …" and "apiKey=…" patterns stay, since customer text may say
 * "bearer" and main never builds such strings into a value.
 */
export function redactValue<T>(value: T, knownSecrets: readonly string[] = []): T {
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of knownSecrets) {
      if (secret.length >= 8) out = out.split(secret).join(REDACTED);
    }
    return out.replace(KEY_LIKE, REDACTED);
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[scrub(k)] = walk(item, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
