/** Storage failures classified by cause, however the browser and Dexie wrap them. */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageFailureError, classifyStorageError, leavesNothingReadable, refusesChanges } from '../../../common/storage-errors';

const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('classifyStorageError', () => {
  it('a full disk, however it is reported, is a full disk', () => {
    expect(classifyStorageError(domError('QuotaExceededError', 'The quota has been exceeded.'))).toBe('disk-full');
    // A transaction's AbortError wrapping the quota error: the inner cause wins.
    expect(classifyStorageError(new Dexie.AbortError('The transaction was aborted', domError('QuotaExceededError', 'quota')))).toBe('disk-full');
    expect(classifyStorageError(domError('UnknownError', 'IO error: /profile/IndexedDB/x.leveldb/000005.log: No space left on device'))).toBe('disk-full');
  });

  it('a bare AbortError is a refused write; the backing store error is not blamed on other windows', () => {
    expect(classifyStorageError(domError('AbortError', 'The transaction was aborted, so the request cannot be fulfilled.'))).toBe('write-aborted');
    const openFailed = new Dexie.OpenFailedError(domError('UnknownError', 'Internal error opening backing store for indexedDB.open.'));
    expect(classifyStorageError(openFailed)).toBe('backing-store');
  });

  it('a closed database, a newer version and anything else from storage', () => {
    expect(classifyStorageError(new Dexie.DatabaseClosedError('Database has been closed'))).toBe('closed');
    expect(classifyStorageError(domError('InvalidStateError', 'The database connection is closing.'))).toBe('closed');
    expect(classifyStorageError(domError('VersionError', 'The requested version (60) is less than the existing version (70).'))).toBe('newer-version');
    expect(classifyStorageError(domError('UnknownError', 'An internal error was encountered in the Indexed Database server'))).toBe('unavailable');
  });

  it('not a storage failure: a bug or a refused value stays what it is', () => {
    expect(classifyStorageError(new TypeError('x is undefined'))).toBeNull();
    expect(classifyStorageError(domError('ConstraintError', 'Key already exists in the object store.'))).toBeNull();
    expect(classifyStorageError('text')).toBeNull();
    expect(classifyStorageError(domError('InvalidStateError', 'The element is not in a valid state.'))).toBeNull();
    expect(classifyStorageError(null)).toBeNull();
  });

  it('a classified failure keeps its cause through a rethrow', () => {
    const error = new StorageFailureError('blocked', 'kept open', 5);
    expect(classifyStorageError(error)).toBe('blocked');
    expect(classifyStorageError(Object.assign(new Error('wrapped'), { cause: error }))).toBe('blocked');
  });

  it('which failures stop changes and which leave nothing readable', () => {
    expect(refusesChanges('disk-full')).toBe(true);
    expect(refusesChanges('write-aborted')).toBe(true);
    expect(refusesChanges('newer-version')).toBe(false);
    expect(leavesNothingReadable('closed')).toBe(true);
    expect(leavesNothingReadable('disk-full')).toBe(false);
  });
});
