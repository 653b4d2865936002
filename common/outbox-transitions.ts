/**
 * What an API outcome turns an entry into, and what a `detail` check means for it. Pure;
 * part of the outbox rules (./outbox-rules.ts).
 */
import { backoffDelayMs, type BackoffOptions } from './backoff';
import type { DeskError, ErrorKind } from './errors';
import { isCreate, type OutboxEntry, type OutboxResolution, type OutboxState } from './outbox-entry';
import { isUnknownStatus, type ServerStatus } from './status';

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
  /** The backoff's step after this outcome (see OutboxEntry.backoffLevel). */
  backoffLevel: number;
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
 * How many tries an entry gets when BizKitHub answers but the answer cannot be used
 * (`declined`: `success: false`; `answer-refused`: a `detail` about another complaint, too
 * large, a field over its limit). Such an answer is no outage, so waiting does not
 * obviously help: after this many tries in all the entry fails and the agent decides.
 */
export const UNUSABLE_ANSWER_TRIES = 3;

/**
 * How each error kind is handled. `retry` keeps the entry (state it had before being
 * claimed, or `queued`/`needs-check` as given), never dropping it.
 *
 * Send phase:
 *  - network (nothing reached the server): queued, stop the flush; the try counts but the
 *    backoff does not grow (the API was unreachable, which says nothing of this change;
 *    when it answers again the engine makes such entries due at once, ./outbox-schedule.ts)
 *  - server (5xx): needs-check with backoff. Deviation from a plain "queued": a 5xx may
 *    come after the change was applied (a proxy's 502/504), and the API has no
 *    idempotency key, so the next attempt checks `detail` first even with the conflict
 *    check off. With the check on (default) the request cost is the same.
 *  - rate-limited: queued, whole queue paused until Retry-After has passed
 *  - auth, not-configured, no-keychain: queued, whole queue paused until a new key
 *  - not-found, invalid, bad-request: failed (the agent retries or discards)
 *  - unknown-outcome, malformed, internal (reply lost after main may have sent): needs-check
 *  - declined (`success: false`: not applied): queued with backoff, failed after
 *    UNUSABLE_ANSWER_TRIES tries in all
 *  - answer-refused (a set-status answer too large to read): needs-check
 *  - forbidden (refused before anything was sent): queued, backoff
 *  - wrong-destination (main refused before sending: made for another API or demo mode):
 *    queued as it was, no attempt counted, the flush stops
 * Check phase (a GET, safe to repeat): every transient kind keeps the prior state with backoff;
 * an answer that cannot be used (declined, answer-refused) does too, up to
 * UNUSABLE_ANSWER_TRIES tries in all, then the entry fails.
 */
type Rule =
  | { to: 'retry-prior'; offline?: boolean }
  | { to: 'retry-bounded' }
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
  declined: { to: 'retry-bounded' },
  'answer-refused': { to: 'needs-check' },
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
  'answer-refused': { to: 'uncertain' },
};

const CHECK_RULES: Record<ErrorKind, Rule> = {
  ...SEND_RULES,
  server: { to: 'retry-prior' },
  'unknown-outcome': { to: 'retry-prior' },
  malformed: { to: 'retry-prior' },
  internal: { to: 'retry-prior' },
  'answer-refused': { to: 'retry-bounded' },
};

/**
 * The entry's next state after a call's outcome. `entry.state` must be the state the
 * entry had before the flush claimed it (queued or needs-check), not `sending`.
 * In the send phase a 'network' error sends the entry back to `queued` even from
 * needs-check: the check before that send had just found the change not applied.
 */
/** The entry's backoff step now: its own, or its attempts before the step existed; never above its attempts. */
export function backoffLevelOf(entry: Pick<OutboxEntry, 'attempts' | 'backoffLevel'>): number {
  return Math.max(0, Math.min(entry.backoffLevel ?? entry.attempts, entry.attempts));
}

export function nextStateAfter(
  entry: Pick<OutboxEntry, 'state' | 'attempts' | 'backoffLevel' | 'resolution' | 'kind'>,
  outcome: CallOutcome,
  ctx: TransitionContext,
): Transition {
  const phase = ctx.phase ?? 'send';
  const prior: OutboxState = entry.state === 'needs-check' ? 'needs-check' : 'queued';
  const level = backoffLevelOf(entry);
  const base: Transition = {
    state: prior,
    attempts: entry.attempts,
    backoffLevel: level,
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
  const backoff = (step: number) => ctx.now + backoffDelayMs(step, { ...ctx.backoff, random: ctx.random });
  const rules = phase === 'check' ? CHECK_RULES : isCreate(entry) ? CREATE_RULES : SEND_RULES;
  const rule = rules[error.kind];
  switch (rule.to) {
    case 'retry-bounded':
      if (attempts >= UNUSABLE_ANSWER_TRIES) return { ...base, state: 'failed', attempts, lastError: error };
      return {
        ...base,
        state: phase === 'send' ? 'queued' : prior,
        attempts,
        backoffLevel: level + 1,
        nextAttemptAt: backoff(level + 1),
        lastError: error,
      };
    case 'retry-prior': {
      // Unreachable: the step stays where it was (the wait is that step's, drawn again).
      const step = rule.offline === true ? level : level + 1;
      return {
        ...base,
        state: phase === 'send' ? 'queued' : prior,
        attempts,
        backoffLevel: step,
        nextAttemptAt: backoff(Math.max(1, step)),
        lastError: error,
        offline: rule.offline === true,
      };
    }
    case 'needs-check':
      return {
        ...base,
        state: 'needs-check',
        attempts,
        backoffLevel: level + 1,
        nextAttemptAt: Math.max(backoff(level + 1), ctx.now + (ctx.needsCheckDelayMs ?? DEFAULT_NEEDS_CHECK_DELAY_MS)),
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
 * - A status the app does not know (in either phase) is "someone else changed it": a
 *   conflict, so the agent decides once instead of the change being checked forever. Only
 *   after the agent chose "Apply mine anyway" against that very status is it sent.
 */
export function afterCheck(
  entry: Pick<OutboxEntry, 'targetStatus' | 'baseStatus'> & Partial<Pick<OutboxEntry, 'resolution'>>,
  serverStatus: ServerStatus,
  phase: CheckPhase,
): CheckDecision {
  if (serverStatus === entry.targetStatus) return 'reconciled';
  if (isUnknownStatus(serverStatus)) {
    const agentChoseMine = entry.resolution === 'applied-anyway' && entry.baseStatus === serverStatus;
    return agentChoseMine ? 'send' : 'conflict';
  }
  if (entry.baseStatus === null) return phase === 'pre-send' ? 'send' : 'conflict';
  return serverStatus === entry.baseStatus ? 'send' : 'conflict';
}

