/**
 * Whether closing the app now would lose unsent work, when the browser's database has
 * failed (a full disk, a database the browser closed): not when main's journal holds every
 * unsent entry of this destination in a form the next start can restore.
 *
 * Said only when it can be shown: every write to the journal since the workspace started
 * reached main, main answers, no entry it holds is unreadable (a create sealed with a key
 * that is gone), and it holds each unsent entry of the database (by `seq`), or, when the
 * database no longer answers, at least as many as the engine counts unsent.
 */
import type { DeskApi } from '../../../common/ipc-contract';
import { UNSENT_STATES } from '../../../common/outbox-rules';
import type { DeskDatabase } from './db';
import { journalUpToDate } from './journal-writer';

/** `unsentCount`: the engine's count (kept in memory), null when it is not known. */
export async function journalHoldsAllUnsent(
  db: DeskDatabase,
  desk: Pick<DeskApi, 'getJournalUnsent'>,
  unsentCount: number | null,
): Promise<boolean> {
  if (!journalUpToDate(db)) return false;
  let entries;
  try {
    const reply = await desk.getJournalUnsent({ destination: db.destination });
    if (!reply.ok) return false;
    entries = reply.value.entries;
  } catch {
    return false;
  }
  if (entries.some((e) => e.unreadable)) return false;
  const journaled = new Set(entries.map((e) => e.seq));
  const here = await unsentSeqs(db);
  if (here !== null) return here.every((seq) => journaled.has(seq)) && (unsentCount === null || journaled.size >= unsentCount);
  return unsentCount !== null && journaled.size >= unsentCount;
}

/** The database's unsent entries, or null when it does not answer. */
async function unsentSeqs(db: DeskDatabase): Promise<number[] | null> {
  if (!db.isOpen()) return null;
  try {
    return await db.outbox.where('state').anyOf(UNSENT_STATES).primaryKeys();
  } catch {
    return null;
  }
}
