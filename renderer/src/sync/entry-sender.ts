/**
 * The per-entry protocol of a flush: claim, check, send, settle, failure (and the create
 * path). Network calls never happen inside a Dexie transaction; every write after a call
 * is conditional on the claim (../data/outbox-sending.ts). When a change may go, and on
 * how many lanes, is the pacer's (./rate-pacer.ts): every change is run through it.
 *
 * - Conflict check: one `detail` before a complaint's first change of a pass; a change
 *   whose predecessor the pass has just confirmed (sent or found applied, less than
 *   CONFIRMED_FRESH_MS ago) skips it, the server having answered that moments ago.
 * - Bookkeeping off the critical path: the check's answer is stored with the entry's next
 *   state (one transaction), lastAttemptAt/lastSuccessAt writes are not waited for.
 */
import { ComplaintIdSchema, type ComplaintDetail } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import {
  afterCheck,
  isCreate,
  nextStateAfter,
  type CallOutcome,
  type CheckPhase,
  type OutboxEntry,
  type Transition,
  type TransitionContext,
} from '../../../common/outbox-rules';
import type { ComplaintStatus, ServerStatus } from '../../../common/status';
import type { DeskDatabase } from '../data/db';
import { findComplaint } from '../data/new-complaints';
import { claimEntry, releaseClaim, settleAndClaimNext, settleCreated, settleEntry, type Claim } from '../data/outbox-sending';
import { runPool } from '../data/pool';
import { createWriteBatcher, type WriteBatcher } from '../data/write-batch';
import { applyDetail, applyFetchError } from '../data/worklist';
import { STOPPED, type RunState } from '../runtime/run-state';
import { deskCall, type FlushReport, type Halt, type SyncDesk } from './engine-types';
import { REQUESTS_PER_CHANGE, type RatePacer } from './rate-pacer';
import type { SyncMetaState } from './sync-meta';

/** Entry-level refusals: they fail one entry, they say nothing about the queue. */
const ENTRY_ERROR_KINDS: ReadonlySet<DeskError['kind']> = new Set([
  'not-found',
  'invalid',
  'bad-request',
  'declined',
  'answer-refused',
]);

/**
 * How long a confirmation (this pass sent or found a complaint's change) stands in for the
 * next change's conflict check: a complaint is checked once per pass, not once per change
 * (a lane walks a complaint's changes back to back, see ./chain-pool.ts). The bound only
 * guards against a pass that stalled between two changes (a long rate-limit pace).
 */
const CONFIRMED_FRESH_MS = 30_000;

export interface EntrySenderOptions {
  db: DeskDatabase;
  desk: SyncDesk;
  run: RunState;
  state: SyncMetaState;
  /** Runs each change, on a free lane or paced. */
  pacer: RatePacer;
  now: () => number;
  random: () => number;
  getSettings: () => { conflictCheck: boolean };
  backoff?: { baseMs?: number; capMs?: number };
  needsCheckDelayMs?: number;
  isOnScreen?: (complaintId: string) => boolean;
  scheduleWake(at: number): void;
}

export interface EntrySender {
  /** A new pass: what the last one confirmed no longer stands in for a check. */
  beginPass(): void;
  /**
   * Sends one entry (paced by the rate limit: ./rate-pacer.ts). True when it ended confirmed
   * (sent or found applied). `next`: the complaint's entry the lane sends after it, claimed
   * in the same transaction that settles this one (on a free lane).
   */
  send(entry: OutboxEntry, report: FlushReport, halt: Halt, next?: OutboxEntry): Promise<boolean>;
  /** Claims made ahead that no lane used (it stopped): back to the queue. */
  releaseAhead(): Promise<void>;
  /** After a pass: the timelines of complaints on screen that got a change. */
  refreshTimelines(concurrency: number, halt: Halt): Promise<void>;
}

function transitionPatch(t: Transition): Partial<OutboxEntry> {
  return {
    state: t.state,
    attempts: t.attempts,
    backoffLevel: t.backoffLevel,
    nextAttemptAt: t.nextAttemptAt,
    lastError: t.lastError,
    resolution: t.resolution,
    sentAt: t.sentAt,
  };
}

/** What the steps below share: the options, this pass's confirmations, the claim-checked writes. */
interface SendContext extends EntrySenderOptions {
  stopped(): boolean;
  /**
   * The status each complaint was last confirmed at during the current pass (a change sent
   * or found applied), and when: lets the next change of the same complaint skip its
   * conflict check (see checkPhaseOf). Cleared at the start of every pass.
   */
  confirmedInPass: Map<string, { status: ComplaintStatus; at: number }>;
  /** Complaints that got a change in the current pass: their timelines are refreshed after it. */
  sentTo: Set<string>;
  /** The lanes' claims and settles, committed together when they arrive together (../data/write-batch.ts). */
  writes: WriteBatcher;
  /** Entries claimed ahead by settleAndClaimNext, by seq, until their lane sends them. */
  ahead: Map<number, Claim>;
  transitionContext(phase: 'send' | 'check'): TransitionContext;
  settle(
    claimed: Claim,
    patch: Partial<OutboxEntry>,
    complaintPatch?: Parameters<typeof settleEntry>[4],
    fetched?: Parameters<typeof settleEntry>[5],
  ): Promise<boolean>;
  noteSuccess(): Promise<void>;
}

export function createEntrySender(options: EntrySenderOptions): EntrySender {
  const { db, run, state, now, pacer } = options;
  const ctx: SendContext = {
    ...options,
    stopped: () => !run.running,
    confirmedInPass: new Map(),
    sentTo: new Set(),
    ahead: new Map(),
    transitionContext: (phase) => ({
      now: now(),
      phase,
      random: options.random,
      backoff: options.backoff,
      needsCheckDelayMs: options.needsCheckDelayMs,
    }),
    writes: createWriteBatcher(db),
    settle: (claimed, patch, complaintPatch, fetched) =>
      ctx.writes.run(() => settleEntry(db, now, claimed, patch, complaintPatch, fetched)),
    async noteSuccess() {
      state.note({ lastSuccessAt: now(), lastError: null });
    },
  };

  return {
    beginPass: () => ctx.confirmedInPass.clear(),
    send(entry, report, halt, next) {
      // A check and a send; only the send when the conflict check is off.
      const requests = options.getSettings().conflictCheck ? REQUESTS_PER_CHANGE : 1;
      // Paced, a change is not claimed ahead: the next may wait long for its turn.
      return pacer.run(requests, (paced) => processEntry(ctx, entry, report, halt, paced, paced ? undefined : next?.seq));
    },
    async releaseAhead() {
      const left = [...ctx.ahead.values()];
      ctx.ahead.clear();
      for (const claim of left) await releaseClaim(db, now, claim);
    },
    async refreshTimelines(concurrency, halt) {
      // Cosmetic, so not in the lanes. The others were marked timelineStale when sent and
      // are refreshed when the agent opens them: a request per complaint after every drain
      // would spend the rate budget on timelines nobody is looking at.
      if (ctx.sentTo.size === 0) return;
      const ids = [...ctx.sentTo].filter((id) => options.isOnScreen?.(id) === true);
      ctx.sentTo.clear();
      await runPool(ids, concurrency, (id) => refreshTimeline(ctx, id), () => ctx.stopped() || halt.halted);
    },
  };
}

/** Applies an error outcome (of the check or the send) to the entry and the queue. */
async function applyFailure(
  ctx: SendContext,
  claimed: Claim,
  outcome: CallOutcome & { ok: false },
  phase: 'send' | 'check',
  report: FlushReport,
  halt: Halt,
  fetched: { detail: ComplaintDetail; at: number } | null = null,
): Promise<void> {
  const t = nextStateAfter(claimed.entry, outcome, ctx.transitionContext(phase));
  if (t.elsewhere) {
    // Not this entry's destination any more: back as it was, and stop; the window
    // switches to the new destination's queue (no error, no attempt, no wake).
    await ctx.settle(claimed, transitionPatch(t));
    halt.halted = true;
    return;
  }
  if (!ENTRY_ERROR_KINDS.has(outcome.error.kind)) await ctx.state.update({ lastError: outcome.error });
  if (!(await ctx.settle(claimed, transitionPatch(t), {}, fetched))) return;
  if (t.state === 'failed') report.failed += 1;
  else if (t.state === 'uncertain') report.uncertain += 1;
  else report.retrying += 1;
  if (t.pause !== null) {
    halt.halted = true;
    const wakeAt = await ctx.state.pause(t.pause);
    if (wakeAt !== null) ctx.scheduleWake(wakeAt);
  } else if (t.offline) {
    halt.halted = true;
    halt.wakeAt = halt.wakeAt === null ? t.nextAttemptAt : Math.min(halt.wakeAt, t.nextAttemptAt);
  }
}

/** Whether the entry is checked with `detail` before it is sent, and how. */
function checkPhaseOf(ctx: SendContext, entry: OutboxEntry): CheckPhase | null {
  if (entry.state === 'needs-check') return 'needs-check';
  const known = ctx.confirmedInPass.get(entry.complaintId);
  // The conflict check asks "is the server still at what the agent saw?". When this pass
  // has just had the previous change of this complaint confirmed, the server answered
  // that moments ago (it is at that change's target, this entry's base): asking again
  // would cost a request per change for an answer no fresher than the one in hand.
  const justConfirmed =
    known !== undefined && known.status === entry.baseStatus && ctx.now() - known.at <= CONFIRMED_FRESH_MS;
  return ctx.getSettings().conflictCheck && !justConfirmed ? 'pre-send' : null;
}

/**
 * The check before a send. `send`: go on and send (with the detail fetched); otherwise the
 * entry is settled (or left to recovery) and `done` is whether it ended confirmed.
 */
async function check(
  ctx: SendContext,
  claimed: Claim,
  checkPhase: CheckPhase,
  report: FlushReport,
  halt: Halt,
): Promise<{ send: { detail: ComplaintDetail; at: number } } | { done: boolean }> {
  const { db, desk, now } = ctx;
  const { entry } = claimed;
  ctx.state.note({ lastAttemptAt: now() });
  const detail = await deskCall(ctx.run, () => desk.getComplaint({ id: entry.complaintId, destination: db.destination }));
  if (detail === STOPPED) return { done: false }; // left `sending`: recovered as needs-check (nothing was sent by us)
  if (!detail.ok) {
    // The worklist row says so too ("Not found on BizKitHub"), not only the entry.
    if (detail.error.kind === 'not-found') await applyFetchError(db, entry.complaintId, detail.error, now());
    await applyFailure(ctx, claimed, detail, 'check', report, halt);
    return { done: false };
  }
  // The check's answer goes into the cache with the entry's next state (one transaction).
  const fetched = { detail: detail.value, at: now() };
  const serverStatus: ServerStatus = detail.value.status;
  const decision = afterCheck(entry, serverStatus, checkPhase);
  if (decision === 'reconciled') {
    const done = await ctx.settle(
      claimed,
      { state: 'sent', resolution: 'reconciled', sentAt: now(), lastError: null, nextAttemptAt: 0, serverStatusSeen: serverStatus },
      {},
      fetched,
    );
    if (done) {
      report.reconciled += 1;
      ctx.confirmedInPass.set(entry.complaintId, { status: entry.targetStatus, at: now() });
      await ctx.noteSuccess();
    }
    return { done };
  }
  if (decision === 'conflict') {
    const done = await ctx.settle(
      claimed,
      { state: 'conflict', serverStatusSeen: serverStatus, lastError: null, nextAttemptAt: 0 },
      {},
      fetched,
    );
    if (done) report.conflicts += 1;
    return { done: false };
  }
  if (ctx.stopped()) return { done: false }; // left `sending` (recovered as needs-check); the detail is not kept
  return { send: fetched };
}

/** Claim, check, send, settle. True when the entry ended confirmed (sent or found applied). */
async function processEntry(
  ctx: SendContext,
  candidate: OutboxEntry,
  report: FlushReport,
  halt: Halt,
  slow: boolean,
  /** The seq the lane sends next: claimed when this entry is settled as sent. */
  nextSeq?: number,
): Promise<boolean> {
  const { db, desk, now } = ctx;
  const ahead = candidate.seq === undefined ? undefined : ctx.ahead.get(candidate.seq);
  if (ahead !== undefined) ctx.ahead.delete(ahead.entry.seq);
  const claimed = ahead ?? (await ctx.writes.run(() => claimEntry(db, candidate, now)));
  if (claimed === null) return false;
  if (isCreate(claimed.entry)) return processCreate(ctx, claimed, report, halt);
  const { entry } = claimed;
  const checkPhase = checkPhaseOf(ctx, entry);
  let fetched: { detail: ComplaintDetail; at: number } | null = null;
  if (checkPhase !== null) {
    const checked = await check(ctx, claimed, checkPhase, report, halt);
    if ('done' in checked) return checked.done;
    fetched = checked.send;
  }

  ctx.state.note({ lastAttemptAt: now() });
  // Main refuses it (`wrong-destination`) unless the database's destination is current.
  const sent = await deskCall(ctx.run, () =>
    desk.setComplaintStatus({ complaintId: entry.complaintId, status: entry.targetStatus, destination: db.destination }),
  );
  if (sent === STOPPED) return false; // outcome unknown: left `sending`, recovered as needs-check
  if (!sent.ok) {
    await applyFailure(ctx, claimed, sent, 'send', report, halt, fetched);
    return false;
  }
  const t = nextStateAfter(entry, { ok: true }, ctx.transitionContext('send'));
  // The cached timeline lacks the new event: refreshed when the complaint is next shown.
  const complaintPatch = { serverStatus: entry.targetStatus, timelineStale: true };
  if (nextSeq !== undefined && !ctx.stopped() && !halt.halted) {
    const r = await ctx.writes.run(() =>
      settleAndClaimNext(db, now, claimed, transitionPatch(t), complaintPatch, fetched, nextSeq),
    );
    if (r.next !== null) ctx.ahead.set(r.next.entry.seq, r.next);
    if (!r.settled) return false;
  } else if (!(await ctx.settle(claimed, transitionPatch(t), complaintPatch, fetched))) {
    return false;
  }
  report.sent += 1;
  ctx.confirmedInPass.set(entry.complaintId, { status: entry.targetStatus, at: now() });
  await ctx.noteSuccess();
  if (!slow) ctx.sentTo.add(entry.complaintId);
  return true;
}

/**
 * A complaint filed in the app: `create`, then its row and the changes queued behind it
 * move to BizKitHub's ID in the transaction that records the success (settleCreated).
 * Never checked and never resent by itself: an answer that may have come after the
 * complaint was made leaves the entry `uncertain` (CREATE_RULES in common/outbox-transitions.ts).
 */
async function processCreate(ctx: SendContext, claimed: Claim, report: FlushReport, halt: Halt): Promise<boolean> {
  const { db, desk, now } = ctx;
  const { entry } = claimed;
  const request = entry.create;
  if (request === undefined) {
    const lastError: DeskError = { kind: 'invalid', message: 'This new complaint has nothing to send.' };
    if (await ctx.settle(claimed, { state: 'failed', lastError })) report.failed += 1;
    return false;
  }
  ctx.state.note({ lastAttemptAt: now() });
  // needs-check: a window before this one died while sending it; main, which outlives
  // windows, answers with that request's outcome and never sends again for `resume`.
  const resume = entry.state === 'needs-check';
  const ref = entry.localRef ?? entry.complaintId;
  const created = await deskCall(ctx.run, () => desk.createComplaint({ request, destination: db.destination, ref, resume }));
  if (created === STOPPED) return false; // left `sending`: the next flush asks main (resume)
  if (!created.ok) {
    await applyFailure(ctx, claimed, created, 'send', report, halt);
    return false;
  }
  const id = ComplaintIdSchema.safeParse(created.value.id);
  if (!id.success) {
    // Made, but the answer names no usable ID: the agent links it ("It exists, its ID is …").
    const lastError: DeskError = { kind: 'malformed', message: 'BizKitHub created the complaint but its answer had no ID.' };
    if (await ctx.settle(claimed, { state: 'uncertain', attempts: entry.attempts + 1, lastError })) report.uncertain += 1;
    return false;
  }
  if (!(await settleCreated(db, now, claimed, id.data))) return false;
  report.sent += 1;
  // The complaint is at 'new' right now: the change queued behind needs no conflict check.
  ctx.confirmedInPass.set(id.data, { status: 'new', at: now() });
  await ctx.noteSuccess();
  return true;
}

/** Best effort: the new timeline event, once the complaint has nothing more to send. */
async function refreshTimeline(ctx: SendContext, complaintId: string): Promise<void> {
  const { db, desk } = ctx;
  const row = await findComplaint(db, complaintId);
  if (!row || row.pendingCount > 0) return;
  const detail = await deskCall(ctx.run, () => desk.getComplaint({ id: complaintId, destination: db.destination }));
  if (detail !== STOPPED && detail.ok) await applyDetail(db, complaintId, detail.value, ctx.now());
}
