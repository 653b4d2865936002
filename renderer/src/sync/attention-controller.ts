/**
 * Feeds ./attention.ts with snapshots (the outbox's facts, paced, and the engine's status
 * store) and shows what it returns as desktop notifications through `desk.notify`.
 *
 * - The baseline is the first snapshot after start(): what is already there is not news.
 *   start() reads the pause the last session stored before the engine starts (the engine
 *   clears an auth pause at start and retries the key), so call it before engine.start().
 * - Debounce: notices are collected for `debounceMs` after the first one, merged (one per
 *   kind) and checked against the latest snapshot (a conflict already resolved meanwhile
 *   is dropped), then shown.
 * - One window notifies: with Web Locks, only the holder of 'desk-attention-notifier'
 *   shows notifications (every window sees the same outbox); the next window takes over
 *   when it closes. Without Web Locks (tests), this window does.
 */
import type { DeskDatabase } from '../data/db';
import { liveOutboxFacts, type OutboxFacts } from '../data/outbox-queries';
import { readSyncMeta } from '../data/sync-meta-store';
import {
  DEFAULT_ATTENTION_POLICY,
  emptyCounts,
  startAttention,
  stepAttention,
  isAttentionEntryState,
  stillRelevant,
  type AttentionEntry,
  type AttentionNotice,
  type AttentionPolicy,
  type AttentionSnapshot,
  type AttentionTracker,
} from './attention';
import { webLocks, type LockManagerLike } from '../runtime/locks';
import type { Readable } from '../runtime/store';
import { defaultTimers, type Timers } from '../runtime/timers';
import type { SyncStatus } from './sync-meta';

export const ATTENTION_LOCK_NAME = 'desk-attention-notifier';

export interface AttentionControllerOptions {
  db: DeskDatabase;
  status: Readable<SyncStatus>;
  /** Shows one desktop notification (`desk.notify`); failures are ignored. */
  notify(text: { title: string; body: string }): Promise<unknown>;
  /** The notice's text in the agent's language at the moment it is shown. */
  describe(notice: AttentionNotice): { title: string; body: string };
  now?: () => number;
  timers?: Timers;
  /** Default 2 s. */
  debounceMs?: number;
  /** Default navigator.locks when present; null = this window always notifies. */
  locks?: LockManagerLike | null;
  policy?: AttentionPolicy;
}

export interface AttentionController {
  start(): Promise<void>;
  stop(): void;
}

export function toSnapshot(facts: OutboxFacts, status: SyncStatus, at: number): AttentionSnapshot {
  const counts = emptyCounts();
  const needsAgent: AttentionEntry[] = [];
  for (const entry of facts.unsent) {
    if (entry.state === 'sent' || entry.state === 'discarded') continue;
    counts[entry.state] += 1;
    if (isAttentionEntryState(entry.state) && entry.seq !== undefined) {
      needsAgent.push({ seq: entry.seq, complaintId: entry.complaintId, state: entry.state });
    }
  }
  return {
    at,
    online: status.online,
    pausedReason: status.pausedReason,
    stalled: status.stalled,
    counts,
    needsAgent,
    sent: facts.sent,
    discarded: facts.discarded,
  };
}

export function createAttentionController(options: AttentionControllerOptions): AttentionController {
  const { db } = options;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? defaultTimers;
  const debounceMs = options.debounceMs ?? 2000;
  const locks = options.locks !== undefined ? options.locks : webLocks();
  const policy = options.policy ?? DEFAULT_ATTENTION_POLICY;

  let running = false;
  let tracker: AttentionTracker | null = null;
  let storedPause: SyncStatus['pausedReason'] = null;
  let facts: OutboxFacts | null = null;
  let status: SyncStatus | null = null;
  let collected: AttentionNotice[] = [];
  let timer: unknown = null;
  let leader = locks === null;
  let releaseLeadership = (): void => {};
  /** Bumped by every start(): a lock granted to an earlier run is handed back at once. */
  let generation = 0;
  const cleanups: Array<() => void> = [];

  function observe(): void {
    if (!running || facts === null || status === null) return;
    const snapshot = toSnapshot(facts, status, now());
    if (tracker === null) {
      tracker = startAttention(snapshot, storedPause);
      return;
    }
    const step = stepAttention(tracker, snapshot, policy);
    tracker = step.tracker;
    if (step.notices.length === 0) return;
    collected.push(...step.notices);
    if (timer === null) timer = timers.setTimeout(deliver, debounceMs);
  }

  function deliver(): void {
    timer = null;
    const latest = tracker?.last;
    const batch = collected;
    collected = [];
    if (!running || !leader || latest === undefined) return;
    for (const notice of stillRelevant(batch, latest)) {
      try {
        options.notify(options.describe(notice)).catch(() => undefined);
      } catch {
        // A notification is a courtesy: the sync indicator and Pending changes say the same.
      }
    }
  }

  function claimLeadership(): void {
    if (locks === null) return;
    const mine = generation;
    void locks
      .request(ATTENTION_LOCK_NAME, {}, (lock) => {
        if (lock === null || !running || mine !== generation) return Promise.resolve();
        leader = true;
        // Held until stop(): the next window waiting for it takes over then.
        return new Promise<void>((resolve) => (releaseLeadership = resolve));
      })
      .catch(() => undefined);
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    generation += 1;
    tracker = null;
    facts = null;
    status = null;
    collected = [];
    const startedAt = now();
    try {
      storedPause = (await readSyncMeta(db)).pausedReason;
    } catch {
      storedPause = null;
    }
    if (!running) return;

    const outbox = liveOutboxFacts(db, startedAt, {
      // While this window drains the queue, a read per second at most: notices wait for the
      // debounce anyway, and each read queues with the drain's writes.
      minGapMs: () => (status?.syncing === true ? Math.min(1000, debounceMs) : 0),
    }).subscribe({
      next: (value) => {
        facts = value;
        observe();
      },
      error: () => undefined,
    });
    cleanups.push(() => outbox.unsubscribe());
    cleanups.push(
      options.status.subscribe((value) => {
        status = value;
        observe();
      }),
    );
    claimLeadership();
  }

  function stop(): void {
    if (!running) return;
    running = false;
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    collected = [];
    tracker = null;
    leader = locks === null;
    releaseLeadership();
    releaseLeadership = () => {};
  }

  return { start, stop };
}
