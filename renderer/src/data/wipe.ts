/**
 * "Wipe local data" (Settings): the cached worklist, the outbox (unsent changes and sync
 * history) and the sync engine's state. Refused while changes are unsent unless the agent
 * confirmed losing them. The caller stops the sync engine first and starts it again after
 * (an engine running meanwhile could write a just-wiped entry back).
 */
import { UNSENT_STATES } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import type { DeskDatabase } from './db';

export interface WipeReport {
  removed: { complaints: number; entries: number };
}

export type WipeRefusal = { reason: 'unsent-changes'; pending: number };

/** One transaction: either everything is wiped or nothing is. */
export async function wipeLocalData(
  db: DeskDatabase,
  options: { confirmLoss: boolean },
): Promise<Result<WipeReport, WipeRefusal>> {
  return db.transaction('rw', db.complaints, db.outbox, db.meta, async (): Promise<Result<WipeReport, WipeRefusal>> => {
    const pending = await db.outbox.where('state').anyOf(UNSENT_STATES).count();
    if (pending > 0 && !options.confirmLoss) return err({ reason: 'unsent-changes', pending });
    const [complaints, entries] = await Promise.all([db.complaints.count(), db.outbox.count()]);
    await Promise.all([db.complaints.clear(), db.outbox.clear(), db.meta.clear()]);
    return ok({ removed: { complaints, entries } });
  });
}
