/**
 * What main remembers of the creates it sent, by the complaint's local reference, for as
 * long as it runs. A create has no idempotency key, so a window that reloads (or whose
 * renderer crashed) while a create was in flight would otherwise have to ask the agent
 * whether the complaint exists. Main outlives the window: the sync engine asks again with
 * `resume`, and gets the outcome of the request main sent (waiting for it if it is still
 * in flight). Main never sends for `resume`; a reference it has no record of (main was
 * restarted too) is `unknown-outcome`, and the agent decides.
 *
 * A second send of the same reference while the first is in flight joins it; after a
 * success it gets that success (never a second complaint); after a failure it is sent
 * again (the agent asked to create it again, or the failure was definite).
 */
import type { DeskError } from '../../common/errors';
import { CREATE_NOT_REMEMBERED } from '../../common/new-complaint';
import { err, type Result } from '../../common/result';

/** References remembered at most (the oldest are forgotten first). */
const MAX_REMEMBERED = 1000;

type Outcome<T> = Result<T, DeskError>;

export interface CreateMemory<T> {
  /** Sends through `send` unless this reference is in flight or was created. */
  send(key: string, send: () => Promise<Outcome<T>>): Promise<Outcome<T>>;
  /** The outcome of the request sent for this reference (awaited if in flight); never sends. */
  resume(key: string): Promise<Outcome<T>>;
}

export function createCreateMemory<T>(): CreateMemory<T> {
  const known = new Map<string, { outcome: Promise<Outcome<T>>; settled: Outcome<T> | null }>();

  function remember(key: string, outcome: Promise<Outcome<T>>): Promise<Outcome<T>> {
    const record = { outcome, settled: null as Outcome<T> | null };
    known.delete(key);
    known.set(key, record);
    while (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value as string);
    void outcome.then((result) => (record.settled = result));
    return outcome;
  }

  return {
    send(key, send) {
      const record = known.get(key);
      if (record && (record.settled === null || record.settled.ok)) return record.outcome;
      return remember(key, send());
    },
    async resume(key) {
      const record = known.get(key);
      if (record) return record.outcome;
      return err({
        kind: 'unknown-outcome',
        code: CREATE_NOT_REMEMBERED,
        message: 'The app has no record of how sending this complaint ended (it was restarted meanwhile).',
      });
    },
  };
}
