/** Every key seen this session: scrubbed from replies, events and logs. */
import { redact, redactValue } from '../../../common/redact';
import type { Logger } from '../logger';

export interface Secrets {
  /** A key seen (saved, or found in the keychain): from now on it is scrubbed, the log too. */
  know(secret: string): void;
  scrub(text: string): string;
  scrubValue<T>(value: T): T;
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
