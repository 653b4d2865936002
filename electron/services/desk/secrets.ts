/** Every key seen this session: scrubbed from replies, events and logs. */
import { redact, redactValue } from '../../../common/redact';
import type { Logger } from '../logger';

/** Takes secrets out of what leaves main: the dispatcher scrubs every reply with these. */
export interface Scrubbers {
  /** A text (an error message, an issue, a log line): known keys and key-shaped text. */
  scrub(text: string): string;
  /** Every string inside a reply's value (../../../common/redact.ts redactValue). */
  scrubValue<T>(value: T): T;
}

export interface Secrets extends Scrubbers {
  /** A key seen (saved, or found in the keychain): from now on it is scrubbed, the log too. */
  know(secret: string): void;
}

export function createSecrets(log: Logger): Secrets {
  const secrets = new Set<string>();
  return {
    know(secret) {
      secrets.add(secret);
      log.setSecrets([secret]);
    },
    scrub: (text) => redact(text, [...secrets]),
    scrubValue: (value) => redactValue(value, [...secrets]),
  };
}
