/**
 * The sync engine's state: what survives a reload (SyncMeta, mirrored to the `meta` table)
 * and what the UI sees (SyncStatus, a store with Svelte's contract). Every change is
 * published at once; database writes are serialised (at most one in flight, one queued).
 */
import type { DeskError } from '../../../common/errors';
import { isStalled, type QueuePause } from '../../../common/outbox-rules';
import type { DeskDatabase, SyncMeta } from '../data/db';
import { defaultSyncMeta, readSyncMeta, writeSyncMeta } from '../data/sync-meta-store';
import { createStore, type Readable } from '../runtime/store';

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
  /**
   * The earliest retry of a change waiting out a backoff after BizKitHub had trouble (5xx,
   * an answer lost), and that trouble's kind: the agent sees "having problems — retrying in
   * 20 s". Null when no change waits so. Optional: absent means none.
   */
  retry?: { at: number; kind: DeskError['kind'] } | null;
  /**
   * Inside a pass, the rate-limit window has no room left and changes wait until this time
   * (the figures' reset): the agent sees "Rate limited — resuming at …". Optional: absent means none.
   */
  rateWaitUntil?: number | null;
}

export type MetaPatch = Partial<Omit<SyncMeta, 'key'>>;

export interface SyncMetaState {
  readonly status: Readable<SyncStatus>;
  /** The in-memory meta (always current; the table may lag behind). */
  readonly meta: SyncMeta;
  publish(): void;
  /** Updates the in-memory state at once and mirrors it to the meta table. */
  update(patch: MetaPatch): Promise<void>;
  /**
   * For the per-request bookkeeping (lastAttemptAt, lastSuccessAt): the status store is
   * updated at once; the database write is not waited for, and during a flush it waits
   * for the flush's end (a write per request competed with the drain's outbox writes). The
   * fields are informational; a failing database shows up in the outbox writes that follow.
   */
  note(patch: Partial<Pick<SyncMeta, 'lastAttemptAt' | 'lastSuccessAt' | 'lastError'>>): void;
  /**
   * At start: the stored meta (an auth pause retried once per start: the key may have been
   * fixed) and `online`. Resolves with `online` as it was stored (the last window's word).
   */
  load(online: () => Promise<boolean>): Promise<boolean>;
  setOnline(online: boolean): Promise<void>;
  /** Adopts a pause another window may have recorded; ends an expired rate-limit pause (and with `force`, an auth pause). */
  currentPause(force: boolean): Promise<SyncMeta['pausedReason']>;
  /** Pauses the queue; returns when to wake for a rate-limit pause, null for an auth pause. */
  pause(pause: QueuePause): Promise<number | null>;
  setSyncing(syncing: boolean): void;
  /** This window is flushing right now. */
  readonly syncing: boolean;
  /** While paced by the rate limit: how long one change takes; null otherwise. */
  readonly pacedTurnMs: number | null;
  setPacedTurn(ms: number | null): void;
  /** What the outbox watch read: unsent entries, the oldest active one's creation, the earliest retry after trouble. */
  setOutbox(pending: number, oldestActiveAt: number | null, retry?: SyncStatus['retry']): void;
  /** The pacer waits for the rate-limit window until then (null: it does not wait). */
  setRateWait(until: number | null): void;
}

export function createSyncMeta(options: {
  db: DeskDatabase;
  now: () => number;
  stallThresholdMs?: number;
}): SyncMetaState {
  const { db, now } = options;
  let meta: SyncMeta = defaultSyncMeta();
  let onlineSince: number | null = null;
  let pending = 0;
  let pendingKnown = false;
  let pacedTurnMs: number | null = null;
  let oldestActiveAt: number | null = null;
  let retry: SyncStatus['retry'] = null;
  let rateWaitUntil: number | null = null;
  let syncing = false;
  /** note() patches made during a flush, not yet written to the meta table. */
  let notesUnwritten = false;

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
      retry,
      rateWaitUntil,
    };
  }

  const store = createStore<SyncStatus>(snapshot());
  const publish = (): void => store.set(snapshot());

  let metaWrite: Promise<void> = Promise.resolve();
  let metaWriteQueued: Promise<void> | null = null;

  /**
   * Writes the in-memory meta: at most one write in flight and one queued behind it; every
   * call made meanwhile joins the queued one (it writes the latest meta when it runs).
   */
  function persist(): Promise<void> {
    if (metaWriteQueued !== null) return metaWriteQueued;
    const write = metaWrite
      .catch(() => undefined)
      .then(async () => {
        metaWriteQueued = null;
        notesUnwritten = false;
        await writeSyncMeta(db, meta);
      });
    metaWriteQueued = write;
    metaWrite = write;
    return write;
  }

  async function update(patch: MetaPatch): Promise<void> {
    meta = { ...meta, ...patch };
    publish();
    await persist();
  }

  return {
    status: { subscribe: store.subscribe },
    get meta() {
      return meta;
    },
    publish,
    update,
    note(patch) {
      meta = { ...meta, ...patch };
      publish();
      // During a flush, written once it ends (or with the next update): a write per request
      // queued behind the drain's own outbox writes.
      if (syncing) notesUnwritten = true;
      else persist().catch(() => undefined);
    },
    async load(readOnline) {
      const stored = await readSyncMeta(db);
      meta = stored.pausedReason === 'auth' ? { ...stored, pausedReason: null, pausedUntil: null } : stored;
      const online = await readOnline();
      onlineSince = online ? now() : null;
      meta = { ...meta, online };
      await writeSyncMeta(db, meta);
      publish();
      return stored.online;
    },
    async setOnline(online) {
      if (online && !meta.online) onlineSince = now();
      if (online === meta.online) return;
      await update({ online });
    },
    async currentPause(force) {
      const stored = await readSyncMeta(db);
      if (stored.pausedReason !== meta.pausedReason || stored.pausedUntil !== meta.pausedUntil) {
        meta = { ...meta, pausedReason: stored.pausedReason, pausedUntil: stored.pausedUntil };
        publish();
      }
      if (meta.pausedReason === 'rate-limited' && (meta.pausedUntil === null || meta.pausedUntil <= now())) {
        await update({ pausedReason: null, pausedUntil: null });
      }
      if (meta.pausedReason === 'auth' && force) await update({ pausedReason: null, pausedUntil: null });
      return meta.pausedReason;
    },
    async pause(p) {
      if (p.reason === 'auth') {
        await update({ pausedReason: 'auth', pausedUntil: null });
        return null;
      }
      const until = Math.max(p.until, meta.pausedReason === 'rate-limited' ? (meta.pausedUntil ?? 0) : 0);
      await update({ pausedReason: meta.pausedReason === 'auth' ? 'auth' : 'rate-limited', pausedUntil: until });
      return until;
    },
    get syncing() {
      return syncing;
    },
    setSyncing(value) {
      syncing = value;
      publish();
      if (!value && notesUnwritten) {
        notesUnwritten = false;
        persist().catch(() => undefined);
      }
    },
    get pacedTurnMs() {
      return pacedTurnMs;
    },
    setPacedTurn(ms) {
      pacedTurnMs = ms;
      publish();
    },
    setOutbox(count, oldest, nextRetry = null) {
      pending = count;
      pendingKnown = true;
      oldestActiveAt = oldest;
      retry = nextRetry;
      publish();
    },
    setRateWait(until) {
      if (until === rateWaitUntil) return;
      rateWaitUntil = until;
      publish();
    },
  };
}
