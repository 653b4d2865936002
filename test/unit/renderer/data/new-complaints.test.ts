import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { readSeenComplaintTypes } from '../../../../renderer/src/data/new-complaints';
import { applyDetail } from '../../../../renderer/src/data/worklist';
import { detailOf, freshDb, seedComplaint } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

describe('readSeenComplaintTypes', () => {
  it('the types of downloaded complaints, each once, sorted; complaints without a type add none', async () => {
    db = freshDb();
    const types = ['vymena', 'reklamace', undefined, 'reklamace', 'vraceni'];
    for (const [i, code] of types.entries()) {
      const id = `C${i}`;
      await seedComplaint(db, id, 'new', i);
      await applyDetail(db, id, detailOf(id, 'new', code === undefined ? {} : { variant: { code } }), i);
    }
    expect(await readSeenComplaintTypes(db)).toEqual(['reklamace', 'vraceni', 'vymena']);
  });

  it('reads only the most recently changed complaints (`limit`)', async () => {
    db = freshDb();
    for (const [i, code] of ['old', 'newer', 'newest'].entries()) {
      const id = `C${i}`;
      await seedComplaint(db, id, 'new', i);
      await applyDetail(db, id, detailOf(id, 'new', { variant: { code } }), i);
    }
    expect(await readSeenComplaintTypes(db, 2)).toEqual(['newer', 'newest']);
  });
});
