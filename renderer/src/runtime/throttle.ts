/**
 * One run at a time, and a run asked for during one follows it: the sync engine's flushes
 * and the refresher's rounds. Requests made while a run is under way are merged into one
 * follow-up run (its data may have been read too early by the current one) and share the
 * series' result; a caller never starts a second run beside the first.
 */
export interface ThrottleOptions<A, R> {
  run(arg: A): Promise<R>;
  /** Two requests waiting for the same follow-up run become one. */
  merge(waiting: A, next: A): A;
  /** The series' result so far, before its first run. */
  initial(): R;
  /** Folds one run's result into the series'. */
  fold(total: R, part: R): R;
  /** Checked after every run: false ends the series (its owner stopped). */
  keepGoing(): boolean;
  /**
   * When no request waits after a run: a last step of the series, which may itself ask
   * for another run (the engine reads its outbox watch then).
   */
  settle?(): Promise<void>;
}

export interface Throttle<A, R> {
  /** Starts a series, or joins the one under way (a follow-up run with `arg` merged in). */
  request(arg: A): Promise<R>;
  /** The series under way, if any. */
  current(): Promise<R> | null;
  /** Drops a follow-up asked for (the owner stops or starts afresh). */
  clear(): void;
}

export function createThrottle<A, R>(options: ThrottleOptions<A, R>): Throttle<A, R> {
  let current: Promise<R> | null = null;
  let waiting: { arg: A } | null = null;

  const take = (): A | null => {
    const next = waiting;
    waiting = null;
    return next === null ? null : next.arg;
  };

  async function series(): Promise<R> {
    let total = options.initial();
    try {
      for (let arg = take(); arg !== null; arg = take()) {
        total = options.fold(total, await options.run(arg));
        if (!options.keepGoing()) break;
        if (waiting === null && options.settle !== undefined) {
          await options.settle();
          if (!options.keepGoing()) break;
        }
      }
    } finally {
      waiting = null;
      current = null;
    }
    return total;
  }

  return {
    request(arg) {
      waiting = waiting === null ? { arg } : { arg: options.merge(waiting.arg, arg) };
      if (current !== null) return current;
      current = series();
      return current;
    },
    current: () => current,
    clear() {
      waiting = null;
    },
  };
}
