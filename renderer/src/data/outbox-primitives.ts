/**
 * The building blocks every outbox write uses, whoever writes: the agent's actions
 * (./outbox.ts), the engine's side (./outbox-sending.ts) and complaints filed in the app
 * (./new-complaints.ts). Kept apart so those three agree on what an entry's `updatedAt`
 * means (a claim token, strictly increasing), what a new entry starts with and how the
 * complaint's pending figures follow its entries.
 */
import { pendingOf, type OutboxEntry, type OutboxResolution } from '../../../common/outbox-rules';
import { entriesOfComplaint, type CachedComplaint, type DeskDatabase } from './db';

/** The next `updatedAt` of an entry: strictly increasing, as the engine uses it as a claim token. */
export function touch(entry: Pick<OutboxEntry, 'updatedAt'>, now: number): number {
  return Math.max(now, entry.updatedAt + 1);
}

/** What every new entry starts with: queued, never tried, bound to the database's destination. */
export function newEntryFields(db: DeskDatabase, now: number) {
  return {
    createdAt: now,
    state: 'queued' as const,
    attempts: 0,
    lastError: null,
    updatedAt: now,
    sentAt: null,
    resolution: null,
    serverStatusSeen: null,
    destination: db.destination,
  };
}

/** An entry that ends applied on BizKitHub (`resolution` says how it was found so). */
export function sentPatch(entry: Pick<OutboxEntry, 'updatedAt'>, resolution: OutboxResolution, at: number): Partial<OutboxEntry> {
  return { state: 'sent', resolution, sentAt: at, lastError: null, nextAttemptAt: 0, updatedAt: touch(entry, at) };
}

/** What a write may set on the complaint's row besides the pending figures (those follow the outbox). */
export type ComplaintPatch = Partial<Omit<CachedComplaint, 'id' | 'pendingStatus' | 'pendingCount'>>;

/**
 * Recomputes pendingStatus/pendingCount of a complaint from its outbox entries, and
 * applies `patch`. Call inside a rw transaction over complaints and outbox.
 */
export async function recomputeComplaint(db: DeskDatabase, complaintId: string, patch: ComplaintPatch = {}): Promise<void> {
  await writePendingOf(db, complaintId, await entriesOfComplaint(db, complaintId).toArray(), patch);
}

/** The complaint's row with `patch` and the pending figures of `entries` (all of its outbox entries, as read in this transaction). */
export async function writePendingOf(
  db: DeskDatabase,
  complaintId: string,
  entries: readonly OutboxEntry[],
  patch: ComplaintPatch = {},
): Promise<void> {
  const figures: ComplaintPatch = { ...patch, ...pendingOf(entries) };
  // Written on every change and every settle: in place, the personal part left sealed as it is.
  const patched = await db.patchClearFields('complaints', complaintId, figures);
  if (patched !== 'refused') return;
  const row = await db.complaints.get(complaintId);
  if (!row) return;
  await db.complaints.put({ ...row, ...figures });
}
