// A database written by the previous release (schema v5, everything in clear) is sealed
// in the background after it opens: no row lost, nothing readable left, resumable.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, SCHEMA_VERSIONS, openDeskDatabase } from '../../../../renderer/src/data/db';
import { SEAL_BATCH, sealOldRows } from '../../../../renderer/src/data/seal-old-rows';
import { keysMatchingSearch } from '../../../../renderer/src/data/worklist-query';
import { searchWordsOf } from '../../../../renderer/src/data/search-words';
import { TEST_DATA_KEY } from '../../../support/data-key';
import { detailOf } from '../../../support/desk-db';

const ROWS = SEAL_BATCH * 2 + 37;

function previousRelease(name: string): Dexie {
  const old = new Dexie(name);
  for (const { version, stores } of SCHEMA_VERSIONS) old.version(version).stores(stores);
  return old;
}

async function writtenByPreviousRelease(name: string): Promise<void> {
  const old = previousRelease(name);
  await old.open();
  expect(old.verno).toBe(DB_VERSION);
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const id = `P-${String(i).padStart(4, '0')}`;
    const detail = detailOf(id, 'new', { customerName: `Šťastný${i} Zákazník`, email: `klient${i}@plain.example`, phone: '+420 601 000 111' });
    return {
      id, addedAt: 1, detail, existsOnServer: true, serverStatus: 'new', pendingStatus: null, pendingCount: 0,
      fetchedAt: 2, fetchError: null, lastChangeAt: i, searchWords: searchWordsOf(id, detail),
    };
  });
  await old.table('complaints').bulkAdd(rows);
  await old.table('outbox').add({
    kind: 'create', complaintId: 'local-1', targetStatus: 'new', baseStatus: null, createdAt: 1, state: 'queued',
    attempts: 0, nextAttemptAt: 0, lastError: null, updatedAt: 1, sentAt: null, resolution: null, serverStatusSeen: null,
    destination: 'demo', create: { variantCode: 'R', description: 'Plain description of the fault', customerName: 'Plainy Customer' },
  });
  old.close();
}

async function rawText(name: string): Promise<string> {
  const raw = new Dexie(name);
  await raw.open();
  const parts = await Promise.all(['complaints', 'outbox', 'meta'].map((t) => raw.table(t).toArray()));
  raw.close();
  return JSON.stringify(parts);
}

describe('sealing what the previous release stored', () => {
  it('seals every old row in batches, loses none, and search keeps working', async () => {
    const name = `test-seal-old-${process.pid}-${Date.now()}`;
    await writtenByPreviousRelease(name);
    expect(await rawText(name)).toContain('klient7@plain.example');

    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await db.open();
    let pauses = 0;
    expect(await sealOldRows(db, async () => void (pauses += 1))).toBe(ROWS + 1);
    expect(pauses).toBeGreaterThanOrEqual(2);

    const text = await rawText(name);
    for (const needle of ['klient7@plain.example', 'Šťastný', 'stastny7', 'Plain description', 'Plainy', '601 000 111']) expect(text).not.toContain(needle);
    expect(await db.complaints.count()).toBe(ROWS);
    expect((await db.complaints.get('P-0007'))?.detail?.email).toBe('klient7@plain.example');
    expect((await db.outbox.toArray())[0]?.create?.customerName).toBe('Plainy Customer');
    expect(await keysMatchingSearch(db, 'stastny12 p-0012')).toEqual(new Set(['P-0012']));
    // Done once: the next start does nothing.
    expect(await sealOldRows(db)).toBe(0);
    db.close();
    await db.delete();
  });

  it('resumes after a crash between batches: what was sealed stays, the rest is sealed next time', async () => {
    const name = `test-seal-resume-${process.pid}-${Date.now()}`;
    await writtenByPreviousRelease(name);
    const first = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await first.open();
    // The window closes during the first pause.
    await expect(sealOldRows(first, () => Promise.reject(new Error('closed')))).rejects.toThrow('closed');
    first.close();

    const next = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await next.open();
    expect(await sealOldRows(next)).toBe(ROWS - SEAL_BATCH + 1);
    expect(await next.complaints.count()).toBe(ROWS);
    expect(await rawText(name)).not.toContain('@plain.example');
    next.close();
    await next.delete();
  });
});
