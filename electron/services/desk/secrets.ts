/**
 * Every key seen this session, scrubbed from replies, events and logs: the API key and
 * the data key alike. The data key has exactly one way out: the reply of the data key's
 * own channels (`scrubDataKeyReply`), and only as the `key` of that reply, and only when it
 * is the data key main holds now.
 */
import { redact, redactValue } from '../../../common/redact';
import type { Logger } from '../logger';

/** Takes secrets out of what leaves main: the dispatcher scrubs every reply with these. */
export interface Scrubbers {
  /** A text (an error message, an issue, a log line): known keys and key-shaped text. */
  scrub(text: string): string;
  /** Every string inside a reply's value (../../../common/redact.ts redactValue). */
  scrubValue<T>(value: T): T;
  /**
   * A reply of the data key's channels: scrubbed like any other, except its `key` when that
   * is the current data key (any other value there is scrubbed too).
   */
  scrubDataKeyReply(value: unknown): unknown;
}

export interface Secrets extends Scrubbers {
  /** A key seen (saved, or found in the keychain): from now on it is scrubbed, the log too. */
  know(secret: string): void;
  /** The data key main holds now: scrubbed everywhere but in its own replies. */
  knowDataKey(key: string): void;
}

export function createSecrets(log: Logger): Secrets {
  const secrets = new Set<string>();
  let currentDataKey: string | null = null;
  const know = (secret: string) => {
    secrets.add(secret);
    log.setSecrets([secret]);
  };
  const scrubValue = <T>(value: T): T => redactValue(value, [...secrets]);
  return {
    know,
    knowDataKey(key) {
      know(key);
      currentDataKey = key;
    },
    scrub: (text) => redact(text, [...secrets]),
    scrubValue,
    scrubDataKeyReply(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return scrubValue(value);
      const { key, ...rest } = value as Record<string, unknown>;
      if (currentDataKey === null || key !== currentDataKey) return scrubValue(value);
      return { ...scrubValue(rest), key };
    },
  };
}
