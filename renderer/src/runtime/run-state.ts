/**
 * Whether a background job runs (one flag: `stopped` is its opposite), and calls that
 * give up as soon as it stops: their promise resolves with STOPPED at once, the work
 * itself is abandoned, not cancelled.
 */
import type { Timers } from './timers';

export const STOPPED = Symbol('stopped');

export interface RunState {
  readonly running: boolean;
  /** Starts; false when it already runs. */
  begin(): boolean;
  /** Stops (every pending call() resolves with STOPPED); false when it was not running. */
  end(): boolean;
  /** Resolves with the call's value, or STOPPED as soon as end() is called. */
  call<T>(fn: () => Promise<T>): Promise<T | typeof STOPPED>;
  /** Waits `ms`, or until end(). */
  sleep(ms: number): Promise<unknown>;
}

export function createRunState(timers: Timers): RunState {
  let running = false;
  let signalStop = (): void => {};
  let stopSignal: Promise<typeof STOPPED> = Promise.resolve(STOPPED);

  const state: RunState = {
    get running() {
      return running;
    },
    begin() {
      if (running) return false;
      running = true;
      stopSignal = new Promise<typeof STOPPED>((resolve) => (signalStop = () => resolve(STOPPED)));
      return true;
    },
    end() {
      if (!running) return false;
      running = false;
      signalStop();
      return true;
    },
    call(fn) {
      if (!running) return Promise.resolve(STOPPED);
      return Promise.race([fn(), stopSignal]);
    },
    sleep: (ms) => state.call(() => new Promise<void>((resolve) => timers.setTimeout(resolve, ms))),
  };
  return state;
}
