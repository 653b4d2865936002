/**
 * What went wrong with this computer's storage (IndexedDB), as a cause the agent can act
 * on. Browsers report the same disk problem under several names (a QuotaExceededError, a
 * transaction's bare AbortError, "Internal error opening backing store"), and Dexie wraps
 * them again (`inner`); the UI words a cause, never the raw text, and never blames other
 * windows when the disk is the cause.
 *
 * Pure: runs in the renderer (data/ classifies every failed write) and in tests.
 */

export const STORAGE_FAILURES = [
  'disk-full', // the disk or the browser's quota is full: a write was refused
  'write-aborted', // a write was aborted by the browser without a cause (most often a full disk)
  'backing-store', // the database files could not be opened (full disk, damaged or unwritable folder)
  'closed', // the browser closed the database after an error: nothing can be read or written
  'newer-version', // written by a newer version of the app: never opened by this one
  'blocked', // another window or version keeps the database open at another version
  'unavailable', // anything else from storage
] as const;
export type StorageFailure = (typeof STORAGE_FAILURES)[number];

/** Failures after which the app stops taking changes until a write succeeds again. */
export const REFUSING_FAILURES: readonly StorageFailure[] = ['disk-full', 'write-aborted', 'backing-store', 'closed'];

/** Failures that leave nothing readable in this session (views must not wait for data). */
export const UNREADABLE_FAILURES: readonly StorageFailure[] = ['backing-store', 'closed', 'newer-version', 'blocked'];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
  cause?: unknown;
}

/** The error and what it wraps (Dexie's `inner`, `cause`), outermost first; at most a few deep. */
function chainOf(cause: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = cause;
  while (current !== null && typeof current === 'object' && out.length < 5) {
    const error = current as ErrorLike;
    out.push(error);
    current = error.inner ?? error.cause;
  }
  return out;
}

/** Names only storage reports (Dexie's own and IndexedDB's). */
const STORAGE_ERROR_NAMES = ['UnknownError', 'OpenFailedError', 'DatabaseClosedError', 'ReadOnlyError', 'TransactionInactiveError'];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The storage cause behind an exception, or null when it is not a storage failure (a bug,
 * a refused value). The most specific cause in the chain wins: a full disk reported inside
 * an AbortError is a full disk.
 */
export function classifyStorageError(cause: unknown): StorageFailure | null {
  const chain = chainOf(cause);
  if (chain.length === 0) return null;
  const names = chain.map((e) => text(e.name));
  const messages = chain.map((e) => text(e.message).toLowerCase()).join(' | ');
  if (names.includes('StorageFailureError')) {
    const failure = (chain.find((e) => text(e.name) === 'StorageFailureError') as { failure?: unknown } | undefined)?.failure;
    if (typeof failure === 'string' && (STORAGE_FAILURES as readonly string[]).includes(failure)) return failure as StorageFailure;
  }
  if (names.includes('QuotaExceededError') || /quota|disk is full|no space left|enospc/.test(messages)) return 'disk-full';
  if (/backing store/.test(messages)) return 'backing-store';
  if (names.includes('VersionError') && /less than the existing version/.test(messages)) return 'newer-version';
  const closedState = names.includes('InvalidStateError') && /database|connection|transaction|indexeddb/.test(messages);
  if (names.includes('DatabaseClosedError') || closedState || /database connection is closing|database is closed|connection was closed/.test(messages)) {
    return 'closed';
  }
  if (names.includes('AbortError')) return 'write-aborted';
  if (names.some((n) => STORAGE_ERROR_NAMES.includes(n))) return 'unavailable';
  return null;
}

/** An error that carries its classified cause (thrown by data/ when it refuses or stops). */
export class StorageFailureError extends Error {
  override readonly name = 'StorageFailureError';
  constructor(
    readonly failure: StorageFailure,
    message: string,
    /** For `newer-version` and `blocked`: the other database version (the app's schema number). */
    readonly otherVersion: number | null = null,
  ) {
    super(message);
  }
}

export function refusesChanges(failure: StorageFailure): boolean {
  return REFUSING_FAILURES.includes(failure);
}

export function leavesNothingReadable(failure: StorageFailure): boolean {
  return UNREADABLE_FAILURES.includes(failure);
}
