/**
 * Which outbox entries may go now: per complaint only the oldest unsent entry moves, and
 * an entry waits for its `nextAttemptAt`. Pure; part of the outbox rules (./outbox-rules.ts).
 */
import type { DeskError } from './errors';
import { isUnsent, type OutboxEntry } from './outbox-entry';

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

/**
 * Error kinds whose backoff says "BizKitHub could not be reached or had trouble", nothing
 * about the change itself: when the API answers again after being unreachable, such a
 * wait is over (dueOnReconnect). A rate-limit pause, a key problem, a refusal or the undo
 * hold keep their own waits.
 */
const RECONNECT_RELEASES: ReadonlySet<string> = new Set(['network', 'server', 'unknown-outcome', 'internal']);

/** The spread of the "due at once" after a reconnect: lanes and devices do not all start in the same instant. */
export const RECONNECT_JITTER_MS = 1500;

/**
 * The new `nextAttemptAt` of an entry when the API answers again after being offline or
 * unreachable: due within RECONNECT_JITTER_MS if it was waiting on a network or server
 * backoff that ends later than that; null when its wait stays (not such a wait, or ending sooner).
 */
export function dueOnReconnect(
  entry: Pick<OutboxEntry, 'state' | 'lastError' | 'nextAttemptAt'>,
  now: number,
  random: () => number,
): number | null {
  if (entry.state !== 'queued' && entry.state !== 'needs-check') return null;
  if (entry.lastError === null || !RECONNECT_RELEASES.has(entry.lastError.kind)) return null;
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  const at = now + Math.floor(unit * RECONNECT_JITTER_MS);
  return entry.nextAttemptAt > at ? at : null;
}

/** Error kinds that say BizKitHub had trouble answering (not the change's fault, not a pause). */
const TROUBLE_KINDS: ReadonlySet<string> = new Set(['server', 'unknown-outcome', 'malformed', 'internal']);

/**
 * The earliest retry of an entry waiting out a backoff after BizKitHub had trouble, with
 * that trouble's kind; null when none waits so. What "having problems — retrying in 20 s" says.
 */
export function retryAfterTrouble(
  entries: readonly Pick<OutboxEntry, 'state' | 'lastError' | 'nextAttemptAt'>[],
  now: number,
): { at: number; kind: DeskError['kind'] } | null {
  let found: { at: number; kind: DeskError['kind'] } | null = null;
  for (const e of entries) {
    if (e.state !== 'queued' && e.state !== 'needs-check') continue;
    if (e.lastError === null || !TROUBLE_KINDS.has(e.lastError.kind) || e.nextAttemptAt <= now) continue;
    if (found === null || e.nextAttemptAt < found.at) found = { at: e.nextAttemptAt, kind: e.lastError.kind };
  }
  return found;
}
