import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanComplaints, type ComplaintGlance } from '../../../../renderer/src/data/complaint-scan';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { applyDetail, applyFetchError } from '../../../../renderer/src/data/worklist';
import { OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';
import { detailOf, freshDb, seedComplaint } from '../../../support/desk-db';

let db: DeskDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function glances(of: DeskDatabase): Promise<Map<string, ComplaintGlance>> {
  const seen = new Map<string, ComplaintGlance>();
  await scanComplaints(of, (glance) => seen.set(glance.id, glance));
  return seen;
}

describe('scanComplaints', () => {
  it('tells downloaded, failed and never-downloaded complaints apart without opening a seal', async () => {
    db = freshDb();
    for (const id of ['A', 'B', 'C']) await seedComplaint(db, id, null);
    await applyDetail(db, 'A', detailOf('A', 'open'), 5);
    await applyDetail(db, 'B', detailOf('B', 'open'), 6);
    await applyFetchError(db, 'B', { kind: 'server', message: 'Jana Nováková: 500' }, 7);
    const open = vi.spyOn(db.sealer!, 'open');
    const seen = await glances(db);
    expect(open).not.toHaveBeenCalled();
    expect(seen.get('A')).toEqual({ id: 'A', fetchedAt: 5, existsOnServer: true, fetchFailed: false });
    expect(seen.get('B')).toEqual({ id: 'B', fetchedAt: 6, existsOnServer: true, fetchFailed: true });
    expect(seen.get('C')).toEqual({ id: 'C', fetchedAt: null, existsOnServer: null, fetchFailed: false });
  });

  it('a row sealed under another key is opened, and reads as never downloaded', async () => {
    db = freshDb();
    await seedComplaint(db, 'A', null);
    await applyDetail(db, 'A', detailOf('A', 'open'), 5);
    db.useDataKey(OTHER_DATA_KEY);
    await seedComplaint(db, 'B', null);
    await applyDetail(db, 'B', detailOf('B', 'open'), 6);
    const seen = await glances(db);
    expect(seen.get('A')).toEqual({ id: 'A', fetchedAt: null, existsOnServer: null, fetchFailed: false });
    expect(seen.get('B')).toMatchObject({ fetchedAt: 6, fetchFailed: false });
    db.useDataKey(TEST_DATA_KEY);
  });

  it('sees every row of a worklist longer than one page, each once', async () => {
    db = freshDb();
    const ids = Array.from({ length: 2500 }, (_, i) => `X${String(i).padStart(5, '0')}`);
    await db.complaints.bulkAdd(ids.map((id) => ({ id, addedAt: 1, detail: null, existsOnServer: null, serverStatus: null, pendingStatus: null, pendingCount: 0, fetchedAt: null, fetchError: null, lastChangeAt: 1, searchWords: [] })));
    const seen: string[] = [];
    await scanComplaints(db, (glance) => seen.push(glance.id));
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
  });
});
