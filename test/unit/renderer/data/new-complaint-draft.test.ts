// The New complaint draft kept on this computer: read back as typed with the same key,
// sealed (no typed value readable in IndexedDB), and unreadable with another key.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyNewComplaintForm } from '../../../../common/new-complaint';
import { openDeskDatabase } from '../../../../renderer/src/data/db';
import { deleteDraft, readDraft, saveDraft } from '../../../../renderer/src/data/new-complaint-draft';
import { MEMORY_ONLY_POLICY_KEY, OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';

let counter = 0;
const freshName = (): string => `draft-${process.pid}-${Date.now()}-${++counter}`;

const TYPED = {
  ...emptyNewComplaintForm('REKLAMACE'),
  customerName: 'Bohumila Šťastná',
  email: 'bohumila.stastna@planted.example',
  refundBankAccount: '19-2000145399/0800',
  items: [{ label: 'Sluchátka', quantity: '1', price: '1290' }],
};

async function rawMeta(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const request = db.transaction('meta').objectStore('meta').getAll();
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error);
  });
  db.close();
  const decoder = new TextDecoder();
  return JSON.stringify(rows, (_key, value: unknown) => (value instanceof Uint8Array ? decoder.decode(value) : value));
}

describe('the New complaint draft', () => {
  it('is read back as typed, after the database is opened again with the same key', async () => {
    const name = freshName();
    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    expect(await saveDraft(db, TYPED)).toBe(true);
    db.close();
    const again = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    expect(await readDraft(again)).toEqual(TYPED);
    again.close();
  });

  it('is sealed: nothing typed is readable in IndexedDB', async () => {
    const name = freshName();
    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await saveDraft(db, TYPED);
    db.close();
    const raw = await rawMeta(name);
    expect(raw).toContain('newComplaintDraft');
    for (const value of ['Bohumila', 'planted.example', '2000145399', 'Sluchátka']) expect(raw).not.toContain(value);
  });

  it('where IT policy requires encrypted storage and the key is memory-only: sealed too, readable in this run, gone with the run', async () => {
    const name = freshName();
    const db = openDeskDatabase(name, undefined, MEMORY_ONLY_POLICY_KEY);
    expect(await saveDraft(db, TYPED)).toBe(true);
    expect(await readDraft(db)).toEqual(TYPED);
    db.close();
    const raw = await rawMeta(name);
    for (const value of ['Bohumila', 'planted.example', '2000145399', 'Sluchátka']) expect(raw).not.toContain(value);
    const nextRun = openDeskDatabase(name, undefined, { ...MEMORY_ONLY_POLICY_KEY, keyId: 'run-key-2' });
    expect(await readDraft(nextRun)).toBeNull();
    nextRun.close();
  });

  it('reads as no draft with another key, and is gone once deleted', async () => {
    const name = freshName();
    const db = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await saveDraft(db, TYPED);
    db.close();
    const other = openDeskDatabase(name, undefined, OTHER_DATA_KEY);
    expect(await readDraft(other)).toBeNull();
    other.close();
    const same = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await deleteDraft(same);
    expect(await readDraft(same)).toBeNull();
    same.close();
  });

  it('is not kept without a data key', async () => {
    const db = openDeskDatabase(freshName());
    expect(await saveDraft(db, TYPED)).toBe(false);
    expect(await readDraft(db)).toBeNull();
    db.close();
  });
});
