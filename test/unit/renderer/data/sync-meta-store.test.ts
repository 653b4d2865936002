import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_META_KEY, type DeskDatabase } from '../../../../renderer/src/data/db';
import { defaultSyncMeta, readSyncMeta, writeSyncMeta } from '../../../../renderer/src/data/sync-meta-store';
import { freshDb } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

describe('the stored sync state', () => {
  it('reads the defaults before anything was stored', async () => {
    db = freshDb();
    expect(await readSyncMeta(db)).toEqual(defaultSyncMeta());
    expect(defaultSyncMeta()).toMatchObject({ key: SYNC_META_KEY, online: true, pausedReason: null, lastSuccessAt: null });
  });

  it('reads back what was written; a second write replaces the first', async () => {
    db = freshDb();
    const paused = { ...defaultSyncMeta(), pausedReason: 'rate-limited' as const, pausedUntil: 5_000, lastAttemptAt: 4_000 };
    await writeSyncMeta(db, paused);
    expect(await readSyncMeta(db)).toEqual(paused);
    await writeSyncMeta(db, { ...paused, pausedReason: null, pausedUntil: null });
    expect(await readSyncMeta(db)).toMatchObject({ pausedReason: null, pausedUntil: null, lastAttemptAt: 4_000 });
    expect(await db.meta.count()).toBe(1);
  });
});
