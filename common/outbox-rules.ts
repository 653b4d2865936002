/**
 * The outbox's rules as pure functions: which entry may go next, what an API outcome
 * turns an entry into, what a `detail` check means. No I/O, no clock, no DOM, no Node:
 * the sync engine (renderer/src/sync/engine.ts) feeds them data and writes the answers.
 *
 * Ordering is by `seq` (Dexie's auto-increment), never by the device clock.
 *
 * The rules live by job: ./outbox-entry.ts (the entry and its states),
 * ./outbox-schedule.ts (which entry may go next), ./outbox-transitions.ts (outcome →
 * next state, the `detail` check); here, the local change rules and the watchdog. Every
 * name is exported from here too. When the rate budget is low is ./rate-budget.ts's rule.
 */
import { isCreate, isUnsent, type OutboxEntry } from './outbox-entry';
import { isInUndoHold } from './outbox-schedule';
import type { ComplaintStatus, ServerStatus } from './status';

export * from './outbox-entry';
export * from './outbox-schedule';
export * from './outbox-transitions';

// ---------------------------------------------------------------------------------
// Derived complaint fields and local change rules

/** pendingStatus/pendingCount of a complaint from its unsent entries (any order). */
export function pendingOf(entries: readonly Pick<OutboxEntry, 'seq' | 'state' | 'targetStatus'>[]): {
  pendingStatus: ComplaintStatus | null;
  pendingCount: number;
} {
  let newest: Pick<OutboxEntry, 'seq' | 'state' | 'targetStatus'> | null = null;
  let count = 0;
  for (const e of entries) {
    if (!isUnsent(e.state)) continue;
    count += 1;
    if (newest === null || (e.seq ?? 0) > (newest.seq ?? 0)) newest = e;
  }
  return { pendingStatus: newest?.targetStatus ?? null, pendingCount: count };
}

export type ChangeDecision =
  | { kind: 'unchanged' }
  | { kind: 'cancel'; seq: number }
  | { kind: 'replace'; seq: number }
  | { kind: 'queue'; baseStatus: ServerStatus | null };

/**
 * What an agent's status choice does, given the status the complaint shows
 * (pendingStatus ?? serverStatus) and its newest unsent entry.
 * - the status it already shows → unchanged
 * - the status before the newest unsent change, while that change is still only
 *   queued → cancel that change (open→new before syncing sends nothing)
 * - another status while the newest change is still in its undo hold → replace that
 *   change's target (a fumble is not a change: "2 3 4 5 6 3" within a second is one
 *   entry, one server event); the caller restarts the hold
 * - otherwise → queue a new entry based on the shown status
 */
export function decideChange(
  shown: ServerStatus | null,
  newestUnsent: Pick<OutboxEntry, 'seq' | 'kind' | 'state' | 'baseStatus' | 'attempts' | 'lastError' | 'nextAttemptAt'> | null,
  status: ComplaintStatus,
  now = 0,
): ChangeDecision {
  if (status === shown) return { kind: 'unchanged' };
  // A create is never cancelled or replaced by a status choice: changes queue behind it.
  if (newestUnsent !== null && newestUnsent.seq !== undefined && newestUnsent.state === 'queued' && !isCreate(newestUnsent)) {
    if (newestUnsent.baseStatus === status) return { kind: 'cancel', seq: newestUnsent.seq };
    if (isInUndoHold(newestUnsent, now)) return { kind: 'replace', seq: newestUnsent.seq };
  }
  return { kind: 'queue', baseStatus: shown };
}

// ---------------------------------------------------------------------------------
// Watchdog

export const STALL_THRESHOLD_MS = 3 * 60_000;

/**
 * True when the app believes it is online, there is work the engine should be doing
 * (queued/sending/needs-check entries), and nothing has been confirmed for longer than
 * the threshold, counted from the latest of: the last success, the oldest such entry's
 * creation, and the moment the app came online.
 */
export function isStalled(input: {
  online: boolean;
  onlineSince: number | null;
  oldestActiveAt: number | null;
  lastSuccessAt: number | null;
  now: number;
  thresholdMs?: number;
}): boolean {
  if (!input.online || input.oldestActiveAt === null) return false;
  const since = Math.max(input.oldestActiveAt, input.lastSuccessAt ?? 0, input.onlineSince ?? 0);
  return input.now - since > (input.thresholdMs ?? STALL_THRESHOLD_MS);
}
