/**
 * Rate pacing for the sync engine: how many lanes run, and when a change waits. The rules
 * are common/rate-budget.ts's; this module holds what they are fed with and the waiting.
 * ./entry-sender.ts sends; it hands each change to the pacer to run.
 *
 * - While plenty remains, changes go on free lanes, and the lanes grow in number with the
 *   budget (lanesFor).
 * - When the budget is low (budgetLow, with the engine's reserve), one change at a time
 *   across all lanes, each waiting until the window has room for its requests: the budget
 *   is spent to the last request without a 429, and no faster than it refills.
 * - The figures come with the replies: every reply of a channel that calls BizKitHub
 *   carries what main has after the request (common/ipc-contract.ts). One RateFigures is
 *   shared by everything in a workspace that calls BizKitHub (engine, refresher, views),
 *   so each sees what the others spent. Requests still under way, and answers that brought
 *   nothing newer, are counted on top of the newest figures.
 * - Main is asked itself only when no reply has told anything for a while (`quietMs`):
 *   a window opened, woken or idle mid-window learns what main knows, including what other
 *   windows spent, before its first change rather than after its first lanes.
 */
import { RATE_LIMITED_METHODS, type RateLimit } from '../../../common/ipc-contract';
import { budgetLow, budgetReserve, lanesFor, waitForBudgetMs } from '../../../common/rate-budget';
import type { RunState } from '../runtime/run-state';

/** Each change costs at most a check and a send. */
export const REQUESTS_PER_CHANGE = 2;

/** What main last told of the rate limit, in this workspace. */
export interface RateFigures {
  /** The newest figures a reply (or main, asked) brought; null when none, or main has none. */
  current(): RateLimit | null;
  /** Answers since `current()` was taken that brought nothing newer: their requests are not in it. */
  spentSince(): number;
  /** Records what a reply said of the rate limit: figures, null (main has none), or nothing. */
  observe(told: RateLimit | null | undefined): void;
  /**
   * Asks main (`ask`; undefined: no answer) when nothing was heard for `quietMs`, or ever;
   * callers arriving while it asks wait for that answer.
   */
  refresh(ask: () => Promise<RateLimit | null | undefined>, quietMs: number): Promise<void>;
}

/** When main took the figures (its clock, like the reset time); -Infinity when unreadable. */
function takenAt(figures: RateLimit): number {
  const at = Date.parse(figures.observedAt);
  return Number.isFinite(at) ? at : -Infinity;
}

export function createRateFigures(now: () => number = Date.now): RateFigures {
  let held: RateLimit | null = null;
  let spent = 0;
  /** When a reply or an ask last told anything (renderer clock); null: never. */
  let heardAt: number | null = null;
  let asking: Promise<void> | null = null;

  const figures: RateFigures = {
    current: () => held,
    spentSince: () => spent,
    observe(told) {
      if (told === undefined) {
        spent += 1;
        return;
      }
      heardAt = now();
      // Answers to parallel requests arrive out of order: older figures than those held
      // change nothing but the count.
      if (told !== null && held !== null && takenAt(told) < takenAt(held)) {
        spent += 1;
        return;
      }
      held = told;
      spent = 0;
    },
    refresh(ask, quietMs) {
      if (asking !== null) return asking;
      if (heardAt !== null && now() - heardAt < quietMs) return Promise.resolve();
      asking = ask()
        .then((told) => {
          if (told !== undefined) figures.observe(told);
        })
        .catch(() => undefined)
        .finally(() => {
          asking = null;
        });
      return asking;
    },
  };
  return figures;
}

/**
 * `desk`, with what every reply of a channel that calls BizKitHub says of the rate limit
 * recorded in `figures`. Methods are looked up at each call (a test may replace one).
 *
 * A new object over `desk` (its prototype), never a Proxy of it: Electron's contextBridge
 * hands the page a frozen `window.desk`, and a Proxy may not answer a frozen method with
 * another function (reading it would throw).
 */
export function observeReplies<D extends object>(desk: D, figures: RateFigures): D {
  const observed = Object.create(desk) as D;
  for (const method of RATE_LIMITED_METHODS) {
    if (typeof Reflect.get(desk, method) !== 'function') continue;
    Object.defineProperty(observed, method, {
      enumerable: true,
      value: async (input: unknown) => {
        const call = Reflect.get(desk, method) as (input: unknown) => Promise<{ rateLimit?: RateLimit | null } | undefined>;
        const reply = await call.call(desk, input);
        figures.observe(reply?.rateLimit);
        return reply;
      },
    });
  }
  return observed;
}

/** A wait for the rate-limit window at least this long shows as "Rate limited — resuming at …". */
const RATE_WAIT_TOLD_MS = 5000;

export interface RatePacerOptions {
  figures: RateFigures;
  run: RunState;
  now: () => number;
  /** Asks main for the figures (undefined: no answer). */
  ask(): Promise<RateLimit | null | undefined>;
  /** Figures heard less than this long ago are used as they are; older, main is asked first. */
  quietMs: number;
  /** The `syncConcurrency` setting: the lanes while nothing is known of the budget (see lanesFor). */
  configuredLanes(): number;
  /** Between paced changes when the figures say nothing is left but not until when. */
  slowDelayMs: number;
  /** How long one paced change takes (a moving average; null while not paced): the status's estimate. */
  pacedTurn: { get(): number | null; set(ms: number | null): void };
  /** Told when changes wait for the window's room, and until when (null: no longer). */
  onRateWait?(until: number | null): void;
}

export interface RatePacer {
  /** Lanes right now: more while the budget has plenty left, fewer as it runs low. */
  lanes(): number;
  /**
   * Runs one change, `change(paced)`: on a free lane while the budget has plenty left,
   * else on the slow lane (one at a time), once the window has room for its `requests`.
   */
  run<T>(requests: number, change: (paced: boolean) => Promise<T>): Promise<T>;
  /** At the engine's start: main is asked before the next change, however recent the figures. */
  reset(): void;
}

export function createRatePacer(options: RatePacerOptions): RatePacer {
  const { figures, run, now } = options;
  /** Changes under way on the free lanes: their requests are not in the figures yet. */
  let inFlight = 0;
  let slowLane: Promise<unknown> = Promise.resolve();
  let askNow = true;

  const unaccounted = (): number => figures.spentSince() + inFlight * REQUESTS_PER_CHANGE;

  function lanes(): number {
    return lanesFor(figures.current(), unaccounted(), options.configuredLanes(), now());
  }

  /**
   * The figures are judged as of when main took them: a window that has ended since then
   * says nothing of the next, and after low figures one change whose answer tells what the
   * window freed is safer than every lane on a guess (that is where 429s came from).
   */
  function budgetIsLow(): boolean {
    const held = figures.current();
    if (held === null) return false;
    const lanesNow = Math.max(inFlight, lanes());
    const at = takenAt(held);
    return budgetLow(held, unaccounted(), (limit) => budgetReserve(limit, lanesNow), Number.isFinite(at) ? at : now());
  }

  /** Waits until the window has room for `requests` and what the free lanes may still spend. */
  async function waitForRoom(requests: number): Promise<void> {
    while (run.running) {
      const before = figures.current();
      const wait = waitForBudgetMs(before, requests + unaccounted(), now(), options.slowDelayMs);
      if (wait <= 0) return;
      // A pace of a second or so is "sending slowly"; a wait for the window's reset is a pause the agent is told of.
      const told = wait >= RATE_WAIT_TOLD_MS;
      if (told) options.onRateWait?.(now() + wait);
      try {
        await run.sleep(wait);
      } finally {
        if (told) options.onRateWait?.(null);
      }
      // Nothing newer came meanwhile: the window has reset, or nothing tells when it will;
      // either way the next answer tells more than waiting again.
      if (figures.current() === before) return;
    }
  }

  async function learn(): Promise<void> {
    const quietMs = askNow ? 0 : options.quietMs;
    askNow = false;
    await figures.refresh(() => options.ask(), quietMs);
  }

  return {
    lanes,
    async run(requests, change) {
      await learn();
      if (!budgetIsLow()) {
        if (options.pacedTurn.get() !== null) options.pacedTurn.set(null);
        inFlight += 1;
        try {
          return await change(false);
        } finally {
          inFlight -= 1;
        }
      }
      const turn = slowLane.then(async () => {
        const started = now();
        await waitForRoom(requests);
        const result = await change(true);
        const took = Math.max(1, now() - started);
        const paced = options.pacedTurn.get();
        options.pacedTurn.set(paced === null ? took : 0.8 * paced + 0.2 * took);
        return result;
      });
      slowLane = turn.catch(() => undefined);
      return turn;
    },
    reset() {
      askNow = true;
    },
  };
}
