/**
 * The outbox's rules as pure functions: which entry may go next, what an API outcome
 * turns an entry into, what a `detail` check means. No I/O, no clock, no DOM, no Node:
 * the sync engine (renderer/src/sync/engine.ts) feeds them data and writes the answers.
 *
 * Ordering is by `seq` (Dexie's auto-increment), never by the device clock.
 */
import { backoffDelayMs, type BackoffOptions } from './backoff';
import type { Destination } from './destination';
import type { DeskError, ErrorKind } from './errors';
import type { CreateComplaintRequest } from './api-schemas';
import type { ComplaintStatus } from './status';

export const OUTBOX_STATES = [
  'queued', // waiting to be sent (maybe until nextAttemptAt)
  'sending', // claimed by a flush; the request may be in flight
  'needs-check', // sent, outcome unknown: `detail` decides before anything is resent
  'uncertain', // a create whose answer was lost: it may exist on BizKitHub, the agent decides (never resent by itself)
  'conflict', // the server's status is not what the agent saw: the agent decides
  'failed', // the server refused it (unknown complaint, invalid): the agent decides
  'sent', // applied (or found already applied): history
  'discarded', // dropped by the agent, never applied: history
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Not yet on the server (as far as we know). These block removal and count as pending. */
export const UNSENT_STATES = ['queued', 'sending', 'needs-check', 'uncertain', 'conflict', 'failed'] as const satisfies readonly OutboxState[];
export type UnsentState = (typeof UNSENT_STATES)[number];
/** Unsent entries the engine works on by itself (the others wait for the agent). */
export const ACTIVE_STATES = ['queued', 'sending', 'needs-check'] as const satisfies readonly UnsentState[];
/** Kept as history only; `pruneHistory` may delete them. */
export const HISTORY_STATES = ['sent', 'discarded'] as const satisfies readonly OutboxState[];

export function isUnsent(state: OutboxState): state is UnsentState {
  return (UNSENT_STATES as readonly OutboxState[]).includes(state);
}

/** 'linked': an uncertain create the agent matched to an existing complaint ("It exists, its ID is …"). */
export type OutboxResolution = null | 'sent' | 'reconciled' | 'applied-anyway' | 'kept-server' | 'discarded' | 'linked';

/**
 * 'status': a status change (set-status). 'create': a complaint filed in the app
 * (create); its complaintId is a local reference until BizKitHub answers with an ID.
 */
export type OutboxEntryKind = 'status' | 'create';

export interface OutboxEntry {
  /** ++auto-increment: the only ordering (never the device clock). */
  seq?: number;
  /** Absent on entries written before creates existed: a status change. */
  kind?: OutboxEntryKind;
  /** The complaint's ID, or its local reference while it is not yet on BizKitHub. */
  complaintId: string;
  /** For a create: 'new' (what create makes). */
  targetStatus: ComplaintStatus;
  /** The status the agent saw when changing (pending or confirmed); null if none was known. */
  baseStatus: ComplaintStatus | null;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** ms epoch; 0 = as soon as possible. */
  nextAttemptAt: number;
  lastError: DeskError | null;
  /** ms epoch; strictly increases on every write of the entry (the engine uses it as a claim token). */
  updatedAt: number;
  sentAt: number | null;
  /**
   * How it ended (sent/reconciled/kept-server/discarded), or the agent's decision on an
   * entry still unsent ('applied-anyway' = "Apply mine anyway" chosen on a conflict; it
   * stays 'applied-anyway' once sent).
   */
  resolution: OutboxResolution;
  /** For conflicts (and after them): what the server had. */
  serverStatusSeen: ComplaintStatus | null;
  /**
   * The destination the change was made for (../destination.ts): it is sent there or
   * nowhere. Absent only before schema v4, whose upgrade sets it.
   */
  destination?: Destination;
  /** Targets this entry replaced within its undo hold, oldest first (see decideChange). */
  replaced?: ComplaintStatus[];
  /** A create's request body. Personal data: never exported, never logged. */
  create?: CreateComplaintRequest;
  /** The local reference the complaint had before BizKitHub gave it an ID (set by the remap). */
  localRef?: string;
}

export function isCreate(entry: Pick<OutboxEntry, 'kind'>): boolean {
  return entry.kind === 'create';
}

type Schedulable = Pick<OutboxEntry, 'seq' | 'complaintId' | 'state' | 'nextAttemptAt'>;

/** For each complaint, its oldest unsent entry (the only one that may move). */
function headsOfLine<E extends Schedulable>(entries: readonly E[]): E[] {
  const heads = new Map<string, E>();
  for (const entry of entries) {
    if (entry.seq === undefined || !isUnsent(entry.state)) continue;
    const current = heads.get(entry.complaintId);
    if (current === undefined || entry.seq < (current.seq ?? Infinity)) heads.set(entry.complaintId, entry);
  }
  return [...heads.values()];
}

function isWorkable(entry: Schedulable): boolean {
  return entry.state === 'queued' || entry.state === 'needs-check';
}

/**
 * The entries that may be worked on now, oldest first, at most one per complaint and
 * at most `limit` of them. Per complaint only the oldest unsent entry may go: a later
 * entry waits while an earlier one is unsent, whatever its state (sending, needs-check,
 * or a conflict/failed entry waiting for the agent's decision). Entries whose
 * `nextAttemptAt` is after `now` wait.
 */
export function nextSendable<E extends Schedulable>(entries: readonly E[], now: number, limit: number): E[] {
  return headsOfLine(entries)
    .filter((e) => isWorkable(e) && e.nextAttemptAt <= now)
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .slice(0, Math.max(0, Math.floor(limit)));
}

/**
 * The work of one pass, per complaint: for every complaint whose oldest unsent entry may
 * go now (see nextSendable), its unsent entries from that one on, oldest first. Chains
 * are ordered by their first entry's seq (the oldest change first). A worker walks one
 * chain at a time and moves to the next entry only once the one before is confirmed;
 * whether a later entry may go then is decided again when it is claimed.
 */
export function sendableChains<E extends Schedulable>(entries: readonly E[], now: number): E[][] {
  const byComplaint = new Map<string, E[]>();
  for (const entry of entries) {
    if (entry.seq === undefined || !isUnsent(entry.state)) continue;
    const chain = byComplaint.get(entry.complaintId);
    if (chain) chain.push(entry);
    else byComplaint.set(entry.complaintId, [entry]);
  }
  const chains: E[][] = [];
  for (const head of nextSendable(entries, now, Number.MAX_SAFE_INTEGER)) {
    const chain = byComplaint.get(head.complaintId) ?? [];
    chains.push(chain.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
  }
  return chains;
}

/** When the earliest entry that is only waiting for its backoff becomes sendable; null if none. */
export function nextWakeAt(entries: readonly Schedulable[], now: number): number | null {
  let wake: number | null = null;
  for (const e of headsOfLine(entries)) {
    if (isWorkable(e) && e.nextAttemptAt > now && (wake === null || e.nextAttemptAt < wake)) wake = e.nextAttemptAt;
  }
  return wake;
}

/**
 * True while an entry is only waiting out its undo window (changeStatus's `holdMs`):
 * queued, never attempted, no error, nextAttemptAt still ahead. Entries waiting for a
 * backoff or a rate-limit pause always carry attempts > 0 or a lastError, so they are
 * never mistaken for a hold.
 */
export function isInUndoHold(
  entry: Pick<OutboxEntry, 'state' | 'attempts' | 'lastError' | 'nextAttemptAt'>,
  now: number,
): boolean {
  return entry.state === 'queued' && entry.attempts === 0 && entry.lastError === null && entry.nextAttemptAt > now;
}

// ---------------------------------------------------------------------------------
// Outcome → next state

export type CallOutcome = { ok: true } | { ok: false; error: DeskError };

export type QueuePause = { reason: 'auth' } | { reason: 'rate-limited'; until: number };

export interface TransitionContext {
  now: number;
  /**
   * 'send': the outcome of set-status. 'check': the outcome of the `detail` call made
   * before sending (a GET: nothing was changed, so errors only mean "try again later").
   */
  phase?: 'send' | 'check';
  random?: () => number;
  backoff?: Omit<BackoffOptions, 'random'>;
  /** Earliest check after an unknown outcome (gives a late request time to land). Default 2 s. */
  needsCheckDelayMs?: number;
  /** Pause used when a 429 carries no Retry-After. Default 60 s. */
  defaultRetryAfterMs?: number;
}

export interface Transition {
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: DeskError | null;
  resolution: OutboxResolution;
  sentAt: number | null;
  /** Pause the whole queue (every complaint), not just this entry. */
  pause: QueuePause | null;
  /** Nothing reached the server: the connection is probably down, stop this flush. */
  offline: boolean;
  /**
   * Main refused: the entry was made for another destination than the one configured now
   * (the key was removed or the API address changed mid-flush). Untouched (no attempt, no
   * error), and the flush stops: the window switches to the new destination's queue.
   */
  elsewhere: boolean;
}

export const DEFAULT_NEEDS_CHECK_DELAY_MS = 2000;
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * How each error kind is handled. `retry` keeps the entry (state it had before being
 * claimed, or `queued`/`needs-check` as given), never dropping it.
 *
 * Send phase:
 *  - network (nothing reached the server): queued, backoff, stop the flush
 *  - server (5xx): needs-check with backoff. Deviation from a plain "queued": a 5xx may
 *    come after the change was applied (a proxy's 502/504), and the API has no
 *    idempotency key, so the next attempt checks `detail` first even with the conflict
 *    check off. With the check on (default) the request cost is the same.
 *  - rate-limited: queued, whole queue paused until Retry-After has passed
 *  - auth, not-configured, no-keychain: queued, whole queue paused until a new key
 *  - not-found, invalid, bad-request: failed (the agent retries or discards)
 *  - unknown-outcome, malformed, internal (reply lost after main may have sent): needs-check
 *  - forbidden (refused before anything was sent): queued, backoff
 *  - wrong-destination (main refused before sending: made for another API or demo mode):
 *    queued as it was, no attempt counted, the flush stops
 * Check phase (a GET, safe to repeat): every transient kind keeps the prior state with backoff.
 */
type Rule =
  | { to: 'retry-prior'; offline?: boolean }
  | { to: 'needs-check' }
  | { to: 'uncertain' }
  | { to: 'failed' }
  | { to: 'pause-auth' }
  | { to: 'pause-rate' }
  | { to: 'wait-elsewhere' };

const SEND_RULES: Record<ErrorKind, Rule> = {
  network: { to: 'retry-prior', offline: true },
  server: { to: 'needs-check' },
  'rate-limited': { to: 'pause-rate' },
  auth: { to: 'pause-auth' },
  'not-configured': { to: 'pause-auth' },
  'no-keychain': { to: 'pause-auth' },
  'wrong-destination': { to: 'wait-elsewhere' },
  'not-found': { to: 'failed' },
  invalid: { to: 'failed' },
  'bad-request': { to: 'failed' },
  'unknown-outcome': { to: 'needs-check' },
  malformed: { to: 'needs-check' },
  internal: { to: 'needs-check' },
  forbidden: { to: 'retry-prior' },
  io: { to: 'retry-prior' }, // never from a send; local file trouble is not the entry's fault
};

/**
 * A create has no idempotency key and the API cannot list complaints, so an answer that
 * may have come after the complaint was made (5xx, lost, malformed) is never followed by
 * another create on its own: the entry becomes `uncertain` and the agent decides. Only a
 * definite refusal (a 4xx with a named code) fails it; only "nothing reached the server"
 * (network), a 429 or a key problem retries it.
 */
const CREATE_RULES: Record<ErrorKind, Rule> = {
  ...SEND_RULES,
  server: { to: 'uncertain' },
  'unknown-outcome': { to: 'uncertain' },
  malformed: { to: 'uncertain' },
  internal: { to: 'uncertain' },
};

const CHECK_RULES: Record<ErrorKind, Rule> = {
  ...SEND_RULES,
  server: { to: 'retry-prior' },
  'unknown-outcome': { to: 'retry-prior' },
  malformed: { to: 'retry-prior' },
  internal: { to: 'retry-prior' },
};

/**
 * The entry's next state after a call's outcome. `entry.state` must be the state the
 * entry had before the flush claimed it (queued or needs-check), not `sending`.
 * In the send phase a 'network' error sends the entry back to `queued` even from
 * needs-check: the check before that send had just found the change not applied.
 */
export function nextStateAfter(
  entry: Pick<OutboxEntry, 'state' | 'attempts' | 'resolution' | 'kind'>,
  outcome: CallOutcome,
  ctx: TransitionContext,
): Transition {
  const phase = ctx.phase ?? 'send';
  const prior: OutboxState = entry.state === 'needs-check' ? 'needs-check' : 'queued';
  const base: Transition = {
    state: prior,
    attempts: entry.attempts,
    nextAttemptAt: 0,
    lastError: null,
    resolution: entry.resolution,
    sentAt: null,
    pause: null,
    offline: false,
    elsewhere: false,
  };
  if (outcome.ok) {
    if (phase === 'check') return base; // the check's answer is judged by afterCheck
    return {
      ...base,
      state: 'sent',
      resolution: entry.resolution === 'applied-anyway' ? 'applied-anyway' : 'sent',
      sentAt: ctx.now,
    };
  }
  const error = outcome.error;
  const attempts = entry.attempts + 1;
  const backoff = () => ctx.now + backoffDelayMs(attempts, { ...ctx.backoff, random: ctx.random });
  const rules = phase === 'check' ? CHECK_RULES : isCreate(entry) ? CREATE_RULES : SEND_RULES;
  const rule = rules[error.kind];
  switch (rule.to) {
    case 'retry-prior':
      return {
        ...base,
        state: phase === 'send' ? 'queued' : prior,
        attempts,
        nextAttemptAt: backoff(),
        lastError: error,
        offline: rule.offline === true,
      };
    case 'needs-check':
      return {
        ...base,
        state: 'needs-check',
        attempts,
        nextAttemptAt: Math.max(backoff(), ctx.now + (ctx.needsCheckDelayMs ?? DEFAULT_NEEDS_CHECK_DELAY_MS)),
        lastError: error,
      };
    case 'uncertain':
      return { ...base, state: 'uncertain', attempts, lastError: error };
    case 'failed':
      return { ...base, state: 'failed', attempts, lastError: error };
    case 'pause-auth':
      return { ...base, state: phase === 'send' ? 'queued' : prior, lastError: error, pause: { reason: 'auth' } };
    case 'wait-elsewhere':
      // The prior state even after a check: a needs-check entry is checked again there.
      return { ...base, elsewhere: true };
    case 'pause-rate': {
      const until = ctx.now + (error.retryAfterMs ?? ctx.defaultRetryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
      return {
        ...base,
        state: phase === 'send' ? 'queued' : prior,
        nextAttemptAt: until,
        lastError: error,
        pause: { reason: 'rate-limited', until },
      };
    }
  }
}

// ---------------------------------------------------------------------------------
// The `detail` check

export type CheckPhase = 'pre-send' | 'needs-check';
export type CheckDecision = 'send' | 'reconciled' | 'conflict';

/**
 * What the server's current status means for an entry.
 * - pre-send (conflict check before a first send): the target already → reconciled
 *   (nothing to send); what the agent saw → send; anything else → conflict. With no
 *   known base (the agent changed a complaint never fetched) there is nothing to
 *   contradict → send.
 * - needs-check (a send whose outcome is unknown): the target → reconciled (it was
 *   applied; sending again would add a second timeline event); the status before the
 *   send → send again; anything else → conflict (someone else moved it, or we cannot
 *   tell), including when no base was known.
 */
export function afterCheck(
  entry: Pick<OutboxEntry, 'targetStatus' | 'baseStatus'>,
  serverStatus: ComplaintStatus,
  phase: CheckPhase,
): CheckDecision {
  if (serverStatus === entry.targetStatus) return 'reconciled';
  if (entry.baseStatus === null) return phase === 'pre-send' ? 'send' : 'conflict';
  return serverStatus === entry.baseStatus ? 'send' : 'conflict';
}

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
  | { kind: 'queue'; baseStatus: ComplaintStatus | null };

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
  shown: ComplaintStatus | null,
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
// Watchdog and rate limit

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

/**
 * Less than `fraction` (default 10 %) of the rate limit is left: slow down. Unknown → not
 * low. Given `now`, figures whose window has already reset (`resetAt` passed) are stale
 * and say nothing: without that, a 429's "0 remaining" kept the queue crawling at one
 * request a second long after its Retry-After pause had ended.
 */
export function rateLimitLow(
  rateLimit: { limit: number | null; remaining: number | null; resetAt?: string | null } | null,
  fraction = 0.1,
  now?: number,
): boolean {
  if (rateLimit === null || rateLimit.limit === null || rateLimit.remaining === null || rateLimit.limit <= 0) {
    return false;
  }
  if (now !== undefined && rateLimit.resetAt != null) {
    const resetAt = Date.parse(rateLimit.resetAt);
    if (Number.isFinite(resetAt) && resetAt <= now) return false;
  }
  return rateLimit.remaining < rateLimit.limit * fraction;
}
