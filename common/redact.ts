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
