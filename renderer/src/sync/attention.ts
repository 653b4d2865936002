/**
 * When the app asks for the agent's attention with a desktop notification (Electron
 * `Notification` via `desk.notify`), as pure functions: no timers, no Dexie, no DOM, no
 * i18n: notices are codes, ../ui/attention-text.ts words them. ./attention-controller.ts
 * feeds them snapshots of the outbox and the sync engine's status and shows what they return.
 *
 * Notifications, one per transition:
 * - synced: a long queue has just emptied and its changes reached BizKitHub. "Long": it
 *   held at least `longQueueCount` changes when the connection came back (or when the app
 *   started with them), or it could not be sent for `longBlockMs` in all (offline, paused),
 *   or the watchdog said it was not sending. A short queue sent while the agent works
 *   online says nothing.
 * - conflict / failed: an entry newly entered that state (by seq; an entry that leaves and
 *   comes back, e.g. "Apply mine anyway" and a second conflict, is a new transition).
 * - auth: the queue was paused because the API key was rejected. Once told, the agent is
 *   not told again until a change gets through (the engine retries the key at every start
 *   and every "Sync now"; each of those re-pauses is the same problem).
 *
 * Never for old states: the first snapshot is the baseline (conflicts and failed entries
 * already there are not new; an auth pause stored by the last session is already known).
 *
 * The state carried between steps is more than the previous snapshot: "long" needs how
 * long the queue was blocked and how many changes were waiting when it came back, which
 * two snapshots alone cannot tell.
 */
import { UNSENT_STATES, type UnsentState } from '../../../common/outbox-rules';
import type { SyncStatus } from './sync-meta';

export type AttentionEntryState = 'conflict' | 'failed' | 'uncertain';
const ENTRY_NOTICE_KINDS: readonly AttentionEntryState[] = ['conflict', 'failed', 'uncertain'];

export function isAttentionEntryState(state: string): state is AttentionEntryState {
  return (ENTRY_NOTICE_KINDS as readonly string[]).includes(state);
}

export interface AttentionEntry {
  seq: number;
  complaintId: string;
  state: AttentionEntryState;
}

export interface AttentionSnapshot {
  /** When it was observed (ms epoch). */
  at: number;
  online: boolean;
  pausedReason: SyncStatus['pausedReason'];
  /** The engine's watchdog: online, changes waiting, nothing confirmed for minutes. */
  stalled: boolean;
  /** Unsent entries by state. */
  counts: Readonly<Record<UnsentState, number>>;
  /** The unsent entries that wait for the agent (conflict, failed, uncertain create). */
  needsAgent: readonly AttentionEntry[];
  /** Entries confirmed on the server (state `sent`) since observation began. */
  sent: number;
  /** Entries the agent discarded (state `discarded`) since observation began. */
  discarded: number;
}

export interface AttentionPolicy {
  /** A queue this long when the connection came back counts as long. */
  longQueueCount: number;
  /** A queue blocked (offline, paused) this long in all counts as long. */
  longBlockMs: number;
}

export const DEFAULT_ATTENTION_POLICY: AttentionPolicy = { longQueueCount: 5, longBlockMs: 2 * 60_000 };

export type AttentionNotice =
  | {
      kind: 'synced';
      /** Changes confirmed on the server while the queue was waiting or draining. */
      count: number;
      /** False when the agent discarded some entries meanwhile (then not "all" reached it). */
      complete: boolean;
    }
  | { kind: AttentionEntryState; entries: AttentionEntry[] }
  | { kind: 'auth' };

/** One stretch of a non-empty queue, from its first unsent change to empty. */
interface Backlog {
  sentAtStart: number;
  discardedAtStart: number;
  /** When the current blocked stretch began, or null while the queue can send. */
  blockedSince: number | null;
  /** Finished blocked stretches, in all. */
  blockedMs: number;
  /** Largest number of unsent changes seen at a moment the connection came back. */
  resumedWith: number;
  /** Unsent changes when observation began (left by an earlier session); 0 if it began later. */
  carriedOver: number;
  sawStall: boolean;
}

export interface AttentionTracker {
  readonly last: AttentionSnapshot;
  /** The agent has been told about the rejected key (or it was rejected before this session). */
  readonly authKnown: boolean;
  readonly backlog: Backlog | null;
}

export function emptyCounts(): Record<UnsentState, number> {
  return { queued: 0, sending: 0, 'needs-check': 0, uncertain: 0, conflict: 0, failed: 0 };
}

/** Unsent changes in all (the "N pending" of the sync indicator). */
export function pendingIn(snapshot: Pick<AttentionSnapshot, 'counts'>): number {
  return UNSENT_STATES.reduce((sum, state) => sum + (snapshot.counts[state] ?? 0), 0);
}

/** The queue cannot send: offline, or paused (key rejected, rate limit). */
export function isBlocked(snapshot: Pick<AttentionSnapshot, 'online' | 'pausedReason'>): boolean {
  return !snapshot.online || snapshot.pausedReason !== null;
}

function newBacklog(from: AttentionSnapshot, at: AttentionSnapshot, carriedOver: number): Backlog {
  return {
    sentAtStart: from.sent,
    discardedAtStart: from.discarded,
    blockedSince: isBlocked(at) ? at.at : null,
    blockedMs: 0,
    resumedWith: 0,
    carriedOver,
    sawStall: at.stalled,
  };
}

function isLong(backlog: Backlog, policy: AttentionPolicy): boolean {
  return (
    backlog.resumedWith >= policy.longQueueCount ||
    backlog.carriedOver >= policy.longQueueCount ||
    backlog.blockedMs >= policy.longBlockMs ||
    backlog.sawStall
  );
}

/**
 * The baseline: what the app found at start. Nothing in it is notified.
 * `storedPausedReason` is the pause the last session left in the database (the engine
 * clears an auth pause at start and retries, so the live status alone would forget it).
 */
export function startAttention(
  baseline: AttentionSnapshot,
  storedPausedReason: SyncStatus['pausedReason'] = null,
): AttentionTracker {
  const pending = pendingIn(baseline);
  return {
    last: baseline,
    authKnown: storedPausedReason === 'auth' || baseline.pausedReason === 'auth',
    backlog: pending > 0 ? newBacklog(baseline, baseline, pending) : null,
  };
}

const entryKey = (e: AttentionEntry): string => `${e.seq}:${e.state}`;

/** One observation: the tracker after it, and the notifications it calls for (maybe none). */
export function stepAttention(
  tracker: AttentionTracker,
  next: AttentionSnapshot,
  policy: AttentionPolicy = DEFAULT_ATTENTION_POLICY,
): { tracker: AttentionTracker; notices: AttentionNotice[] } {
  const last = tracker.last;
  const notices: AttentionNotice[] = [];

  // Needs the agent: entries that newly entered conflict or failed.
  const before = new Set(last.needsAgent.map(entryKey));
  const fresh = next.needsAgent.filter((e) => !before.has(entryKey(e)));
  for (const kind of ENTRY_NOTICE_KINDS) {
    const entries = fresh.filter((e) => e.state === kind);
    if (entries.length > 0) notices.push({ kind, entries });
  }

  // The rejected key: once, until a change gets through again.
  let authKnown = tracker.authKnown && !(next.sent > last.sent);
  if (next.pausedReason === 'auth') {
    if (!authKnown && last.pausedReason !== 'auth') notices.push({ kind: 'auth' });
    authKnown = true;
  }

  // The backlog: a long queue that has just emptied.
  const pending = pendingIn(next);
  let backlog = tracker.backlog;
  if (backlog === null && pending > 0) {
    backlog = newBacklog(last, next, 0);
  } else if (backlog !== null) {
    backlog = { ...backlog };
    if (!last.online && next.online) backlog.resumedWith = Math.max(backlog.resumedWith, pending);
    if (next.stalled) backlog.sawStall = true;
    const blocked = isBlocked(next);
    if (blocked && backlog.blockedSince === null) backlog.blockedSince = next.at;
    if ((!blocked || pending === 0) && backlog.blockedSince !== null) {
      // max(0): a clock set backwards must not shorten what was already counted.
      backlog.blockedMs += Math.max(0, next.at - backlog.blockedSince);
      backlog.blockedSince = null;
    }
    if (pending === 0) {
      const sent = next.sent - backlog.sentAtStart;
      // sent <= 0: emptied by cancelling, discarding or wiping; nothing reached BizKitHub.
      if (sent > 0 && isLong(backlog, policy)) {
        notices.push({ kind: 'synced', count: sent, complete: next.discarded - backlog.discardedAtStart <= 0 });
      }
      backlog = null;
    }
  }

  return { tracker: { last: next, authKnown, backlog }, notices };
}

const ORDER: Record<AttentionNotice['kind'], number> = { auth: 0, conflict: 1, uncertain: 2, failed: 3, synced: 4 };

/** Notices collected over a short window, as one per kind (a flush that meets 5 conflicts: one notification). */
export function mergeNotices(notices: readonly AttentionNotice[]): AttentionNotice[] {
  const byKind = new Map<AttentionNotice['kind'], AttentionNotice>();
  for (const notice of notices) {
    const earlier = byKind.get(notice.kind);
    if (earlier === undefined) {
      byKind.set(notice.kind, 'entries' in notice ? { ...notice, entries: [...notice.entries] } : notice);
    } else if ('entries' in earlier && 'entries' in notice) {
      const seen = new Set(earlier.entries.map((e) => e.seq));
      earlier.entries.push(...notice.entries.filter((e) => !seen.has(e.seq)));
    } else if (earlier.kind === 'synced' && notice.kind === 'synced') {
      byKind.set('synced', { kind: 'synced', count: earlier.count + notice.count, complete: earlier.complete && notice.complete });
    }
  }
  return [...byKind.values()].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/**
 * What of the collected notices is still worth showing now: a conflict the agent already
 * resolved within the debounce window, or a key pause already lifted, is not. "Synced"
 * happened and stays true.
 */
export function stillRelevant(notices: readonly AttentionNotice[], latest: AttentionSnapshot): AttentionNotice[] {
  const current = new Set(latest.needsAgent.map(entryKey));
  const out: AttentionNotice[] = [];
  for (const notice of mergeNotices(notices)) {
    if ('entries' in notice) {
      const entries = notice.entries.filter((e) => current.has(entryKey(e)));
      if (entries.length > 0) out.push({ kind: notice.kind, entries });
    } else if (notice.kind === 'auth') {
      if (latest.pausedReason === 'auth') out.push(notice);
    } else {
      out.push(notice);
    }
  }
  return out;
}
