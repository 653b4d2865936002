/**
 * The sync engine: walks the outbox and gets every change to BizKitHub exactly once.
 * This is its front: start, stop, "Sync now", change notices, the status store, and when
 * to flush (timers, events). The work is done by
 * - ./flush-pass.ts: one pass under the flush lock (Web Locks 'desk-outbox-flush',
 *   ifAvailable, or an in-process mutex: one flush at a time, even across windows);
 * - ./entry-sender.ts: the per-entry protocol (claim, check, send, settle, failure, create);
 * - ./rate-pacer.ts: the lanes and the pace, by the rate-limit figures the replies carry;
 * - ./outbox-watch.ts: the pending count, new changes, the end of undo holds;
 * - ./sync-meta.ts: the state that survives reloads, and the status the UI sees.
 *
 * Flushes run one at a time; anything asked for during one (a change, an event, "Sync
 * now") gets a pass that starts after it (../runtime/throttle.ts). Queue-wide pauses:
 * 'rate-limited' until Retry-After has passed, 'auth' until the key changes
 * (`key-changed` event) or the agent presses "Sync now". The engine imports no Svelte.
 */
import type { DeskEvent } from '../../../common/ipc-contract';
import { DEFAULT_SETTINGS, NUMBER_SETTING_BOUNDS } from '../../../common/settings';
import type { DeskDatabase } from '../data/db';
import { pruneCache, pruneHistory } from '../data/prune';
import { defaultLocks, type LockManagerLike } from '../runtime/locks';
import { createRunState, STOPPED } from '../runtime/run-state';
import type { Readable } from '../runtime/store';
import { createThrottle } from '../runtime/throttle';
import { defaultTimers, type Timers } from '../runtime/timers';
import { deskCall, emptyReport, mergeReport, type FlushReport, type SyncDesk } from './engine-types';
import { createEntrySender } from './entry-sender';
import { createFlushPass } from './flush-pass';
import { createRateFigures, createRatePacer, observeReplies, type RateFigures } from './rate-pacer';
import { watchOutbox, type OutboxWatch } from './outbox-watch';
import { createReachability, type Reachability } from './reconnect';
import { createSyncMeta, type SyncMetaState, type SyncStatus } from './sync-meta';

type EventTargetLike = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface SyncEngineOptions {
  db: DeskDatabase;
  desk: SyncDesk;
  /**
   * Read at every pass. With `historyRetentionDays`, start() prunes older sent/discarded
   * entries; with `cachePruneDays`, start() prunes resolved complaints untouched that long
   * (see pruneCache in ../data/prune.ts).
   */
  getSettings: () => {
    conflictCheck: boolean;
    syncConcurrency: number;
    historyRetentionDays?: number;
    cachePruneDays?: number;
  };
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  locks?: LockManagerLike;
  /** Where 'online'/'offline' events come from; default `window` when it exists, null = none. */
  windowTarget?: EventTargetLike | null;
  /** Periodic flush. Default 30 s. */
  intervalMs?: number;
  /**
   * A request abandoned in flight (crash, closed window, stop()) may still reach the
   * server this long after it was claimed; its entry is checked only afterwards.
   * Keep it above the API client's request timeout. Default 30 s.
   */
  inFlightGraceMs?: number;
  /** Earliest check after an unknown outcome. Default 2 s. */
  needsCheckDelayMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
  stallThresholdMs?: number;
  /** Near the end of the rate window: the pause between changes when the figures say none are left but not until when. Default 1 s. */
  slowDelayMs?: number;
  /** notifyChange() waits this long to batch quick changes. Default 200 ms. */
  changeDebounceMs?: number;
  /** When another window holds the flush lock, try again after this. Default 3 s. */
  busyRetryMs?: number;
  /**
   * What this workspace was last told of the rate limit, shared with the refresher and the
   * views (./rate-pacer.ts). Default: the engine's own.
   */
  rateFigures?: RateFigures;
  /** Main is asked for the rate limit before a change only when no reply told it for this long. Default 5 s. */
  rateLimitQuietMs?: number;
  /**
   * True for a complaint the agent is looking at: its timeline is refreshed right after a
   * change of it is sent. Default: none (timelines are refreshed when a complaint is opened).
   */
  isOnScreen?: (complaintId: string) => boolean;
}

export interface SyncEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Flush now (the agent's "Sync now"): also when offline, retries an auth pause once, and
   * ends the undo window of changes still held (changeStatus's `holdMs`).
   */
  syncNow(): Promise<FlushReport>;
  /** Call after changeStatus (the engine also watches the outbox; this only makes it faster). */
  notifyChange(): void;
  status: Readable<SyncStatus>;
}

/** Event handlers run detached: a failed write (database closing) must not become an unhandled rejection. */
function detached(work: () => Promise<unknown>): void {
  work().catch(() => undefined);
}

/**
 * What makes the engine flush besides its timers: main's events (connectivity, wake,
 * the tray's "Sync now", a new key) and the window's online/offline. Returns the cleanup.
 */
function listenForTriggers(o: {
  desk: Pick<SyncDesk, 'onEvent'>;
  windowTarget: EventTargetLike | null;
  state: SyncMetaState;
  requestFlush(force: boolean): Promise<FlushReport>;
  /** Drops the retry timer (armed before a sleep, so stale). */
  dropWake(): void;
  /** Main's word on reaching the API (./reconnect.ts: back online, everything waiting goes). */
  reach: Reachability;
}): () => void {
  const { state, requestFlush, reach } = o;
  const onDeskEvent = (event: DeskEvent): void => {
    if (event.type === 'connectivity') {
      detached(async () => {
        if (await reach.apiAnswered(event.online)) await requestFlush(false);
      });
    } else if (event.type === 'wake') {
      // Woke from sleep / network back, and main has just probed. Timers armed before a
      // sleep are stale: drop the retry timer and flush now. The flush compares retry times
      // with the clock, so a delay that expired meanwhile is due; the rest are re-armed.
      detached(async () => {
        if (!(await reach.apiAnswered(event.online))) return;
        o.dropWake();
        await requestFlush(false);
      });
    } else if (event.type === 'sync-now') {
      detached(() => requestFlush(true)); // the tray's "Sync now", as the button
    } else if (event.type === 'key-changed') {
      detached(async () => {
        if (state.meta.pausedReason === 'auth') await state.update({ pausedReason: null, pausedUntil: null });
        await requestFlush(false);
      });
    }
  };
  const cleanups = [o.desk.onEvent(onDeskEvent)];
  const target = o.windowTarget;
  if (target !== null) {
    const onOnline = (): void =>
      detached(async () => {
        await state.setOnline(true);
        await requestFlush(false);
      });
    // The OS's word only: the API's answer (main's) is what ends backoffs.
    const onOffline = (): void =>
      detached(async () => {
        reach.lost();
        await state.setOnline(false);
      });
    target.addEventListener('online', onOnline);
    target.addEventListener('offline', onOffline);
    cleanups.push(() => {
      target.removeEventListener('online', onOnline);
      target.removeEventListener('offline', onOffline);
    });
  }
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}

/** The `syncConcurrency` setting, held to the bounds the settings schema and form use. */
function configuredConcurrency(settings: { syncConcurrency: number }): number {
  const { min, max } = NUMBER_SETTING_BOUNDS.syncConcurrency;
  const configured = Math.floor(settings.syncConcurrency);
  return Math.min(max, Math.max(min, Number.isFinite(configured) ? configured : DEFAULT_SETTINGS.syncConcurrency));
}

/** Prunes old history and the resolved cache as the settings say; never blocks the start. */
function pruneAtStart(db: DeskDatabase, settings: ReturnType<SyncEngineOptions['getSettings']>, at: number): void {
  const retentionDays = settings.historyRetentionDays;
  if (retentionDays !== undefined) detached(() => pruneHistory(db, retentionDays * 86_400_000, at));
  const cacheDays = settings.cachePruneDays;
  if (cacheDays !== undefined) detached(() => pruneCache(db, { olderThanMs: cacheDays * 86_400_000, now: at }));
}

/** One timer for the earliest time an entry is due again: a later request never delays it. */
function createWakeTimer(timers: Timers, now: () => number, onWake: () => void) {
  let pending: { handle: unknown; at: number } | null = null;
  return {
    schedule(at: number): void {
      if (pending !== null && pending.at <= at) return;
      if (pending !== null) timers.clearTimeout(pending.handle);
      const handle = timers.setTimeout(() => {
        pending = null;
        onWake();
      }, Math.max(0, at - now()));
      pending = { at, handle };
    },
    drop(): void {
      if (pending !== null) timers.clearTimeout(pending.handle);
      pending = null;
    },
  };
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, getSettings } = options;
  const now = options.now ?? Date.now;
  const figures = options.rateFigures ?? createRateFigures(now);
  const desk = observeReplies(options.desk, figures);
  const timers = options.timers ?? defaultTimers;
  const intervalMs = options.intervalMs ?? 30_000;
  const changeDebounceMs = options.changeDebounceMs ?? 200;
  const windowTarget =
    options.windowTarget !== undefined
      ? options.windowTarget
      : ((globalThis as { window?: EventTargetLike }).window ?? null);

  const run = createRunState(timers);
  const wake = createWakeTimer(timers, now, () => void requestFlush(false));
  const scheduleWake = (at: number): void => {
    if (run.running) wake.schedule(at);
  };
  const dropWake = (): void => wake.drop();
  const state = createSyncMeta({ db, now, stallThresholdMs: options.stallThresholdMs });
  const reach = createReachability({ db, state, now, random: options.random ?? Math.random });
  const pacer = createRatePacer({
    figures,
    run,
    now,
    ask: async () => {
      const r = await deskCall(run, () => desk.getRateLimit({}));
      return r !== STOPPED && r.ok ? r.value : undefined;
    },
    quietMs: options.rateLimitQuietMs ?? 5000,
    configuredLanes: () => configuredConcurrency(getSettings()),
    slowDelayMs: options.slowDelayMs ?? 1000,
    pacedTurn: { get: () => state.pacedTurnMs, set: (ms) => state.setPacedTurn(ms) },
    onRateWait: (until) => state.setRateWait(until),
  });
  const sender = createEntrySender({
    db,
    desk,
    run,
    state,
    pacer,
    now,
    random: options.random ?? Math.random,
    getSettings,
    backoff: options.backoff,
    needsCheckDelayMs: options.needsCheckDelayMs,
    isOnScreen: options.isOnScreen,
    scheduleWake,
  });
  const flushOnce = createFlushPass({
    db,
    run,
    state,
    sender,
    locks: options.locks ?? defaultLocks(),
    now,
    inFlightGraceMs: options.inFlightGraceMs ?? 30_000,
    busyRetryMs: options.busyRetryMs ?? 3000,
    concurrency: () => pacer.lanes(),
    scheduleWake,
  });
  let watch: OutboxWatch | null = null;
  const flushes = createThrottle<boolean, FlushReport>({
    run: flushOnce,
    merge: (waiting, next) => waiting || next,
    initial: emptyReport,
    fold: mergeReport,
    keepGoing: () => run.running,
    // The status (pending...) exact when the flush is over, whatever the watch's pace.
    // A request made while it is read (a key-changed event, "Sync now") gets its pass.
    settle: async () => {
      await watch?.refresh();
    },
  });

  const cleanups: Array<() => void> = [];
  let debounceHandle: unknown = null;
  let tickHandle: unknown = null;

  function requestFlush(force: boolean): Promise<FlushReport> {
    if (!run.running) return Promise.resolve({ ...emptyReport(), skipped: 'stopped' });
    return flushes.request(force);
  }

  function armTick(): void {
    tickHandle = timers.setTimeout(() => {
      if (!run.running) return;
      state.publish(); // the watchdog depends on time
      void requestFlush(false);
      armTick();
    }, intervalMs);
  }

  function notifyChange(): void {
    if (!run.running) return;
    if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
    debounceHandle = timers.setTimeout(() => {
      debounceHandle = null;
      void requestFlush(false);
    }, changeDebounceMs);
  }

  async function start(): Promise<void> {
    if (!run.begin()) return;
    flushes.clear();
    pacer.reset();
    const storedOnline = await state.load(async () => {
      const connectivity = await deskCall(run, () => desk.getConnectivity({}));
      return connectivity !== STOPPED && connectivity.ok
        ? connectivity.value.online
        : ((globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine ?? true);
    });
    if (!run.running) return;
    // Closed (or killed) while the API was unreachable: its answer now is a reconnect.
    if (!storedOnline) reach.lost();
    if (state.meta.online) await reach.apiAnswered(true);
    if (!run.running) return;

    cleanups.push(listenForTriggers({ desk, windowTarget, state, requestFlush, dropWake, reach }));
    // A connectivity event sent between the read above and subscribing is lost: read once
    // more now that events arrive (an answer comes after any event sent before it). Else a
    // window opened while the API came back says Offline until the next change.
    const again = await deskCall(run, () => desk.getConnectivity({}));
    if (!run.running) return;
    if (again !== STOPPED && again.ok && again.value.online !== state.meta.online) await reach.apiAnswered(again.value.online);
    const outboxWatch = watchOutbox({ db, desk, state, now, notifyChange, scheduleWake });
    watch = outboxWatch;
    cleanups.push(() => {
      watch = null;
      outboxWatch.stop();
    });
    armTick();
    pruneAtStart(db, getSettings(), now());
    // Recovers abandoned entries even when offline (the flush does that first).
    void requestFlush(false);
  }

  async function stop(): Promise<void> {
    if (!run.end()) return;
    for (const cleanup of cleanups.splice(0)) cleanup();
    dropWake();
    if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
    debounceHandle = null;
    if (tickHandle !== null) timers.clearTimeout(tickHandle);
    tickHandle = null;
    // In-flight requests are abandoned (their entries stay `sending` and are checked
    // by the next flush); only local writes already under way are awaited.
    await flushes.current()?.catch(() => undefined);
  }

  return { start, stop, syncNow: () => requestFlush(true), notifyChange, status: state.status };
}
