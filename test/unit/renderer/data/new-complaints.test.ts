import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateComplaintRequest } from '../../../../common/api-schemas';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { editFiledComplaint, fileComplaint, readSeenComplaintTypes } from '../../../../renderer/src/data/new-complaints';
import { MEMORY_ONLY_KEY, MEMORY_ONLY_POLICY_KEY } from '../../../support/data-key';
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

const TYPED: CreateComplaintRequest = {
  variantCode: 'reklamace',
  description: 'Nefunguje nabíjení od prvního dne',
  customerName: 'Květoslav Přibyl',
  email: 'kveta.pribyl@planted.example',
  phone: '+420 777 123 456',
  orderNumber: 'OBJ-99871',
  refundBankAccount: '19-2000145399/0800',
};
const TYPED_VALUES = ['Nefunguje nabíjení', 'Květoslav', 'Přibyl', 'kveta.pribyl@planted', '+420 777 123 456', 'OBJ-99871', '2000145399'];

/** Every row of the complaints and outbox stores, read with the plain IndexedDB API, as text. */
async function rawRows(name: string): Promise<{ text: string; rows: Record<string, unknown>[] }> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows: Record<string, unknown>[] = [];
  for (const store of ['complaints', 'outbox']) {
    rows.push(
      ...(await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = idb.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      })),
    );
  }
  idb.close();
  const decoder = new TextDecoder();
  const text = JSON.stringify(rows, (_key, value: unknown) =>
    value instanceof Uint8Array ? `${decoder.decode(value)}\n${String.fromCharCode(...value)}` : value,
  );
  return { text, rows };
}

describe('an unsent new complaint at rest with a memory-only key', () => {
  let counter = 0;
  const freshName = (): string => `new-complaints-${process.pid}-${Date.now()}-${++counter}`;

  it('IT policy requires encrypted storage: filed and corrected, no personal field is written in clear', async () => {
    const name = freshName();
    db = openDeskDatabase(name, undefined, MEMORY_ONLY_POLICY_KEY);
    const { seq, localRef } = await fileComplaint(db, TYPED, 1);
    await editFiledComplaint(db, seq, { ...TYPED, description: 'Nefunguje nabíjení ani po výměně kabelu' }, 2);
    expect((await db.outbox.get(seq))?.create?.customerName).toBe(TYPED.customerName);
    expect((await db.complaints.get(localRef))?.draft?.description).toBe('Nefunguje nabíjení ani po výměně kabelu');
    db.close();
    const { text, rows } = await rawRows(name);
    for (const value of [...TYPED_VALUES, 'výměně kabelu']) expect(text, value).not.toContain(value);
    for (const row of rows) {
      expect(row.plain).toBeUndefined();
      for (const field of ['create', 'draft', 'detail']) expect(row[field] ?? null, field).toBeNull();
    }
    await db.open();
  });

  it('without that policy the body is kept in clear (marked) so that it outlives the run', async () => {
    const name = freshName();
    db = openDeskDatabase(name, undefined, MEMORY_ONLY_KEY);
    await fileComplaint(db, TYPED, 1);
    db.close();
    const { text } = await rawRows(name);
    expect(text).toContain('Květoslav Přibyl');
    await db.open();
  });
});
