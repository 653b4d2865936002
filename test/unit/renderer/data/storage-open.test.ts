/** Opening a destination's database: a newer schema is never opened, a blocked open says so. */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageFailureError } from '../../../../common/storage-errors';
import { DB_VERSION, SCHEMA_VERSIONS, openDeskDatabase } from '../../../../renderer/src/data/db';
import { openCheckedDatabase } from '../../../../renderer/src/data/storage-open';
import { TEST_DATA_KEY } from '../../../support/data-key';

let n = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${++n}`;

async function failureOf(promise: Promise<unknown>): Promise<StorageFailureError> {
  const error = await promise.then(() => null, (cause: unknown) => cause);
  expect(error).toBeInstanceOf(StorageFailureError);
  return error as StorageFailureError;
}

describe('a database written by a newer version', () => {
  it('is closed unread, and the failure says which version wrote it', async () => {
    const name = unique('newer');
    // A newer release: one more version, the queue moved to another store.
    const newer = new Dexie(name);
    for (const { version, stores } of SCHEMA_VERSIONS) newer.version(version).stores(stores);
    newer.version(DB_VERSION + 1).stores({ outbox: null, outbox2: '++seq, state' });
    await newer.open();
    await newer.table('outbox2').add({ complaintId: 'A1', state: 'queued', kind: 'merge' });
    newer.close();

    const db = openDeskDatabase(name, 'demo', TEST_DATA_KEY);
    const failure = await failureOf(openCheckedDatabase(db));
    expect(failure.failure).toBe('newer-version');
    expect(failure.otherVersion).toBe(DB_VERSION + 1);
    expect(db.isOpen()).toBe(false);
    // Nothing was changed: the newer release finds its queue as it left it.
    const again = new Dexie(name);
    await again.open();
    expect(again.verno).toBe(DB_VERSION + 1);
    expect(await again.table('outbox2').count()).toBe(1);
    again.close();
  });

  it('our own version patched by Dexie (a tenth more, a missing store added) is not a newer version', async () => {
    const name = unique('patched');
    const patched = new Dexie(name);
    for (const { version, stores } of SCHEMA_VERSIONS) patched.version(version).stores(stores);
    patched.version(DB_VERSION + 0.1).stores({ extra: 'id' });
    await patched.open();
    patched.close();
    const db = openDeskDatabase(name, 'demo', TEST_DATA_KEY);
    await openCheckedDatabase(db);
    expect(db.isOpen()).toBe(true);
    db.close();
  });

  it('this version and older ones open as before', async () => {
    const db = openDeskDatabase(unique('same'), 'demo', TEST_DATA_KEY);
    await openCheckedDatabase(db);
    expect(db.verno).toBe(DB_VERSION);
    db.close();
  });
});

describe('a blocked open', () => {
  it('gives up at once, names the version the other window holds, and a retry after it closed opens', async () => {
    const name = unique('blocked');
    // An older window (data version 5) that does not close on versionchange.
    const older = new Dexie(name);
    for (const { version, stores } of SCHEMA_VERSIONS) if (version <= 5) older.version(version).stores(stores);
    older.on('versionchange', () => false);
    await older.open();

    const db = openDeskDatabase(name, 'demo', TEST_DATA_KEY);
    const failure = await failureOf(openCheckedDatabase(db, { timeLimitMs: 5_000 }));
    expect(failure.failure).toBe('blocked');
    expect(failure.otherVersion).toBe(5);

    older.close();
    const retry = openDeskDatabase(name, 'demo', TEST_DATA_KEY);
    await openCheckedDatabase(retry);
    expect(retry.verno).toBe(DB_VERSION);
    retry.close();
  });

  it('an open that never settles is given up after the time limit', async () => {
    const db = openDeskDatabase(unique('stuck'), 'demo', TEST_DATA_KEY);
    db.open = () => new Promise<never>(() => undefined) as never;
    const failure = await failureOf(openCheckedDatabase(db, { timeLimitMs: 50 }));
    expect(failure.failure).toBe('blocked');
    expect(failure.otherVersion).toBeNull();
  });
});
