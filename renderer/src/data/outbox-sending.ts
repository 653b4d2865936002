/**
 * The sync engine's side of the outbox (../sync/entry-sender.ts walks the protocol; the
 * agent's side is ./outbox.ts). Every write after a network call is conditional on the
 * claim: the entry is still `sending` with the claim's `updatedAt`, so a late answer can
 * never overwrite a newer decision. No function here calls the network.
 */
import Dexie from 'dexie';
import type { ComplaintDetail } from '../../../common/api-schemas';
import { routeEntry } from '../../../common/destination';
import { isCreate, isInUndoHold, isKnownEntryKind, isUnsent, type OutboxEntry } from '../../../common/outbox-rules';
import { entriesOfComplaint, type CachedComplaint, type DeskDatabase } from './db';
import { journalGoneSoon } from './journal-writer';
import { remapComplaint } from './new-complaints';
import { recomputeComplaint, sentPatch, touch, writePendingOf } from './outbox-primitives';
import { readUnsent } from './outbox-queries';
import { applyDetail } from './worklist';
import { pacedQuery, type PacedQuery, type PaceOptions } from './paced-query';

/** An entry this flush marked `sending`; `token` is the `updatedAt` it was marked with. */
export type Claim = { entry: OutboxEntry & { seq: number }; token: number };

/**
 * The claim still holds: the entry (as read now) is still `sending` with the claim's
 * token. Otherwise someone else took it over (it was recovered meanwhile) and a late
 * answer must not overwrite that newer decision.
 */
function claimHolds(entry: OutboxEntry | undefined, claimed: Claim): entry is OutboxEntry {
  return entry !== undefined && entry.state === 'sending' && entry.updatedAt === claimed.token;
}

/** The entry itself may go at `at`: it waits to go (queued, or to be checked) and it is due. */
function isDue(entry: OutboxEntry, at: number): boolean {
  return (entry.state === 'queued' || entry.state === 'needs-check') && entry.nextAttemptAt <= at;
}

/**
 * May `entry` be claimed at `at`: it is due, and no earlier entry of its complaint is
 * unsent. `complaintEntries`: the complaint's entries as read in this transaction (all of
 * them, or only those before it).
 */
function mayClaim(entry: OutboxEntry & { seq: number }, at: number, complaintEntries: readonly OutboxEntry[]): boolean {
  return isKnownEntryKind(entry) && isDue(entry, at) && !complaintEntries.some((e) => e.seq !== undefined && e.seq < entry.seq && isUnsent(e.state));
}

/**
 * Unsent entries of this database. An entry stamped with another destination than the
 * database's (never written by this app, only by hand or a bug) is left alone: sent
 * there or nowhere. So is an entry of a kind this release does not know (isKnownEntryKind).
 */
export async function readSendable(db: DeskDatabase): Promise<OutboxEntry[]> {
  const entries = await readUnsent(db);
  return entries.filter((e) => isKnownEntryKind(e) && (e.destination === undefined || routeEntry(e.destination, db.destination) === 'send'));
}

/** What this window may send, re-read after outbox writes at the pace the caller sets (the engine's watch). */
export function pacedSendable(db: DeskDatabase, options: PaceOptions = {}): PacedQuery<OutboxEntry[]> {
  return pacedQuery(db, ['outbox'], () => readSendable(db), options);
}

/**
 * Entries left `sending` by a flush that is gone: outcome unknown. Call only while
 * holding the flush lock. A status change is checked no earlier than `inFlightGraceMs`
 * after it was claimed (main may still be carrying the request).
 */
export async function recoverAbandoned(db: DeskDatabase, now: number, inFlightGraceMs: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const abandoned = await db.outbox.where('state').equals('sending').toArray();
    for (const e of abandoned) {
      if (e.seq === undefined) continue;
      if (isCreate(e)) {
        // A create cannot be checked with `detail` (no ID yet, no list): main is asked for
        // the outcome of what it sent (resume, see processCreate), or the agent decides.
        await db.outbox.update(e.seq, { state: 'needs-check', nextAttemptAt: 0, updatedAt: touch(e, now) });
        continue;
      }
      await db.outbox.update(e.seq, {
        state: 'needs-check',
        // min(): a claim time ahead of the clock (clock set back) must not delay the check for long.
        nextAttemptAt: Math.min(e.updatedAt, now) + inFlightGraceMs,
        updatedAt: touch(e, now),
      });
    }
  });
}

/**
 * "Sync now" sends changes still in their undo window too. Decision: an agent who
 * presses Sync now wants what they see as pending on the server now, and the notice's
 * Undo still works afterwards (it queues the reverse change, as it does once the window
 * has passed). Keeping the hold would make Sync now look broken for up to the window's
 * length. Only holds end here: backoff and rate-limit waits are untouched.
 */
export async function releaseUndoHolds(db: DeskDatabase, at: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
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

/** Marks the entry `sending` if it is still the next to go for its complaint. */
export async function claimEntry(db: DeskDatabase, candidate: OutboxEntry, now: () => number): Promise<Claim | null> {
  const seq = candidate.seq;
  if (seq === undefined) return null;
  return db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    // Not due: no need to read its complaint's other entries.
    if (!entry || !isDue(entry, now())) return null;
    // One getAll over the complaint's earlier entries (a filtered count walks a cursor:
    // one round trip per entry).
    const earlier = await db.outbox
      .where('[complaintId+seq]')
      .between([entry.complaintId, Dexie.minKey], [entry.complaintId, seq], true, false)
      .toArray();
    if (!mayClaim({ ...entry, seq }, now(), earlier)) return null;
    const token = touch(entry, now());
    // put, not update: the row is in hand (update reads it again with two more requests).
    await db.outbox.put({ ...entry, state: 'sending', updatedAt: token });
    return { entry: { ...entry, seq }, token };
  });
}

/**
 * Writes the entry's next state (and the complaint's) if the claim still holds.
 * Returns false when someone else took the entry over (it was recovered meanwhile).
 */
export async function settleEntry(
  db: DeskDatabase,
  now: () => number,
  claimed: Claim,
  patch: Partial<OutboxEntry>,
  complaintPatch: Partial<Pick<CachedComplaint, 'serverStatus' | 'timelineStale'>> = {},
  /** The check's `detail`, stored in the same transaction (one write of the complaint, not two). */
  fetched: { detail: ComplaintDetail; at: number } | null = null,
): Promise<boolean> {
  const { seq, complaintId } = claimed.entry;
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!claimHolds(entry, claimed)) return false;
    if (fetched !== null) await applyDetail(db, complaintId, fetched.detail, fetched.at);
    await db.outbox.put({ ...entry, ...patch, updatedAt: touch({ updatedAt: claimed.token }, now()) });
    await recomputeComplaint(db, complaintId, complaintPatch);
    return true;
  }).then((settled) => {
    if (settled) noteFoundApplied(db, seq, patch);
    return settled;
  });
}

/** A check that found the change applied is an outcome main never saw (no set-status was sent). */
function noteFoundApplied(db: DeskDatabase, seq: number, patch: Partial<OutboxEntry>): void {
  if (patch.state === 'sent' && patch.resolution === 'reconciled') journalGoneSoon(db, seq, 'applied');
}

/**
 * settleEntry for an entry that ended confirmed, and in the same transaction the claim of
 * the complaint's next entry (`nextSeq`), which the lane sends next: one outbox transaction
 * per change of a chain instead of two (a drain's transactions on the outbox run one after
 * another). The next entry is claimed only if it is still the next to go (claimEntry's
 * rule); `next` is null otherwise. A claim the lane does not use goes back (releaseClaim).
 */
export async function settleAndClaimNext(
  db: DeskDatabase,
  now: () => number,
  claimed: Claim,
  patch: Partial<OutboxEntry>,
  complaintPatch: Partial<Pick<CachedComplaint, 'serverStatus' | 'timelineStale'>>,
  fetched: { detail: ComplaintDetail; at: number } | null,
  nextSeq: number,
): Promise<{ settled: boolean; next: Claim | null }> {
  const { seq, complaintId } = claimed.entry;
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!claimHolds(entry, claimed)) return { settled: false, next: null };
    if (fetched !== null) await applyDetail(db, complaintId, fetched.detail, fetched.at);
    await db.outbox.put({ ...entry, ...patch, updatedAt: touch({ updatedAt: claimed.token }, now()) });
    // One read of the complaint's entries serves the claim's rule and the row's pending figures.
    const entries = await entriesOfComplaint(db, complaintId).toArray();
    const candidate = entries.find((e) => e.seq === nextSeq);
    let next: Claim | null = null;
    if (candidate !== undefined && mayClaim({ ...candidate, seq: nextSeq }, now(), entries)) {
      const token = touch(candidate, now());
      const claimedNext = { ...candidate, seq: nextSeq, state: 'sending' as const, updatedAt: token };
      await db.outbox.put(claimedNext);
      next = { entry: { ...candidate, seq: nextSeq }, token };
      entries[entries.indexOf(candidate)] = claimedNext;
    }
    await writePendingOf(db, complaintId, entries, complaintPatch);
    return { settled: true, next };
  }).then((result) => {
    if (result.settled) noteFoundApplied(db, seq, patch);
    return result;
  });
}

/** A claim made ahead (settleAndClaimNext) that its lane did not use: the entry goes back as it was. */
export async function releaseClaim(db: DeskDatabase, now: () => number, claimed: Claim): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(claimed.entry.seq);
    if (!claimHolds(entry, claimed)) return;
    await db.outbox.put({ ...entry, state: claimed.entry.state, updatedAt: touch(entry, now()) });
  });
}

/** The create succeeded: the entry is sent and everything moves from the reference to the ID, in one transaction. */
export async function settleCreated(db: DeskDatabase, now: () => number, claimed: Claim, serverId: string): Promise<boolean> {
  const { seq, complaintId } = claimed.entry;
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!claimHolds(entry, claimed)) return false;
    const at = now();
    await db.outbox.update(seq, sentPatch({ updatedAt: claimed.token }, 'sent', at));
    await remapComplaint(db, complaintId, serverId, at);
    return true;
  });
}
