import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, SCHEMA_VERSIONS, openDeskDatabase } from '../../../renderer/src/data/db';
import { pruneHistory } from '../../../renderer/src/sync/outbox';

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

    const db = openDeskDatabase(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
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
    db.close();
    await db.delete();
  });
});
