/**
 * The engine's write when BizKitHub answers again after being offline or unreachable: every
 * entry waiting on a network or server backoff becomes due within a second or two
 * (dueOnReconnect in common/outbox-schedule.ts). Kept apart from the send path: one
 * transaction over the waiting entries, run on a reconnect only.
 */
import { dueOnReconnect } from '../../../common/outbox-rules';
import type { DeskDatabase } from './db';
import { touch } from './outbox-primitives';

/** Makes the waiting entries due (with jitter); returns how many. Only lowers `nextAttemptAt`. */
export async function releaseReconnectBackoffs(db: DeskDatabase, at: number, random: () => number): Promise<number> {
  return db.transaction('rw', db.outbox, async () => {
    // One `equals` range per state (docs/data-notes.md: Dexie walks `anyOf` entry by entry).
    const waiting = [
      ...(await db.outbox.where('state').equals('queued').toArray()),
      ...(await db.outbox.where('state').equals('needs-check').toArray()),
    ];
    let released = 0;
    for (const e of waiting) {
      const due = e.seq === undefined ? null : dueOnReconnect(e, at, random);
      if (due === null || e.seq === undefined) continue;
      await db.outbox.update(e.seq, { nextAttemptAt: due, updatedAt: touch(e, at) });
      released += 1;
    }
    return released;
  });
}
