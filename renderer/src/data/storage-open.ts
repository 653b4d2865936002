/**
 * Opening a destination's database so that every way it can fail is said, never waited on:
 *
 * - blocked: another window or an older version of the app keeps the database open at
 *   another version and does not let go. IndexedDB would wait for it forever; the open
 *   is given up at once and the failure names the other side's version.
 * - newer-version: a newer release upgraded the database. Dexie would open it at that
 *   version and read rows whose meaning it does not know; it is closed unread instead.
 * - an open that neither succeeds nor fails within the time limit is given up too.
 *
 * Every failure is a StorageFailureError (common/storage-errors.ts) the UI words.
 */
import { StorageFailureError, classifyStorageError } from '../../../common/storage-errors';
import { DB_VERSION, type DeskDatabase } from './db';

/** Dexie stores schema version N as IndexedDB version N × 10. */
const DEXIE_VERSION_FACTOR = 10;

export const OPEN_TIME_LIMIT_MS = 30_000;

export interface OpenOptions {
  /** Give up an open that has not settled by then (tests shorten it). */
  timeLimitMs?: number;
}

/** The schema version this release writes (what a newer one is compared with). */
export const CURRENT_SCHEMA_VERSION = DB_VERSION;

/** Opens `db`, or throws a StorageFailureError saying why not (see the file comment). */
export async function openCheckedDatabase(db: DeskDatabase, options: OpenOptions = {}): Promise<void> {
  await refuseNewerVersion(db.name);
  const timeLimitMs = options.timeLimitMs ?? OPEN_TIME_LIMIT_MS;
  let giveUp: ((error: StorageFailureError) => void) | undefined;
  const givenUp = new Promise<never>((_, reject) => (giveUp = reject));
  const onBlocked = (event: IDBVersionChangeEvent): void => {
    const other = event.oldVersion > 0 ? Math.round(event.oldVersion / DEXIE_VERSION_FACTOR) : null;
    giveUp?.(new StorageFailureError('blocked', `The database is kept open at version ${other ?? '?'} by another window.`, other));
  };
  db.on('blocked', onBlocked);
  const timer = setTimeout(
    () => giveUp?.(new StorageFailureError('blocked', `The database did not open within ${timeLimitMs} ms.`)),
    timeLimitMs,
  );
  try {
    await Promise.race([db.open(), givenUp]);
  } catch (cause) {
    // A given-up open must not complete later behind the app's back.
    db.close();
    if (cause instanceof StorageFailureError) throw cause;
    const failure = classifyStorageError(cause);
    if (failure === null) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new StorageFailureError(failure, message);
  } finally {
    clearTimeout(timer);
    db.on('blocked').unsubscribe(onBlocked);
  }
}

/**
 * The schema version a database was last written with, read without opening it: Dexie
 * opens a higher version by changing it (it adds what its own schema declares), so the
 * check must come first. Null when the database does not exist or the engine cannot say.
 */
async function installedVersion(name: string): Promise<number | null> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
  const found = (await indexedDB.databases()).find((info) => info.name === name);
  // Dexie may add a tenth to our own version when it patches a missing store (6 → 6.1):
  // still this release's schema. A newer release declares the next whole version.
  return found?.version === undefined ? null : Math.floor(found.version / DEXIE_VERSION_FACTOR);
}

/** Throws when `name` was written by a newer release (see installedVersion). */
async function refuseNewerVersion(name: string): Promise<void> {
  const found = await installedVersion(name);
  if (found !== null && found > CURRENT_SCHEMA_VERSION) {
    throw new StorageFailureError('newer-version', `Written by a newer version of the app (data version ${found}, this one knows ${CURRENT_SCHEMA_VERSION}).`, found);
  }
}
