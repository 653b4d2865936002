/**
 * Background refresh of the worklist's cached details, mindful of the rate limit. The
 * on-demand side is refreshComplaint.
 *
 * - On start, when the app comes back online (the sync engine's status: `online`
 *   false → true), when a queue pause ends and when the key changes: every complaint never
 *   downloaded, or whose last download failed ("Could not refresh … will retry
 *   automatically" is this).
 * - Every `intervalMs` (10 min): those, then the stale ones (downloaded more than
 *   `staleAfterMs` ago, 15 min), oldest first, at most `maxStalePerRound` per round.
 *   Complaints BizKitHub does not know (`existsOnServer` false) are not asked about again
 *   on a schedule: the agent's Refresh still does.
 * - `concurrency` (2) requests at a time. A round waits while the engine is flushing (the
 *   agent's changes first). No round while offline or while the engine has the queue
 *   paused (rate limit, key); a round stops once no more than `reserveFraction` (20 %) of
 *   the rate limit is left (that rest is for the agent's changes: budgetLow in
 *   common/rate-budget.ts) and on an error the next requests would hit as well
 *   (refreshAll). The figures come with the replies (./rate-pacer.ts: RateFigures, shared
 *   with the engine); main is asked only when none came for a while.
 * - One round at a time; a round asked for meanwhile runs after it (merged). Across
 *   windows one at a time too (Web Lock `desk-background-refresh`, ifAvailable: when
 *   another window holds it, that window is at it and this one skips).
 * - Requests never run inside a Dexie transaction (refreshAll reads first, then each
 *   answer is stored by itself).
 */
import type { DeskApi, DeskEvent } from '../../../common/ipc-contract';
import { backgroundReserve, budgetLow } from '../../../common/rate-budget';
import type { ComplaintGlance } from '../data/complaint-scan';
import { isLocalOnly, type DeskDatabase } from '../data/db';
import { refreshAll, type RefreshAllReport } from '../data/worklist';
import { defaultLocks, type LockManagerLike } from '../runtime/locks';
import type { Readable } from '../runtime/store';
import { createThrottle } from '../runtime/throttle';
import { defaultTimers, type Timers } from '../runtime/timers';
import { createRateFigures, observeReplies, type RateFigures } from './rate-pacer';
import type { SyncStatus } from './sync-meta';

export const REFRESH_LOCK_NAME = 'desk-background-refresh';

/** What the refresher follows of the engine's status; `syncing` absent = never syncing. */
export type RefresherStatus = Pick<SyncStatus, 'online' | 'pausedReason'> & { syncing?: boolean };

export type RefresherDesk = Pick<DeskApi, 'getComplaint' | 'getRateLimit' | 'onEvent'>;

export interface RefresherOptions {
  db: DeskDatabase;
  desk: RefresherDesk;
  /** The sync engine's status (its `online` follows main's connectivity events). */
  status: Readable<RefresherStatus>;
  now?: () => number;
  timers?: Timers;
  /** Default: the Web Locks API, or an in-process stand-in where it does not exist. */
  locks?: LockManagerLike;
  /** Periodic round. Default 10 min. */
  intervalMs?: number;
  /** A detail older than this is refreshed by the periodic round. Default 15 min. */
  staleAfterMs?: number;
  /** Requests at once. Default 2. */
  concurrency?: number;
  /** Stale complaints refreshed per periodic round at most. Default 200. */
  maxStalePerRound?: number;
  /** A round stops once no more than this fraction of the rate limit is left. Default 0.2. */
  reserveFraction?: number;
  /** What this workspace was last told of the rate limit (shared with the engine). Default: its own. */
  rateFigures?: RateFigures;
  /** Main is asked for the rate limit at a round's start only when no reply told it for this long. Default 5 s. */
  rateLimitQuietMs?: number;
  /**
   * After the app comes back online, the round waits this long before it begins (then
   * for the engine's flush, if one runs): the engine starts its drain at once, and the
   * round's first step reads every cached complaint. Default 2 s; 0 = at once.
   */
  onlineRoundDelayMs?: number;
}

export interface RefreshRoundReport extends RefreshAllReport {
  /** Why the round made no request at all; null when it ran. */
  skipped: null | 'offline' | 'paused' | 'busy' | 'stopped';
  /** The round stopped because the rate limit was nearly used up: the rest waits. */
  rateLimitLow: boolean;
  /** A local failure (e.g. the database was closed). */
  error: string | null;
}

export interface Refresher {
  /** Starts following the status and the timer; resolves with the first round's report. */
  start(): Promise<RefreshRoundReport>;
  /** Stops the timers; a round under way ends after its requests in flight. */
  stop(): Promise<void>;
  /**
   * A round now (merged with one under way): the complaints that need downloading and,
   * with `stale`, the stale ones too.
   */
  refreshNow(options?: { stale?: boolean }): Promise<RefreshRoundReport>;
  /** Resolves once no round is under way (and none is waiting to follow). */
  idle(): Promise<void>;
}

/** Never downloaded, or the last download failed: download as soon as possible. */
export function needsDownload(row: ComplaintGlance): boolean {
  // Filed here and not yet created: BizKitHub has nothing under its local reference.
  if (isLocalOnly(row)) return false;
  return row.fetchFailed || (row.fetchedAt === null && row.existsOnServer === null);
}

/** Downloaded fine, but longer than `staleAfterMs` ago. */
export function isStale(row: ComplaintGlance, now: number, staleAfterMs: number): boolean {
  return (
    !row.fetchFailed &&
    row.existsOnServer !== false &&
    row.fetchedAt !== null &&
    now - row.fetchedAt >= staleAfterMs
  );
}

function emptyReport(skipped: RefreshRoundReport['skipped'] = null): RefreshRoundReport {
  return { refreshed: 0, notFound: 0, failed: 0, stoppedBy: null, skipped, rateLimitLow: false, error: null };
}

function addUp(total: RefreshRoundReport, part: RefreshAllReport): void {
  total.refreshed += part.refreshed;
  total.notFound += part.notFound;
  total.failed += part.failed;
  total.stoppedBy ??= part.stoppedBy;
}

/** The options with their defaults filled in. */
function withDefaults(options: RefresherOptions) {
  const now = options.now ?? Date.now;
  return {
    now,
    figures: options.rateFigures ?? createRateFigures(now),
    rateLimitQuietMs: options.rateLimitQuietMs ?? 5000,
    timers: options.timers ?? defaultTimers,
    locks: options.locks ?? defaultLocks(),
    intervalMs: options.intervalMs ?? 10 * 60_000,
    staleAfterMs: options.staleAfterMs ?? 15 * 60_000,
    concurrency: options.concurrency ?? 2,
    maxStalePerRound: options.maxStalePerRound ?? 200,
    reserveFraction: options.reserveFraction ?? 0.2,
    onlineRoundDelayMs: options.onlineRoundDelayMs ?? 2000,
  };
}

/**
 * Lets a round wait for the end of this window's flush: `wait` returns once `syncing()`
 * is false, `open` is called when the engine's status says the flush ended (or on stop).
 */
function createDrainGate() {
  let drained: { promise: Promise<void>; resolve: () => void } | null = null;
  return {
    async wait(syncing: () => boolean): Promise<void> {
      while (syncing()) {
        if (drained === null) {
          let resolve = (): void => {};
          const promise = new Promise<void>((r) => (resolve = r));
          drained = { promise, resolve };
        }
        await drained.promise;
      }
    },
    open(): void {
      drained?.resolve();
      drained = null;
    },
  };
}

export function createRefresher(options: RefresherOptions): Refresher {
  const { db, status } = options;
  const settings = withDefaults(options);
  const { now, figures, rateLimitQuietMs, timers, locks, intervalMs } = settings;
  const { staleAfterMs, concurrency, maxStalePerRound, reserveFraction, onlineRoundDelayMs } = settings;
  const desk = observeReplies(options.desk, figures);
  let onlineHandle: unknown = null;

  let running = false;
  let latest: RefresherStatus = { online: false, pausedReason: null };
  const drain = createDrainGate();
  let tickHandle: unknown = null;
  const cleanups: Array<() => void> = [];

  const mayRequest = (): boolean => running && latest.online && latest.pausedReason === null;

  /** No answer about the limit counts as not low: the requests' own errors still stop the round. */
  async function askRateLimit() {
    const r = await desk.getRateLimit({});
    return r.ok ? r.value : undefined;
  }

  const rateLimitIsLow = (): boolean =>
    budgetLow(figures.current(), figures.spentSince(), backgroundReserve(reserveFraction), now());

  /**
   * The agent's changes first: a round waits while this window's engine is flushing. The
   * round begins with a scan of every cached complaint, whose read transaction would hold
   * the drain's writes back (docs/data-notes.md).
   */
  const waitForDrain = (): Promise<void> => drain.wait(() => running && latest.syncing === true);

  async function round(stale: boolean): Promise<RefreshRoundReport> {
    await waitForDrain();
    if (!running) return emptyReport('stopped');
    if (!latest.online) return emptyReport('offline');
    if (latest.pausedReason !== null) return emptyReport('paused');
    await figures.refresh(askRateLimit, rateLimitQuietMs);
    const report = emptyReport();
    let halted = false;
    const mayContinue = async (): Promise<boolean> => {
      if (halted || !mayRequest()) {
        halted = true;
        return false;
      }
      if (rateLimitIsLow()) {
        report.rateLimitLow = true;
        halted = true;
        return false;
      }
      return true;
    };
    try {
      const ran = await locks.request(REFRESH_LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (lock === null) return false;
        addUp(report, await refreshAll(db, desk, { concurrency, now, filter: needsDownload, mayContinue }));
        if (stale && !halted && report.stoppedBy === null) {
          const at = now();
          addUp(
            report,
            await refreshAll(db, desk, {
              concurrency,
              now,
              filter: (row) => isStale(row, at, staleAfterMs),
              limit: maxStalePerRound,
              mayContinue,
            }),
          );
        }
        return true;
      });
      if (!ran) report.skipped = 'busy';
    } catch (cause) {
      report.error = String(cause);
    }
    return report;
  }

  // One round at a time; rounds asked for meanwhile become one that follows (stale if any asked for it).
  const rounds = createThrottle<boolean, RefreshRoundReport>({
    run: round,
    merge: (waiting, next) => waiting || next,
    initial: () => emptyReport('stopped'),
    fold: (_, last) => last,
    keepGoing: () => running,
  });

  function requestRound(stale: boolean): Promise<RefreshRoundReport> {
    if (!running) return Promise.resolve(emptyReport('stopped'));
    return rounds.request(stale);
  }

  function armTick(): void {
    tickHandle = timers.setTimeout(() => {
      tickHandle = null;
      if (!running) return;
      void requestRound(true);
      armTick();
    }, intervalMs);
  }

  function onStatus(next: RefresherStatus): void {
    const cameOnline = next.online && !latest.online;
    const unpaused = latest.pausedReason !== null && next.pausedReason === null;
    latest = { online: next.online, pausedReason: next.pausedReason, syncing: next.syncing };
    if (next.syncing !== true) drain.open();
    if (!running) return;
    if (cameOnline && onlineRoundDelayMs > 0) {
      if (onlineHandle !== null) return;
      onlineHandle = timers.setTimeout(() => {
        onlineHandle = null;
        if (running) void requestRound(false);
      }, onlineRoundDelayMs);
    } else if (cameOnline || (unpaused && next.online)) void requestRound(false);
  }

  function onDeskEvent(event: DeskEvent): void {
    // Downloads that failed for the old key may work with the new one.
    if (event.type === 'key-changed') void requestRound(false);
  }

  return {
    start() {
      if (running) return Promise.resolve(emptyReport('stopped'));
      // The store calls back at once with the current status (running is still false
      // then): that only sets `latest`, it is no transition.
      cleanups.push(status.subscribe(onStatus));
      running = true;
      cleanups.push(desk.onEvent(onDeskEvent));
      armTick();
      return requestRound(false);
    },
    async stop() {
      if (!running) return;
      running = false;
      drain.open();
      for (const cleanup of cleanups.splice(0)) cleanup();
      if (tickHandle !== null) timers.clearTimeout(tickHandle);
      tickHandle = null;
      if (onlineHandle !== null) timers.clearTimeout(onlineHandle);
      onlineHandle = null;
      rounds.clear();
      await rounds.current()?.catch(() => undefined);
    },
    refreshNow: (o = {}) => requestRound(o.stale ?? false),
    async idle() {
      for (let current = rounds.current(); current !== null; current = rounds.current()) {
        await current.catch(() => undefined);
      }
    },
  };
}
