/**
 * "Wipe local data" (Settings): the cached worklist, the outbox (unsent changes and sync
 * history) and the sync engine's state. Refused while changes are unsent unless the agent
 * confirmed losing them. The caller stops the sync engine first and starts it again after
 * (an engine running meanwhile could write a just-wiped entry back).
 *
 * Crypto-shredding: deleted rows stay in IndexedDB's files until they are compacted, so
 * the data key that sealed them is replaced first (main forgets the old one): whatever
 * the files still hold can no longer be opened. If the key cannot be replaced, nothing is
 * deleted and the agent is told.
 */
import type { DataKey } from '../../../common/data-key';
import type { DeskError } from '../../../common/errors';
import { UNSENT_STATES } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import type { DeskDatabase } from './db';
import { journalForget } from './journal-writer';

export interface WipeReport {
  removed: { complaints: number; entries: number };
}

export type WipeRefusal = { reason: 'unsent-changes'; pending: number } | { reason: 'key-not-replaced'; error: DeskError };

/** Main's data-key:replace (desk.replaceDataKey). */
export type ReplaceDataKey = () => Promise<Result<DataKey, DeskError>>;

function countUnsent(db: DeskDatabase): Promise<number> {
  return db.outbox.where('state').anyOf(UNSENT_STATES).count();
}

/** Replaces the data key first, then deletes everything in one transaction. */
export async function wipeLocalData(
  db: DeskDatabase,
  options: { confirmLoss: boolean },
  replaceDataKey: ReplaceDataKey,
): Promise<Result<WipeReport, WipeRefusal>> {
  const pendingBefore = await countUnsent(db);
  if (pendingBefore > 0 && !options.confirmLoss) return err({ reason: 'unsent-changes', pending: pendingBefore });
  let replaced: Result<DataKey, DeskError>;
  try {
    replaced = await replaceDataKey();
  } catch (cause) {
    replaced = err({ kind: 'internal', message: cause instanceof Error ? cause.message : String(cause) });
  }
  if (!replaced.ok) return err({ reason: 'key-not-replaced', error: replaced.error });
  db.useDataKey(replaced.value);
  const wiped = await db.transaction('rw', db.complaints, db.outbox, db.meta, async (): Promise<Result<WipeReport, WipeRefusal>> => {
    const [complaints, entries] = await Promise.all([db.complaints.count(), db.outbox.count()]);
    await Promise.all([db.complaints.clear(), db.outbox.clear(), db.meta.clear()]);
    return ok({ removed: { complaints, entries } });
  });
  // The journal would otherwise restore the wiped changes at the next start.
  await journalForget(db);
  return wiped;
}
