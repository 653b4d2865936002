/**
 * Renderer errors and unhandled rejections into main's log (main.log / desk.log), pure.
 *
 * - Redacted here (the known key, key-shaped text, the browser host's page token
 *   `token=…`, query strings in URLs), and again by the logger.
 * - Rate-limited: at most `perWindow` reports per `windowMs` (a render loop that throws
 *   60 times a second must not fill the disk); the rest are counted, and the count is
 *   logged once the next window opens.
 * - Bounded: the message to 500 characters, the stack to its first 12 lines.
 */
import type { RendererErrorReport } from '../../common/ipc-contract';
import { redact } from '../../common/redact';
import type { Logger } from './logger';

export interface RendererErrorLogOptions {
  log: Pick<Logger, 'error' | 'warn'>;
  now?: () => number;
  perWindow?: number;
  windowMs?: number;
  /** Scrubs the secrets main knows (the API key in use); key-shaped text is scrubbed anyway. */
  redact?: (text: string) => string;
}

export interface RendererErrorLog {
  /** True when logged, false when rate-limited. */
  report(r: RendererErrorReport): boolean;
}

const MAX_MESSAGE = 500;
const MAX_STACK_LINES = 12;

/** Drops the page token and any query string or fragment from URLs in the text. */
export function scrubRendererText(text: string): string {
  return text
    .replace(/token=[^&\s"')]+/gi, 'token=[redacted]')
    .replace(/\b((?:https?|app|file):\/\/[^\s?#"')]*)[?#][^\s"')]*/gi, '$1');
}

export function createRendererErrorLog(o: RendererErrorLogOptions): RendererErrorLog {
  const now = o.now ?? Date.now;
  const perWindow = o.perWindow ?? 10;
  const windowMs = o.windowMs ?? 60_000;
  const scrub = (text: string) => scrubRendererText(redact(o.redact ? o.redact(text) : text));
  let windowStart = -Infinity;
  let used = 0;
  let suppressed = 0;

  return {
    report(r) {
      const at = now();
      if (at - windowStart >= windowMs) {
        if (suppressed > 0) o.log.warn('renderer errors not logged (rate limit)', { count: suppressed });
        windowStart = at;
        used = 0;
        suppressed = 0;
      }
      if (used >= perWindow) {
        suppressed += 1;
        return false;
      }
      used += 1;
      const data: Record<string, unknown> = { kind: r.kind, message: scrub(r.message).slice(0, MAX_MESSAGE) };
      if (r.source) data.source = scrub(r.source).slice(0, 300);
      if (r.stack) data.stack = scrub(r.stack).split('\n').slice(0, MAX_STACK_LINES).join('\n');
      o.log.error('renderer error', data);
      return true;
    },
  };
}
