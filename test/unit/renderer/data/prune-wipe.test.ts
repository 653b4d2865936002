import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../../../common/result';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { addComplaints, applyDetail } from '../../../../renderer/src/data/worklist';
import { pruneCache } from '../../../../renderer/src/data/prune';
import { wipeLocalData } from '../../../../renderer/src/data/wipe';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { OTHER_DATA_KEY } from '../../../support/data-key';
import { detailOf, freshDb, seedComplaint } from '../../../support/desk-db';

let db: DeskDatabase | undefined;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
  db = undefined;
});

const DAY = 86_400_000;
const NOW = 1_000 * DAY;
const OLD = NOW - 100 * DAY;

/** A cached complaint as the server described it, last touched at `at`. */
async function cached(database: DeskDatabase, id: string, resolved: boolean | undefined, at = OLD): Promise<void> {
  await seedComplaint(database, id, 'closed', at);
  await database.complaints.update(id, {
    detail: detailOf(id, 'closed', resolved === undefined ? {} : { isResolved: resolved }),
    fetchedAt: at,
    lastChangeAt: at,
  });
}

describe('pruneCache', () => {
  it('removes resolved complaints untouched for the given time; keeps everything else', async () => {
    const database = (db = freshDb());
    await cached(database, 'GONE', true);
    await cached(database, 'NOT-RESOLVED', false);
    await cached(database, 'UNKNOWN', undefined); // the server did not say: never derived from the status
    await cached(database, 'FRESH-FETCH', true);
    await database.complaints.update('FRESH-FETCH', { fetchedAt: NOW - DAY });
    await cached(database, 'FRESH-CHANGE', true);
    await database.complaints.update('FRESH-CHANGE', { lastChangeAt: NOW - DAY });
    await seedComplaint(database, 'NEVER-FETCHED', null, OLD);

    expect(await pruneCache(database, { olderThanMs: 90 * DAY, now: NOW })).toEqual(['GONE']);
    expect((await database.complaints.toCollection().primaryKeys()).sort()).toEqual(
      ['FRESH-CHANGE', 'FRESH-FETCH', 'NEVER-FETCHED', 'NOT-RESOLVED', 'UNKNOWN'].sort(),
    );
  });

  it('never removes a complaint with unsent changes (checked in the outbox, whatever pendingCount says)', async () => {
    const database = (db = freshDb());
    await cached(database, 'BUSY', true);
    await cached(database, 'STALE-COUNT', true);
    await changeStatus(database, 'BUSY', 'open', OLD);
    await changeStatus(database, 'STALE-COUNT', 'open', OLD);
    await database.complaints.update('STALE-COUNT', { pendingCount: 0, pendingStatus: null });
    for (const state of ['queued', 'sending', 'needs-check', 'conflict', 'failed'] as const) {
      await database.outbox.where('complaintId').equals('BUSY').modify({ state });
      expect(await pruneCache(database, { olderThanMs: 90 * DAY, now: NOW })).toEqual([]);
    }
    // Once sent, they may go; their history stays until pruneHistory.
    await database.outbox.toCollection().modify({ state: 'sent' });
    expect((await pruneCache(database, { olderThanMs: 90 * DAY, now: NOW })).sort()).toEqual(['BUSY', 'STALE-COUNT']);
    expect(await database.outbox.count()).toBe(2);
  });

  it('the boundary: exactly olderThanMs ago is not older; a bad duration prunes nothing', async () => {
    const database = (db = freshDb());
    await cached(database, 'EDGE', true, NOW - 90 * DAY);
    expect(await pruneCache(database, { olderThanMs: 90 * DAY, now: NOW })).toEqual([]);
    expect(await pruneCache(database, { olderThanMs: 90 * DAY, now: NOW + 1 })).toEqual(['EDGE']);
    await cached(database, 'X', true);
    expect(await pruneCache(database, { olderThanMs: Number.NaN, now: NOW })).toEqual([]);
    expect(await pruneCache(database, { olderThanMs: -1, now: NOW })).toEqual([]);
  });
});

/** main's data-key:replace, answering a new key. */
const replaceKey = async () => ok(OTHER_DATA_KEY);

describe('wipeLocalData', () => {
  it('wipes complaints, the outbox (history included) and the sync state in one go', async () => {
    const database = (db = freshDb());
    await seedComplaint(database, 'A', 'new');
    await seedComplaint(database, 'B', 'new');
    await changeStatus(database, 'A', 'open');
    await database.outbox.toCollection().modify({ state: 'sent' });
    await database.meta.put({ key: 'sync', lastSuccessAt: 1, lastAttemptAt: 1, lastError: null, pausedReason: null, pausedUntil: null, online: true });
    expect(await wipeLocalData(database, { confirmLoss: false }, replaceKey)).toEqual({ ok: true, value: { removed: { complaints: 2, entries: 1 } } });
    expect([await database.complaints.count(), await database.outbox.count(), await database.meta.count()]).toEqual([0, 0, 0]);
  });

  it('refused while changes are unsent, nothing touched; allowed when the loss is confirmed', async () => {
    const database = (db = freshDb());
    await seedComplaint(database, 'A', 'new');
    await changeStatus(database, 'A', 'open');
    await changeStatus(database, 'A', 'wait');
    await database.outbox.filter((e) => e.targetStatus === 'wait').modify({ state: 'failed' });
    expect(await wipeLocalData(database, { confirmLoss: false }, replaceKey)).toEqual({ ok: false, error: { reason: 'unsent-changes', pending: 2 } });
    expect([await database.complaints.count(), await database.outbox.count()]).toEqual([1, 2]);
    expect(await wipeLocalData(database, { confirmLoss: true }, replaceKey)).toEqual({ ok: true, value: { removed: { complaints: 1, entries: 2 } } });
    expect([await database.complaints.count(), await database.outbox.count()]).toEqual([0, 0]);
  });

  it('an empty database: nothing to remove', async () => {
    const database = (db = freshDb());
    expect(await wipeLocalData(database, { confirmLoss: false }, replaceKey)).toEqual({ ok: true, value: { removed: { complaints: 0, entries: 0 } } });
  });

  it('replaces the data key before deleting anything; rows the old key sealed no longer open', async () => {
    const database = (db = freshDb());
    await addComplaints(database, ['A'], 1);
    await applyDetail(database, 'A', detailOf('A', 'new', { customerName: 'Bohumila Šťastná' }), 2);
    const leftOver = await new Promise<unknown>((resolve) => {
      // What LevelDB may still hold after the delete: the raw stored row.
      const request = indexedDB.open(database.name);
      request.onsuccess = () => {
        const get = request.result.transaction('complaints').objectStore('complaints').get('A');
        get.onsuccess = () => {
          resolve(get.result);
          request.result.close();
        };
      };
    });
    const order: string[] = [];
    const countAtReplace: number[] = [];
    const replace = async () => {
      order.push('replace');
      countAtReplace.push(await database.complaints.count());
      return ok(OTHER_DATA_KEY);
    };
    expect((await wipeLocalData(database, { confirmLoss: false }, replace)).ok).toBe(true);
    expect(order).toEqual(['replace']);
    expect(countAtReplace).toEqual([1]);
    expect(await database.complaints.count()).toBe(0);
    expect(await database.table('searchTokens').count()).toBe(0);
    // The old row put back as it was stored: sealed by a key that is gone, it reads as not downloaded.
    const reader = openDeskDatabase(database.name, undefined, OTHER_DATA_KEY);
    await reader.open();
    await new Promise<void>((resolve) => {
      const tx = reader.backendDB().transaction('complaints', 'readwrite');
      tx.objectStore('complaints').put(leftOver);
      tx.oncomplete = () => resolve();
    });
    expect(await reader.complaints.get('A')).toMatchObject({ id: 'A', detail: null, fetchedAt: null, existsOnServer: null });
    reader.close();
  });

  it('deletes nothing when the key cannot be replaced, and says why', async () => {
    const database = (db = freshDb());
    await seedComplaint(database, 'A', 'new');
    await changeStatus(database, 'A', 'open');
    const refused = await wipeLocalData(database, { confirmLoss: true }, async () => err({ kind: 'no-keychain', message: 'locked' }));
    expect(refused).toEqual({ ok: false, error: { reason: 'key-not-replaced', error: { kind: 'no-keychain', message: 'locked' } } });
    const thrown = await wipeLocalData(database, { confirmLoss: true }, () => Promise.reject(new Error('socket closed')));
    expect(thrown.ok).toBe(false);
    expect([await database.complaints.count(), await database.outbox.count()]).toEqual([1, 1]);
    expect((await database.complaints.get('A'))?.serverStatus).toBe('new');
  });
});
