/** After a storage failure the agent's changes are refused before anything is written; a probe that succeeds lifts it. */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageFailureError } from '../../../../common/storage-errors';
import { fileComplaint } from '../../../../renderer/src/data/new-complaints';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { countUnsent } from '../../../../renderer/src/data/outbox-queries';
import { probeStorage } from '../../../../renderer/src/data/storage-health';
import { freshDb, seedComplaint } from '../../../support/desk-db';

const quotaAbort = () => new Dexie.AbortError('The transaction was aborted', Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));

describe('storage health', () => {
  it('a full disk refuses the next change with its cause; nothing is written, nothing earlier is lost', async () => {
    const db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await changeStatus(db, 'A1', 'open', 10);
    db.reportStorageFailure(quotaAbort());
    expect(db.storageHealth.get().failure).toBe('disk-full');

    const refused = await changeStatus(db, 'A1', 'wait', 20).then(() => null, (cause: unknown) => cause);
    expect(refused).toBeInstanceOf(StorageFailureError);
    expect((refused as StorageFailureError).failure).toBe('disk-full');
    const filed = await fileComplaint(db, { customerEmail: 'a@example.com' } as never, 30).then(() => null, (cause: unknown) => cause);
    expect((filed as StorageFailureError).failure).toBe('disk-full');
    expect(await countUnsent(db)).toBe(1);
    expect((await db.complaints.get('A1'))?.pendingStatus).toBe('open');

    // Space freed, "Try again": the probe write succeeds and changes are taken again.
    expect(await probeStorage(db)).toEqual({ ok: true, needsReload: false });
    expect(db.storageHealth.get().failure).toBeNull();
    await changeStatus(db, 'A1', 'wait', 40);
    expect(await countUnsent(db)).toBe(2);
    db.close();
  });

  it('the first cause is kept; only a database that can no longer be read replaces it; other errors are not storage failures', async () => {
    const db = freshDb();
    db.reportStorageFailure(new TypeError('a bug'));
    expect(db.storageHealth.get().failure).toBeNull();
    db.reportStorageFailure(quotaAbort());
    db.reportStorageFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    expect(db.storageHealth.get().failure).toBe('disk-full');
    db.reportStorageFailure(new Dexie.DatabaseClosedError('closed'));
    expect(db.storageHealth.get().failure).toBe('closed');
    db.close();
  });

  it('a write the storage aborts is reported by the database itself, whoever wrote it', async () => {
    const db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await db
      .transaction('rw', db.outbox, db.complaints, async (tx) => {
        await db.complaints.update('A1', { lastChangeAt: 2 });
        // What IndexedDB does when the commit finds the disk full.
        const native = (tx as unknown as { idbtrans: IDBTransaction }).idbtrans;
        Object.defineProperty(native, 'error', { value: Object.assign(new Error('quota'), { name: 'QuotaExceededError' }) });
        native.abort();
      })
      .catch(() => undefined);
    expect(db.storageHealth.get().failure).toBe('disk-full');
    db.close();
  });

  it('the app closing its own database is no storage failure; a close the browser made is', async () => {
    const db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    db.close();
    expect(db.storageHealth.get().failure).toBeNull();

    await db.open();
    // The connection closed under the app (IndexedDB's close event): Dexie closes, the app reports it.
    const connection = db.backendDB();
    connection.onclose?.call(connection, new Event('close'));
    expect(db.storageHealth.get().failure).toBe('closed');
    db.close();
  });

  it('another version wanting the database is named as such, not as a storage error', async () => {
    const db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const newer = new Dexie(db.name);
    newer.version(db.verno + 1).stores({});
    await newer.open();
    expect(db.storageHealth.get()).toMatchObject({ failure: 'newer-version' });
    newer.close();

    const other = freshDb();
    await seedComplaint(other, 'B1', 'new');
    await Dexie.delete(other.name);
    expect(other.storageHealth.get().failure).toBe('blocked');
    other.close();
  });
});
