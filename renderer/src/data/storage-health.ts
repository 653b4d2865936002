/**
 * This computer's storage as the app sees it, and what the app does about it:
 *
 * - after a storage failure (a full disk, a closed database; reported by every reader and
 *   writer of the database, see DeskDatabase.reportStorageFailure) the agent's changes are
 *   refused before anything is written, so nothing is shown as saved or pending that is not;
 * - a probe write says when storage works again (the agent chose "Try again");
 * - the browser is asked to keep the data (persistent storage: not evicted when space runs
 *   low), and Settings → Diagnostics shows whether it agreed.
 */
import { StorageFailureError, leavesNothingReadable, refusesChanges } from '../../../common/storage-errors';
import { HEALTHY, type DeskDatabase } from './db';

const PROBE_KEY = 'storage-probe';

/** Throws the failure that stops changes, if any; call before writing the agent's change. */
export function assertTakingChanges(db: DeskDatabase): void {
  const { failure, detail } = db.storageHealth.get();
  if (failure !== null && refusesChanges(failure)) throw new StorageFailureError(failure, detail);
}

/**
 * Writes a small row the way a change is written (durable, beside the outbox). True: the
 * storage takes writes again and the failure is cleared. False: it still refuses, or the
 * browser closed the database (only a reload opens it again: `needsReload`).
 */
export async function probeStorage(db: DeskDatabase): Promise<{ ok: boolean; needsReload: boolean }> {
  try {
    await db.transaction('rw', db.meta, db.outbox, async () => {
      await db.table('meta').put({ key: PROBE_KEY, at: Date.now() });
    });
    await db.table('meta').delete(PROBE_KEY);
  } catch (cause) {
    db.reportStorageFailure(cause);
    const failure = db.storageHealth.get().failure;
    return { ok: false, needsReload: !db.isOpen() || (failure !== null && leavesNothingReadable(failure)) };
  }
  db.storageHealth.set(HEALTHY);
  return { ok: true, needsReload: false };
}

/** After a failure: can the database still be read? If not, the failure says so (views stop waiting for data). */
export async function checkReadable(db: DeskDatabase): Promise<boolean> {
  try {
    await db.table('meta').get(PROBE_KEY);
    return true;
  } catch (cause) {
    db.reportStorageFailure(db.isOpen() ? cause : new StorageFailureError('closed', 'The database is closed.'));
    return false;
  }
}

export interface StoragePersistence {
  /** null: this browser cannot say (no StorageManager). */
  persisted: boolean | null;
  /** Bytes used and the browser's quota for this app, when it says. */
  usage: number | null;
  quota: number | null;
}

type StorageManagerLike = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

function storageManager(): StorageManagerLike | null {
  return typeof navigator !== 'undefined' && navigator.storage !== undefined ? navigator.storage : null;
}

/**
 * Asks the browser to keep this app's data when space runs low (never evicted without the
 * agent). Electron's permission handler grants it; a browser may refuse. Never throws.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const manager = storageManager();
  if (manager?.persisted === undefined || manager.persist === undefined) return null;
  try {
    if (await manager.persisted()) return true;
    return await manager.persist();
  } catch {
    return null;
  }
}

/** What Settings → Diagnostics shows. Never throws. */
export async function readStoragePersistence(): Promise<StoragePersistence> {
  const manager = storageManager();
  const persisted = await manager?.persisted?.().catch(() => null);
  const estimate = await manager?.estimate?.().catch(() => null);
  return { persisted: persisted ?? null, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
