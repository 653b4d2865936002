/**
 * The sync engine: walks the outbox and gets every change to BizKitHub exactly once.
 *
 * - One flush at a time, even across windows: the Web Locks API
 *   (`navigator.locks`, lock 'desk-outbox-flush', ifAvailable) or an in-process mutex.
 * - Crash safety: an entry is marked `sending` in a transaction before its request;
 *   any `sending` entry found by a flush that holds the lock was left by a flush that
 *   died (crash, closed window, stop()) and becomes `needs-check`, checked with
 *   `detail` no earlier than `inFlightGraceMs` after it was claimed (main may still
 *   be carrying the request).
 * - Network calls never happen inside a Dexie transaction or liveQuery. Every write
 *   after a call is conditional on the claim (state `sending` and the claim's
 *   `updatedAt`), so a late answer can never overwrite a newer decision.
 * - Per complaint strictly in `seq` order; different complaints in parallel up to
 *   `syncConcurrency` (1 when the rate limit is nearly used up). A lane walks one
 *   complaint's chain of changes, then takes the longest chain left (./chain-pool.ts).
 * - Conflict check: one `detail` before a complaint's first change of a pass; a change
 *   whose predecessor the pass has just confirmed (sent or found applied, less than
 *   CONFIRMED_FRESH_MS ago) skips it, the server having answered that moments ago.
 * - Bookkeeping off the critical path: the check's answer is stored with the entry's next
 *   state (one transaction), lastAttemptAt/lastSuccessAt writes are not waited for,
 *   timelines are refreshed after the pass, and the outbox watch is paced.
 * - Queue-wide pauses: 'rate-limited' until Retry-After has passed, 'auth' until the
 *   key changes (`key-changed` event) or the agent presses "Sync now".
 */
import Dexie from 'dexie';
import { writable, type Readable } from 'svelte/store';
import { ComplaintIdSchema, type ComplaintDetail } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import type { DeskApi, DeskEvent, RateLimit } from '../../../common/ipc-contract';
import {
  afterCheck,
  isCreate,
  isInUndoHold,
  isStalled,
  isUnsent,
  nextSendable,
  nextStateAfter,
  nextWakeAt,
  rateLimitLow,
  sendableChains,
  type CallOutcome,
  type CheckPhase,
  type OutboxEntry,
  type QueuePause,
  type Transition,
  type TransitionContext,
} from '../../../common/outbox-rules';
import type { ComplaintStatus } from '../../../common/status';
import { defaultSyncMeta, readSyncMeta, type CachedComplaint, type DeskDatabase, type SyncMeta } from '../data/db';
import { runPool } from '../data/pool';
import { applyDetail, applyFetchError } from '../data/worklist';
import { pruneCache } from '../data/prune';
import { routeEntry } from '../../../common/destination';
import { runChains } from './chain-pool';
import { pacedQuery } from '../data/paced-query';
import { remapComplaint } from '../data/new-complaints';
import { pruneHistory, readUnsent, recomputeComplaint, touch } from '../data/outbox';

export const FLUSH_LOCK_NAME = 'desk-outbox-flush';

export interface SyncStatus {
  online: boolean;
  /** This window is flushing right now. */
  syncing: boolean;
  pausedReason: null | 'auth' | 'rate-limited';
  pausedUntil: number | null;
  /** Last time a change was confirmed on the server (sent, or found already applied). */
  lastSuccessAt: number | null;
  lastError: DeskError | null;
  /** Watchdog: online, queue not empty, nothing confirmed for more than 3 minutes. */
  stalled: boolean;
  /** Unsent entries (queued, sending, needs-check, conflict, failed). Added field. */
  pending: number;
  /**
   * `pending` has been read from the outbox since start (before that it is 0 and says
   * nothing): the UI counts from the engine's state then, not with queries of its own.
   */
  pendingKnown: boolean;
  /**
   * While the rate limit is nearly used up and changes go one at a time: about how long
   * the queue still takes at that pace (the agent sees "about 12 min left"); null otherwise.
   */
  pacedLeftMs: number | null;
  /** Last time the engine called the API for the outbox. Added field. */
  lastAttemptAt: number | null;
}

export interface FlushReport {
  /** Applied by a request of this flush. */
  sent: number;
  /** Found already applied by a `detail` check: nothing sent. */
  reconciled: number;
  conflicts: number;
  failed: number;
  /** Creates whose answer was lost: they may exist on BizKitHub, the agent decides. */
  uncertain: number;
  /** Back in the queue with a delay (backoff, unknown outcome, pause). */
  retrying: number;
  /** Why the (last) pass did not send: offline, paused, another window holds the lock, engine stopped. */
  skipped: null | 'offline' | 'paused' | 'busy' | 'stopped';
  /** A local failure (e.g. the database); the queue is untouched. */
  error: string | null;
}

/** The part of navigator.locks the engine uses; injectable for tests. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SyncDesk = Pick<
  DeskApi,
  'getComplaint' | 'setComplaintStatus' | 'createComplaint' | 'getRateLimit' | 'getConnectivity' | 'reportPending' | 'onEvent'
>;

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
  timers?: EngineTimers;
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
  /** Pause between requests when the rate limit is nearly used up. Default 1 s. */
  slowDelayMs?: number;
  /** notifyChange() waits this long to batch quick changes. Default 200 ms. */
  changeDebounceMs?: number;
  /** When another window holds the flush lock, try again after this. Default 3 s. */
  busyRetryMs?: number;
  /** Ask main for the rate limit at most this often. Default 5 s. */
  rateLimitPollMs?: number;
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

// ---------------------------------------------------------------------------------
// Locks

/** An in-process stand-in for navigator.locks (exclusive locks, ifAvailable). */
export function createLocalLocks(): LockManagerLike {
  const held = new Map<string, Promise<void>>();
  return {
    async request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
      if (options.ifAvailable === true && held.has(name)) return callback(null);
      for (let current = held.get(name); current !== undefined; current = held.get(name)) await current;
      let release = (): void => {};
      held.set(name, new Promise<void>((resolve) => (release = resolve)));
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        release();
      }
    },
  };
}

/** Shared by every engine in this JS realm that has no Web Locks. */
const localLocks = createLocalLocks();

function defaultLocks(): LockManagerLike {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  const webLocks = nav?.locks;
  if (webLocks === undefined) return localLocks;
  return {
    request: <T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>) =>
      webLocks.request(name, options, callback) as Promise<T>,
  };
}

const defaultTimers: EngineTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function emptyReport(): FlushReport {
  return { sent: 0, reconciled: 0, conflicts: 0, failed: 0, uncertain: 0, retrying: 0, skipped: null, error: null };
}

function mergeReport(total: FlushReport, pass: FlushReport): void {
  total.sent += pass.sent;
  total.reconciled += pass.reconciled;
  total.conflicts += pass.conflicts;
  total.failed += pass.failed;
  total.uncertain += pass.uncertain;
  total.retrying += pass.retrying;
  total.skipped = pass.skipped;
  total.error = pass.error ?? total.error;
}

/** Entry-level refusals: they fail one entry, they say nothing about the queue. */
const ENTRY_ERROR_KINDS: ReadonlySet<DeskError['kind']> = new Set(['not-found', 'invalid', 'bad-request']);

const STOPPED = Symbol('stopped');

/**
 * How long a confirmation (this pass sent or found a complaint's change) stands in for the
 * next change's conflict check: a complaint is checked once per pass, not once per change
 * (a lane walks a complaint's changes back to back, see ./chain-pool.ts). The bound only
 * guards against a pass that stalled between two changes (a long rate-limit pace).
 */
const CONFIRMED_FRESH_MS = 30_000;

/** An entry ready again right after its attempt (retry delay 0) waits at least this long. */
const RETRY_FLOOR_MS = 250;

type Claim = { entry: OutboxEntry & { seq: number }; token: number };

// ---------------------------------------------------------------------------------

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, desk, getSettings } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timers = options.timers ?? defaultTimers;
  const locks = options.locks ?? defaultLocks();
  const intervalMs = options.intervalMs ?? 30_000;
  const inFlightGraceMs = options.inFlightGraceMs ?? 30_000;
  const slowDelayMs = options.slowDelayMs ?? 1000;
  const changeDebounceMs = options.changeDebounceMs ?? 200;
  const busyRetryMs = options.busyRetryMs ?? 3000;
  const rateLimitPollMs = options.rateLimitPollMs ?? 5000;
  const windowTarget =
    options.windowTarget !== undefined
      ? options.windowTarget
      : ((globalThis as { window?: EventTargetLike }).window ?? null);

  const transitionContext = (phase: 'send' | 'check'): TransitionContext => ({
    now: now(),
    phase,
    random,
    backoff: options.backoff,
    needsCheckDelayMs: options.needsCheckDelayMs,
  });

  // --- state ------------------------------------------------------------------
  let meta: SyncMeta = defaultSyncMeta();
  let onlineSince: number | null = null;
  let pending = 0;
  let pendingKnown = false;
  /** While paced by the rate limit: how long one change takes (see processPaced); null otherwise. */
  let pacedTurnMs: number | null = null;
  let oldestActiveAt: number | null = null;
  let syncing = false;

  const store = writable<SyncStatus>(snapshot());

  function snapshot(): SyncStatus {
    return {
      online: meta.online,
      syncing,
      pausedReason: meta.pausedReason,
      pausedUntil: meta.pausedUntil,
      lastSuccessAt: meta.lastSuccessAt,
      lastError: meta.lastError,
      stalled: isStalled({
        online: meta.online,
        onlineSince,
        oldestActiveAt,
        lastSuccessAt: meta.lastSuccessAt,
        now: now(),
        thresholdMs: options.stallThresholdMs,
      }),
      pending,
      pendingKnown,
      pacedLeftMs: pacedTurnMs === null || !syncing ? null : Math.round(pacedTurnMs * pending),
      lastAttemptAt: meta.lastAttemptAt,
    };
  }
  const publish = (): void => store.set(snapshot());

  /** Updates the in-memory state at once and mirrors it to the meta table. */
  async function updateMeta(patch: Partial<Omit<SyncMeta, 'key'>>): Promise<void> {
    meta = { ...meta, ...patch };
    publish();
    await persistMeta();
  }

  let metaWrite: Promise<void> = Promise.resolve();
  let metaWriteQueued: Promise<void> | null = null;

  /**
   * Writes the in-memory meta: at most one write in flight and one queued behind it; every
   * call made meanwhile joins the queued one (it writes the latest meta when it runs).
   */
  function persistMeta(): Promise<void> {
    if (metaWriteQueued !== null) return metaWriteQueued;
    const write = metaWrite
      .catch(() => undefined)
      .then(async () => {
        metaWriteQueued = null;
        await db.meta.put(meta);
      });
    metaWriteQueued = write;
    metaWrite = write;
    return write;
  }

  /**
   * For the per-request bookkeeping (lastAttemptAt, lastSuccessAt): the status store is
   * updated at once and the database write is not waited for, so it never holds up the
   * next request (three awaited writes per change did). The fields are informational; a
   * failing database shows up in the outbox writes that follow.
   */
  function noteMeta(patch: Partial<Pick<SyncMeta, 'lastAttemptAt' | 'lastSuccessAt' | 'lastError'>>): void {
    meta = { ...meta, ...patch };
    publish();
    persistMeta().catch(() => undefined);
  }

  let running = false;
  let stopped = true;
  let signalStop = (): void => {};
  let stopSignal: Promise<typeof STOPPED> = Promise.resolve(STOPPED);
  const cleanups: Array<() => void> = [];
  let wakeTimer: { handle: unknown; at: number } | null = null;
  let debounceHandle: unknown = null;
  let tickHandle: unknown = null;
  let rateLimitCache: { at: number; value: RateLimit | null } | null = null;

  /** Resolves with the call's value, or STOPPED as soon as stop() is called. A throwing desk is an internal error. */
  function call<T>(fn: () => Promise<T>): Promise<T | typeof STOPPED> {
    if (stopped) return Promise.resolve(STOPPED);
    return Promise.race([fn(), stopSignal]);
  }

  async function callDesk<T>(fn: () => Promise<{ ok: true; value: T } | { ok: false; error: DeskError }>) {
    return call(async () => {
      try {
        return await fn();
      } catch (cause) {
        return { ok: false as const, error: { kind: 'internal' as const, message: `Desk call threw: ${String(cause)}` } };
      }
    });
  }

  function sleep(ms: number): Promise<unknown> {
    return call(() => new Promise<void>((resolve) => timers.setTimeout(resolve, ms)));
  }

  // --- scheduling -----------------------------------------------------------------

  function scheduleWake(at: number): void {
    if (!running) return;
    if (wakeTimer !== null && wakeTimer.at <= at) return;
    if (wakeTimer !== null) timers.clearTimeout(wakeTimer.handle);
    const delay = Math.max(0, at - now());
    wakeTimer = {
      at,
      handle: timers.setTimeout(() => {
        wakeTimer = null;
        void requestFlush(false);
      }, delay),
    };
  }

  function armTick(): void {
    tickHandle = timers.setTimeout(() => {
      if (!running) return;
      publish(); // the watchdog depends on time
      void requestFlush(false);
      armTick();
    }, intervalMs);
  }

  let current: Promise<FlushReport> | null = null;
  let rerun = false;
  let forceNext = false;

  function requestFlush(force: boolean): Promise<FlushReport> {
    if (!running) return Promise.resolve({ ...emptyReport(), skipped: 'stopped' });
    if (force) forceNext = true;
    if (current !== null) {
      rerun = true;
      return current;
    }
    const run = (async () => {
      const total = emptyReport();
      try {
        // Anything asked for during a pass (a change, an event, "Sync now") gets a pass
        // that starts after it: its data may have been read too early by this one.
        do {
          do {
            rerun = false;
            const forced = forceNext;
            forceNext = false;
            mergeReport(total, await flushOnce(forced));
          } while (!stopped && (rerun || forceNext));
          // The status (pending...) exact when the flush is over, whatever the watch's pace.
          // A request made while it is read (a key-changed event, "Sync now") gets its pass.
          if (!stopped) await refreshWatch();
        } while (!stopped && (rerun || forceNext));
      } finally {
        current = null;
      }
      return total;
    })();
    current = run;
    return run;
  }

  async function flushOnce(force: boolean): Promise<FlushReport> {
    const report = emptyReport();
    if (stopped) return { ...report, skipped: 'stopped' };
    try {
      const gotLock = await locks.request(FLUSH_LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (lock === null) return false;
        await flushUnderLock(force, report);
        return true;
      });
      if (!gotLock) {
        report.skipped = 'busy';
        scheduleWake(now() + busyRetryMs);
      }
    } catch (cause) {
      // A local failure (database closed or broken): nothing was lost, the queue is as it was.
      report.error = String(cause);
    }
    return report;
  }

  // --- the flush --------------------------------------------------------------------

  /** Entries left `sending` by a flush that is gone: outcome unknown. */
  async function recoverAbandoned(): Promise<void> {
    await db.transaction('rw', db.outbox, async () => {
      const abandoned = await db.outbox.where('state').equals('sending').toArray();
      for (const e of abandoned) {
        if (e.seq === undefined) continue;
        if (isCreate(e)) {
          // A create cannot be checked with `detail` (no ID yet, no list): main is asked for
          // the outcome of what it sent (resume, see processCreate), or the agent decides.
          await db.outbox.update(e.seq, { state: 'needs-check', nextAttemptAt: 0, updatedAt: touch(e, now()) });
          continue;
        }
        await db.outbox.update(e.seq, {
          state: 'needs-check',
          // min(): a claim time ahead of the clock (clock set back) must not delay the check for long.
          nextAttemptAt: Math.min(e.updatedAt, now()) + inFlightGraceMs,
          updatedAt: touch(e, now()),
        });
      }
    });
  }

  /** Adopts a pause another window may have recorded; ends an expired rate-limit pause. */
  async function currentPause(force: boolean): Promise<SyncMeta['pausedReason']> {
    const stored = await readSyncMeta(db);
    if (stored.pausedReason !== meta.pausedReason || stored.pausedUntil !== meta.pausedUntil) {
      meta = { ...meta, pausedReason: stored.pausedReason, pausedUntil: stored.pausedUntil };
      publish();
    }
    if (meta.pausedReason === 'rate-limited' && (meta.pausedUntil === null || meta.pausedUntil <= now())) {
      await updateMeta({ pausedReason: null, pausedUntil: null });
    }
    if (meta.pausedReason === 'auth' && force) await updateMeta({ pausedReason: null, pausedUntil: null });
    return meta.pausedReason;
  }

  async function pauseQueue(pause: QueuePause): Promise<void> {
    if (pause.reason === 'auth') {
      await updateMeta({ pausedReason: 'auth', pausedUntil: null });
      return;
    }
    const until = Math.max(pause.until, meta.pausedReason === 'rate-limited' ? (meta.pausedUntil ?? 0) : 0);
    await updateMeta({ pausedReason: meta.pausedReason === 'auth' ? 'auth' : 'rate-limited', pausedUntil: until });
    scheduleWake(until);
  }

  async function rateLimitIsLow(): Promise<boolean> {
    if (rateLimitCache === null || now() - rateLimitCache.at >= rateLimitPollMs) {
      const r = await callDesk(() => desk.getRateLimit({}));
      rateLimitCache = { at: now(), value: r !== STOPPED && r.ok ? r.value : null };
    }
    return rateLimitLow(rateLimitCache.value, undefined, now());
  }

  /**
   * Unsent entries of this database. An entry stamped with another destination than the
   * database's (never written by this app, only by hand or a bug) is left alone: sent
   * there or nowhere.
   */
  async function unsentEntries(): Promise<OutboxEntry[]> {
    const entries = await readUnsent(db);
    return entries.filter((e) => e.destination === undefined || routeEntry(e.destination, db.destination) === 'send');
  }

  /**
   * "Sync now" sends changes still in their undo window too. Decision: an agent who
   * presses Sync now wants what they see as pending on the server now, and the notice's
   * Undo still works afterwards (it queues the reverse change, as it does once the window
   * has passed). Keeping the hold would make Sync now look broken for up to the window's
   * length. Only holds end here: backoff and rate-limit waits are untouched.
   */
  async function releaseUndoHolds(): Promise<void> {
    await db.transaction('rw', db.outbox, async () => {
      const at = now();
      const held = await db.outbox
        .where('state')
        .equals('queued')
        .filter((e) => isInUndoHold(e, at))
        .toArray();
      for (const e of held) {
        if (e.seq !== undefined) await db.outbox.update(e.seq, { nextAttemptAt: 0, updatedAt: touch(e, at) });
      }
    });
  }

  async function flushUnderLock(force: boolean, report: FlushReport): Promise<void> {
    await recoverAbandoned();
    if ((await currentPause(force)) !== null) {
      report.skipped = 'paused';
      if (meta.pausedReason === 'rate-limited' && meta.pausedUntil !== null) scheduleWake(meta.pausedUntil);
      return;
    }
    if (!meta.online && !force) {
      report.skipped = 'offline';
      return;
    }
    if (force) await releaseUndoHolds();
    confirmedInPass.clear();
    const halt: { wakeAt: number | null; halted: boolean } = { wakeAt: null, halted: false };
    // Each entry at most once per pass: one whose retry delay came out as 0 (full jitter)
    // waits for the next pass instead of looping here.
    const attempted = new Set<number>();
    syncing = true;
    publish();
    try {
      while (!stopped && !halt.halted) {
        // Per complaint, its unsent entries in order (a chain). A lane walks a chain until an
        // entry does not end confirmed, then takes the longest chain left; never two entries
        // of one complaint at once, and no batch barrier (see ./chain-pool.ts).
        const chains = sendableChains(await unsentEntries(), now()).filter(
          (chain) => chain[0]?.seq !== undefined && !attempted.has(chain[0].seq),
        );
        if (chains.length === 0) break;
        await runChains(
          chains,
          configuredConcurrency(),
          async (entry) => {
            if (entry.seq === undefined || attempted.has(entry.seq)) return false;
            attempted.add(entry.seq);
            return processPaced(entry, report, halt);
          },
          () => stopped || halt.halted,
        );
      }
      // Then the timeline of a complaint that got a change, if it is on screen (cosmetic:
      // not in the lanes above). The others were marked timelineStale when sent and are
      // refreshed when the agent opens them: a request per complaint after every drain
      // would spend the rate budget on timelines nobody is looking at.
      if (!stopped && !halt.halted && sentTo.size > 0) {
        const ids = [...sentTo].filter((id) => options.isOnScreen?.(id) === true);
        sentTo.clear();
        await runPool(ids, configuredConcurrency(), (id) => refreshTimeline(id), () => stopped || halt.halted);
      }
    } finally {
      syncing = false;
      publish();
    }
    if (stopped) return;
    if (halt.halted) {
      if (halt.wakeAt !== null) scheduleWake(halt.wakeAt);
      return;
    }
    const left = await unsentEntries();
    const wake = nextWakeAt(left, now());
    // Ready again already (a retry delay of 0): the next pass, shortly.
    const readyAgain = nextSendable(left, now(), 1).length > 0 ? now() + RETRY_FLOOR_MS : null;
    const at = Math.min(wake ?? Infinity, readyAgain ?? Infinity);
    if (Number.isFinite(at)) scheduleWake(at);
  }

  function configuredConcurrency(): number {
    const configured = Math.floor(getSettings().syncConcurrency);
    return Math.min(8, Math.max(1, Number.isFinite(configured) ? configured : 4));
  }

  /**
   * The status each complaint was last confirmed at during the current pass (a change sent
   * or found applied), and when: lets the next change of the same complaint skip its
   * conflict check (see processEntry). Cleared at the start of every pass.
   */
  const confirmedInPass = new Map<string, { status: ComplaintStatus; at: number }>();

  /** Complaints that got a change in the current pass: their timelines are refreshed after it. */
  const sentTo = new Set<string>();
  let slowLane: Promise<unknown> = Promise.resolve();

  /**
   * processEntry, paced by the rate limit: when it is nearly used up, one request at a
   * time across all lanes, with `slowDelayMs` after each. True when the entry ended
   * confirmed (sent or found applied).
   */
  async function processPaced(
    entry: OutboxEntry,
    report: FlushReport,
    halt: { wakeAt: number | null; halted: boolean },
  ): Promise<boolean> {
    if (!(await rateLimitIsLow())) {
      if (pacedTurnMs !== null) {
        pacedTurnMs = null;
        publish();
      }
      return processEntry(entry, report, halt, false);
    }
    const turn = slowLane.then(async () => {
      const started = now();
      const confirmed = await processEntry(entry, report, halt, true);
      if (!stopped) await sleep(slowDelayMs);
      // A moving average of one paced change (its requests and the pause after them).
      const took = Math.max(slowDelayMs, now() - started);
      pacedTurnMs = pacedTurnMs === null ? took : 0.8 * pacedTurnMs + 0.2 * took;
      publish();
      return confirmed;
    });
    slowLane = turn.catch(() => undefined);
    return turn;
  }

  /** Marks the entry `sending` if it is still the next to go for its complaint. */
  async function claim(candidate: OutboxEntry): Promise<Claim | null> {
    const seq = candidate.seq;
    if (seq === undefined) return null;
    return db.transaction('rw', db.outbox, async () => {
      const entry = await db.outbox.get(seq);
      if (!entry || (entry.state !== 'queued' && entry.state !== 'needs-check') || entry.nextAttemptAt > now()) {
        return null;
      }
      // One getAll over the complaint's earlier entries (a filtered count walks a cursor:
      // one round trip per entry).
      const earlier = await db.outbox
        .where('[complaintId+seq]')
        .between([entry.complaintId, Dexie.minKey], [entry.complaintId, seq], true, false)
        .toArray();
      if (earlier.some((e) => isUnsent(e.state))) return null;
      const token = touch(entry, now());
      await db.outbox.update(seq, { state: 'sending', updatedAt: token });
      return { entry: { ...entry, seq }, token };
    });
  }

  /**
   * Writes the entry's next state (and the complaint's) if the claim still holds.
   * Returns false when someone else took the entry over (it was recovered meanwhile).
   */
  async function settle(
    claimed: Claim,
    patch: Partial<OutboxEntry>,
    complaintPatch: Partial<Pick<CachedComplaint, 'serverStatus' | 'timelineStale'>> = {},
    /** The check's `detail`, stored in the same transaction (one write of the complaint, not two). */
    fetched: { detail: ComplaintDetail; at: number } | null = null,
  ): Promise<boolean> {
    const { seq, complaintId } = claimed.entry;
    return db.transaction('rw', db.complaints, db.outbox, async () => {
      const entry = await db.outbox.get(seq);
      if (!entry || entry.state !== 'sending' || entry.updatedAt !== claimed.token) return false;
      if (fetched !== null) await applyDetail(db, complaintId, fetched.detail, fetched.at);
      await db.outbox.update(seq, { ...patch, updatedAt: touch({ updatedAt: claimed.token }, now()) });
      await recomputeComplaint(db, complaintId, complaintPatch);
      return true;
    });
  }

  function transitionPatch(t: Transition): Partial<OutboxEntry> {
    return {
      state: t.state,
      attempts: t.attempts,
      nextAttemptAt: t.nextAttemptAt,
      lastError: t.lastError,
      resolution: t.resolution,
      sentAt: t.sentAt,
    };
  }

  async function noteSuccess(): Promise<void> {
    noteMeta({ lastSuccessAt: now(), lastError: null });
  }

  /** Applies an error outcome (of the check or the send) to the entry and the queue. */
  async function applyFailure(
    claimed: Claim,
    outcome: CallOutcome & { ok: false },
    phase: 'send' | 'check',
    report: FlushReport,
    halt: { wakeAt: number | null; halted: boolean },
    fetched: { detail: ComplaintDetail; at: number } | null = null,
  ): Promise<void> {
    const t = nextStateAfter(claimed.entry, outcome, transitionContext(phase));
    if (t.elsewhere) {
      // Not this entry's destination any more: back as it was, and stop; the window
      // switches to the new destination's queue (no error, no attempt, no wake).
      await settle(claimed, transitionPatch(t));
      halt.halted = true;
      return;
    }
    if (!ENTRY_ERROR_KINDS.has(outcome.error.kind)) await updateMeta({ lastError: outcome.error });
    if (!(await settle(claimed, transitionPatch(t), {}, fetched))) return;
    if (t.state === 'failed') report.failed += 1;
    else if (t.state === 'uncertain') report.uncertain += 1;
    else report.retrying += 1;
    if (t.pause !== null) {
      halt.halted = true;
      await pauseQueue(t.pause);
    } else if (t.offline) {
      halt.halted = true;
      halt.wakeAt = halt.wakeAt === null ? t.nextAttemptAt : Math.min(halt.wakeAt, t.nextAttemptAt);
    }
  }

  async function processEntry(
    candidate: OutboxEntry,
    report: FlushReport,
    halt: { wakeAt: number | null; halted: boolean },
    slow: boolean,
  ): Promise<boolean> {
    const claimed = await claim(candidate);
    if (claimed === null) return false;
    if (isCreate(claimed.entry)) return processCreate(claimed, report, halt);
    const { entry } = claimed;
    const known = confirmedInPass.get(entry.complaintId);
    // The conflict check asks "is the server still at what the agent saw?". When this pass
    // has just had the previous change of this complaint confirmed, the server answered
    // that moments ago (it is at that change's target, this entry's base): asking again
    // would cost a request per change for an answer no fresher than the one in hand.
    const justConfirmed =
      known !== undefined && known.status === entry.baseStatus && now() - known.at <= CONFIRMED_FRESH_MS;
    const checkPhase: CheckPhase | null =
      entry.state === 'needs-check' ? 'needs-check' : getSettings().conflictCheck && !justConfirmed ? 'pre-send' : null;
    // The check's answer goes into the cache with the entry's next state (one transaction).
    let fetched: { detail: ComplaintDetail; at: number } | null = null;

    if (checkPhase !== null) {
      noteMeta({ lastAttemptAt: now() });
      const detail = await callDesk(() => desk.getComplaint({ id: entry.complaintId, destination: db.destination }));
      if (detail === STOPPED) return false; // left `sending`: recovered as needs-check (nothing was sent by us)
      if (!detail.ok) {
        // The worklist row says so too ("Not found on BizKitHub"), not only the entry.
        if (detail.error.kind === 'not-found') await applyFetchError(db, entry.complaintId, detail.error, now());
        await applyFailure(claimed, detail, 'check', report, halt);
        return false;
      }
      fetched = { detail: detail.value, at: now() };
      const serverStatus: ComplaintStatus = detail.value.status;
      const decision = afterCheck(entry, serverStatus, checkPhase);
      if (decision === 'reconciled') {
        const done = await settle(
          claimed,
          {
            state: 'sent',
            resolution: 'reconciled',
            sentAt: now(),
            lastError: null,
            nextAttemptAt: 0,
            serverStatusSeen: serverStatus,
          },
          {},
          fetched,
        );
        if (done) {
          report.reconciled += 1;
          confirmedInPass.set(entry.complaintId, { status: entry.targetStatus, at: now() });
          await noteSuccess();
        }
        return done;
      }
      if (decision === 'conflict') {
        const done = await settle(
          claimed,
          { state: 'conflict', serverStatusSeen: serverStatus, lastError: null, nextAttemptAt: 0 },
          {},
          fetched,
        );
        if (done) report.conflicts += 1;
        return false;
      }
      if (stopped) return false; // left `sending` (recovered as needs-check); the detail is not kept
    }

    noteMeta({ lastAttemptAt: now() });
    // Main refuses it (`wrong-destination`) unless the database's destination is current.
    const sent = await callDesk(() =>
      desk.setComplaintStatus({ complaintId: entry.complaintId, status: entry.targetStatus, destination: db.destination }),
    );
    if (sent === STOPPED) return false; // outcome unknown: left `sending`, recovered as needs-check
    if (!sent.ok) {
      await applyFailure(claimed, sent, 'send', report, halt, fetched);
      return false;
    }
    const t = nextStateAfter(entry, { ok: true }, transitionContext('send'));
    // The cached timeline lacks the new event: refreshed when the complaint is next shown.
    if (!(await settle(claimed, transitionPatch(t), { serverStatus: entry.targetStatus, timelineStale: true }, fetched))) {
      return false;
    }
    report.sent += 1;
    confirmedInPass.set(entry.complaintId, { status: entry.targetStatus, at: now() });
    await noteSuccess();
    if (!slow) sentTo.add(entry.complaintId);
    return true;
  }

  /**
   * A complaint filed in the app: `create`, then its row and the changes queued behind it
   * move to BizKitHub's ID in the transaction that records the success (settleCreated).
   * Never checked and never resent by itself: an answer that may have come after the
   * complaint was made leaves the entry `uncertain` (common/outbox-rules.ts).
   */
  async function processCreate(
    claimed: Claim,
    report: FlushReport,
    halt: { wakeAt: number | null; halted: boolean },
  ): Promise<boolean> {
    const { entry } = claimed;
    const request = entry.create;
    if (request === undefined) {
      const lastError: DeskError = { kind: 'invalid', message: 'This new complaint has nothing to send.' };
      if (await settle(claimed, { state: 'failed', lastError })) report.failed += 1;
      return false;
    }
    noteMeta({ lastAttemptAt: now() });
    // needs-check: a window before this one died while sending it; main, which outlives
    // windows, answers with that request's outcome and never sends again for `resume`.
    const resume = entry.state === 'needs-check';
    const ref = entry.localRef ?? entry.complaintId;
    const created = await callDesk(() => desk.createComplaint({ request, destination: db.destination, ref, resume }));
    if (created === STOPPED) return false; // left `sending`: the next flush asks main (resume)
    if (!created.ok) {
      await applyFailure(claimed, created, 'send', report, halt);
      return false;
    }
    const id = ComplaintIdSchema.safeParse(created.value.id);
    if (!id.success) {
      // Made, but the answer names no usable ID: the agent links it ("It exists, its ID is …").
      const lastError: DeskError = { kind: 'malformed', message: 'BizKitHub created the complaint but its answer had no ID.' };
      if (await settle(claimed, { state: 'uncertain', attempts: entry.attempts + 1, lastError })) report.uncertain += 1;
      return false;
    }
    if (!(await settleCreated(claimed, id.data))) return false;
    report.sent += 1;
    // The complaint is at 'new' right now: the change queued behind needs no conflict check.
    confirmedInPass.set(id.data, { status: 'new', at: now() });
    await noteSuccess();
    return true;
  }

  /** The create succeeded: the entry is sent and everything moves from the reference to the ID, in one transaction. */
  async function settleCreated(claimed: Claim, serverId: string): Promise<boolean> {
    const { seq, complaintId } = claimed.entry;
    return db.transaction('rw', db.complaints, db.outbox, async () => {
      const entry = await db.outbox.get(seq);
      if (!entry || entry.state !== 'sending' || entry.updatedAt !== claimed.token) return false;
      const at = now();
      await db.outbox.update(seq, {
        state: 'sent',
        resolution: 'sent',
        sentAt: at,
        lastError: null,
        nextAttemptAt: 0,
        updatedAt: touch({ updatedAt: claimed.token }, at),
      });
      await remapComplaint(db, complaintId, serverId, at);
      return true;
    });
  }

  /** Best effort: the new timeline event, once the complaint has nothing more to send. */
  async function refreshTimeline(complaintId: string): Promise<void> {
    const row = await db.complaints.get(complaintId);
    if (!row || row.pendingCount > 0) return;
    const detail = await callDesk(() => desk.getComplaint({ id: complaintId, destination: db.destination }));
    if (detail !== STOPPED && detail.ok) await applyDetail(db, complaintId, detail.value, now());
  }

  // --- outside triggers -------------------------------------------------------------

  async function setOnline(online: boolean): Promise<void> {
    if (online && !meta.online) onlineSince = now();
    if (online === meta.online) return;
    await updateMeta({ online });
  }

  /** Event handlers run detached: a failed write (database closing) must not become an unhandled rejection. */
  function detached(work: () => Promise<unknown>): void {
    work().catch(() => undefined);
  }

  function onDeskEvent(event: DeskEvent): void {
    if (event.type === 'connectivity') {
      detached(async () => {
        await setOnline(event.online);
        if (event.online) await requestFlush(false);
      });
    } else if (event.type === 'wake') {
      // Woke from sleep / network back, and main has just probed. Timers armed before a
      // sleep are stale: drop the retry timer and flush now. The flush compares retry times
      // with the clock, so a delay that expired meanwhile is due; the rest are re-armed.
      detached(async () => {
        await setOnline(event.online);
        if (!event.online) return;
        if (wakeTimer !== null) timers.clearTimeout(wakeTimer.handle);
        wakeTimer = null;
        await requestFlush(false);
      });
    } else if (event.type === 'sync-now') {
      detached(() => requestFlush(true)); // the tray's "Sync now", as the button
    } else if (event.type === 'key-changed') {
      detached(async () => {
        if (meta.pausedReason === 'auth') await updateMeta({ pausedReason: null, pausedUntil: null });
        await requestFlush(false);
      });
    }
  }

  /** Reads the outbox for the watch at once (unpaced); a no-op while the watch is off. */
  let refreshWatch: () => Promise<void> = async () => {};

  /**
   * Watches the outbox: pending count (for main and the status), the watchdog, and new
   * changes to send: at once (debounced), or for a change in its undo window, exactly
   * when the window ends (not at the next periodic tick).
   *
   * Paced (../data/paced-query.ts) rather than a liveQuery: a liveQuery re-read every unsent
   * entry after every outbox write, so a drain of N changes cost O(N²) reads competing
   * with the drain (a 400-change drain at 0 ms latency took 26 s under Node, 7 s without
   * it). At the end of every flush the watch reads at once (refreshWatch), so the status
   * is exact when a flush is over.
   */
  function watchOutbox(): () => void {
    let ready = new Set<number>();
    let held = new Set<number>();
    let reported: number | null = null;

    const apply = (entries: OutboxEntry[]): void => {
      pending = entries.length;
      pendingKnown = true;
      const active = entries.filter((e) => e.state === 'queued' || e.state === 'sending' || e.state === 'needs-check');
      oldestActiveAt = active.length === 0 ? null : active.reduce((min, e) => Math.min(min, e.createdAt), Infinity);
      publish();
      if (reported !== pending) {
        reported = pending;
        detached(() => desk.reportPending({ pending }));
      }
      const nowReady = new Set(
        entries.filter((e) => e.state === 'queued' && e.nextAttemptAt === 0 && e.seq !== undefined).map((e) => e.seq as number),
      );
      const fresh = [...nowReady].some((seq) => !ready.has(seq));
      ready = nowReady;
      if (fresh && meta.online) notifyChange();
      const at = now();
      const nowHeld = new Set<number>();
      for (const e of entries) {
        if (e.seq === undefined || !isInUndoHold(e, at)) continue;
        nowHeld.add(e.seq);
        if (!held.has(e.seq)) scheduleWake(e.nextAttemptAt);
      }
      held = nowHeld;
    };

    // A failing read (database closing or broken) is not the watch's to report: the flush does.
    const subscription = pacedQuery(db, ['outbox'], unsentEntries).subscribe({ next: apply, error: () => undefined });
    refreshWatch = () => subscription.refresh();
    return () => {
      refreshWatch = async () => {};
      subscription.unsubscribe();
    };
  }

  function notifyChange(): void {
    if (!running) return;
    if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
    debounceHandle = timers.setTimeout(() => {
      debounceHandle = null;
      void requestFlush(false);
    }, changeDebounceMs);
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    stopped = false;
    rerun = false;
    forceNext = false;
    rateLimitCache = null;
    stopSignal = new Promise<typeof STOPPED>((resolve) => (signalStop = () => resolve(STOPPED)));
    const stored = await readSyncMeta(db);
    // An auth pause is retried once per start: the key may have been fixed meanwhile.
    meta = stored.pausedReason === 'auth' ? { ...stored, pausedReason: null, pausedUntil: null } : stored;
    const connectivity = await callDesk(() => desk.getConnectivity({}));
    const online =
      connectivity !== STOPPED && connectivity.ok
        ? connectivity.value.online
        : ((globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine ?? true);
    onlineSince = online ? now() : null;
    meta = { ...meta, online };
    await db.meta.put(meta);
    publish();
    if (!running) return;

    cleanups.push(desk.onEvent(onDeskEvent));
    if (windowTarget !== null) {
      const onOnline = (): void =>
        detached(async () => {
          await setOnline(true);
          await requestFlush(false);
        });
      const onOffline = (): void => detached(() => setOnline(false));
      windowTarget.addEventListener('online', onOnline);
      windowTarget.addEventListener('offline', onOffline);
      cleanups.push(() => {
        windowTarget.removeEventListener('online', onOnline);
        windowTarget.removeEventListener('offline', onOffline);
      });
    }
    cleanups.push(watchOutbox());
    armTick();
    const retentionDays = getSettings().historyRetentionDays;
    if (retentionDays !== undefined) detached(() => pruneHistory(db, retentionDays * 86_400_000, now()));
    const cacheDays = getSettings().cachePruneDays;
    if (cacheDays !== undefined) detached(() => pruneCache(db, { olderThanMs: cacheDays * 86_400_000, now: now() }));
    // Recovers abandoned entries even when offline (the flush does that first).
    void requestFlush(false);
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    stopped = true;
    signalStop();
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (wakeTimer !== null) timers.clearTimeout(wakeTimer.handle);
    wakeTimer = null;
    if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
    debounceHandle = null;
    if (tickHandle !== null) timers.clearTimeout(tickHandle);
    tickHandle = null;
    // In-flight requests are abandoned (their entries stay `sending` and are checked
    // by the next flush); only local writes already under way are awaited.
    if (current !== null) await current.catch(() => undefined);
  }

  return {
    start,
    stop,
    syncNow: () => requestFlush(true),
    notifyChange,
    status: { subscribe: store.subscribe },
  };
}
