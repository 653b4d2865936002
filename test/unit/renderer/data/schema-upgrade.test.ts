import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, SCHEMA_VERSIONS, openDeskDatabase } from '../../../../renderer/src/data/db';
import { pruneHistory } from '../../../../renderer/src/data/prune';
import { keysMatchingSearch } from '../../../../renderer/src/data/worklist-query';
import { sealOldRows } from '../../../../renderer/src/data/seal-old-rows';
import { detailOf } from '../../../support/desk-db';
import { TEST_DATA_KEY } from '../../../support/data-key';

/** A database as an older release left it: only the versions up to `upTo` known. */
function olderRelease(name: string, upTo: number): Dexie {
  const old = new Dexie(name);
  for (const { version, stores } of SCHEMA_VERSIONS) if (version <= upTo) old.version(version).stores(stores);
  return old;
}

function oldRow(id: string, detail: ReturnType<typeof detailOf> | null, extra: Record<string, unknown> = {}) {
  return {
    id, addedAt: 1, detail, existsOnServer: detail !== null ? true : null, serverStatus: detail?.status ?? null,
    pendingStatus: null, pendingCount: 0, fetchedAt: detail !== null ? 2 : null, fetchError: null, lastChangeAt: 5,
    searchText: id.toLowerCase(), ...extra,
  };
}

describe('schema upgrade', () => {
  it('a v1 database (first release) opens with the current version, data intact, new index usable', async () => {
    const name = `test-upgrade-${process.pid}-${Date.now()}`;
    const v1 = SCHEMA_VERSIONS[0];
    expect(v1.version).toBe(1);
    expect(DB_VERSION).toBeGreaterThan(1);

    // Written by the first release: only version(1) known.
    const old = new Dexie(name);
    old.version(1).stores(v1.stores);
    await old.open();
    await old.table('complaints').add({
      id: 'A1', addedAt: 1, detail: null, existsOnServer: null, serverStatus: 'new', pendingStatus: 'open',
      pendingCount: 1, fetchedAt: null, fetchError: null, lastChangeAt: 5, searchText: 'a1',
    });
    const base = {
      complaintId: 'A1', baseStatus: 'new' as const, createdAt: 1, attempts: 0, nextAttemptAt: 0,
      lastError: null, sentAt: null, resolution: null, serverStatusSeen: null,
    };
    await old.table('outbox').bulkAdd([
      { ...base, targetStatus: 'open', state: 'sent', updatedAt: 10 },
      { ...base, targetStatus: 'wait', state: 'queued', updatedAt: 20 },
    ]);
    await old.table('meta').put({ key: 'sync', lastSuccessAt: 3, lastAttemptAt: 3, lastError: null, pausedReason: null, pausedUntil: null, online: true });
    expect(old.verno).toBe(1);
    old.close();

    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // What the app runs in the background after open: rows are sealed and their search tokens written.
    await sealOldRows(db);
    expect(await db.complaints.get('A1')).toMatchObject({ serverStatus: 'new', pendingStatus: 'open', pendingCount: 1 });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.seq, e.state, e.targetStatus])).toEqual([
      [1, 'sent', 'open'],
      [2, 'queued', 'wait'],
    ]);
    expect((await db.meta.get('sync'))?.lastSuccessAt).toBe(3);
    // v2's [state+updatedAt] index covers rows written before it existed.
    expect(await db.outbox.where('[state+updatedAt]').between(['sent', Dexie.minKey], ['sent', Dexie.maxKey]).count()).toBe(1);
    expect(await pruneHistory(db, 0, 1000)).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    // Auto-increment continues after the old rows.
    expect(await db.outbox.add({ ...base, baseStatus: 'wait', targetStatus: 'closed', state: 'queued', updatedAt: 30 })).toBe(3);
    // v3's upgrade filled the search words of the old row (no detail yet: its ID).
    expect((await db.complaints.get('A1'))?.searchWords).toEqual(['a1']);
    expect(await keysMatchingSearch(db, 'A')).toEqual(new Set(['A1']));
    db.close();
    await db.delete();
  });

  it('a v1 database with fetched complaints: v3 fills searchWords from the cached detail', async () => {
    const name = `test-upgrade-v1-detail-${process.pid}-${Date.now()}`;
    const old = olderRelease(name, 1);
    await old.open();
    await old.table('complaints').bulkAdd([
      oldRow('K-100', detailOf('K-100', 'open', { customerName: 'Šárka Růžičková', orderNumber: 'OBJ-2024-17', email: 'sarka@example.cz' })),
      oldRow('K-200', null),
    ]);
    old.close();

    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // What the app runs in the background after open: rows are sealed and their search tokens written.
    await sealOldRows(db);
    expect(await keysMatchingSearch(db, 'ruzick')).toEqual(new Set(['K-100']));
    expect(await keysMatchingSearch(db, 'k-')).toEqual(new Set(['K-100', 'K-200']));
    db.close();
    await db.delete();
  });

  it('a v2 database opens with the current version: rows, outbox and meta intact, searchWords filled and indexed', async () => {
    const name = `test-upgrade-v2-${process.pid}-${Date.now()}`;
    expect(SCHEMA_VERSIONS[1].version).toBe(2);
    const old = olderRelease(name, 2);
    await old.open();
    expect(old.verno).toBe(2);
    await old.table('complaints').bulkAdd([
      oldRow('A1', detailOf('A1', 'open', { customerName: 'Jana Nováková', orderNumber: 'OBJ-2024-17', email: 'jana@example.cz' }), {
        pendingStatus: 'wait',
        pendingCount: 1,
      }),
      oldRow('B2', detailOf('B2', 'closed', { customerName: 'Petr Dvořák', orderNumber: 'OBJ-2025-3', email: 'petr@example.cz' })),
      oldRow('C3', null),
    ]);
    await old.table('outbox').add({
      complaintId: 'A1', targetStatus: 'wait', baseStatus: 'open', createdAt: 1, state: 'queued', attempts: 0,
      nextAttemptAt: 0, lastError: null, updatedAt: 20, sentAt: null, resolution: null, serverStatusSeen: null,
    });
    await old.table('meta').put({ key: 'sync', lastSuccessAt: 7, lastAttemptAt: 7, lastError: null, pausedReason: null, pausedUntil: null, online: true });
    old.close();

    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // What the app runs in the background after open: rows are sealed and their search tokens written.
    await sealOldRows(db);
    expect(await db.complaints.get('A1')).toMatchObject({ serverStatus: 'open', pendingStatus: 'wait', pendingCount: 1, searchText: 'a1' });
    expect((await db.complaints.get('A1'))?.searchWords).toEqual(
      expect.arrayContaining(['a1', 'jana', 'novakova', 'obj-2024-17', '2024-17', '17', 'jana@example.cz', 'example.cz', 'cz']),
    );
    expect((await db.complaints.get('C3'))?.searchWords).toEqual(['c3']);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get('sync'))?.lastSuccessAt).toBe(7);
    // The index answers: folded ("novakova" finds "Nováková"), by word prefix, several words.
    expect(await keysMatchingSearch(db, 'novakova')).toEqual(new Set(['A1']));
    expect(await keysMatchingSearch(db, 'DVOŘ')).toEqual(new Set(['B2']));
    expect(await keysMatchingSearch(db, 'obj-20')).toEqual(new Set(['A1', 'B2']));
    expect(await keysMatchingSearch(db, 'petr 2025')).toEqual(new Set(['B2']));
    expect(await keysMatchingSearch(db, 'c3')).toEqual(new Set(['C3']));
    expect(await db.complaints.where('searchWords').startsWith('example').primaryKeys()).toEqual(expect.arrayContaining(['A1', 'B2']));
    db.close();
    await db.delete();
  });
});
