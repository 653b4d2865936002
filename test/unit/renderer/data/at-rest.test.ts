// Personal data at rest: what IndexedDB holds, read raw (the plain IndexedDB API, no
// middleware), after the app downloaded a complaint, searched and filed a complaint.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { CreateComplaintRequest } from '../../../../common/api-schemas';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { fileComplaint } from '../../../../renderer/src/data/new-complaints';
import { applyDetail, applyFetchError } from '../../../../renderer/src/data/worklist';
import { addComplaints, removeComplaint } from '../../../../renderer/src/data/worklist';
import { keysMatchingSearch } from '../../../../renderer/src/data/worklist-query';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { settleEntry } from '../../../../renderer/src/data/outbox-sending';
import { MEMORY_ONLY_KEY, MEMORY_ONLY_POLICY_KEY, OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';
import { detailOf } from '../../../support/desk-db';
import { sessionTextSealer } from '../../../../renderer/src/data/session-text';

const PLANTED = {
  name: 'Bohumila Šťastná',
  email: 'bohumila.stastna@planted.example',
  phone: '+420 777 123 456',
  bankAccount: '19-2000145399/0800',
  description: 'Rozbitý displej po pádu ze stolu',
  newName: 'Květoslav Přibyl',
  newEmail: 'kveta.pribyl@planted.example',
  newDescription: 'Nefunguje nabíjení od prvního dne',
};

/** Every planted value and its folded forms (a search index would hold those). */
const needles = (): string[] => {
  const values = Object.values(PLANTED);
  const folded = values.map((v) => v.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''));
  const words = folded.flatMap((v) => v.split(/\s+/u)).filter((w) => w.length >= 5);
  return [...new Set([...values, ...folded, ...words])];
};

let counter = 0;
function freshName(): string {
  counter += 1;
  return `at-rest-${process.pid}-${Date.now()}-${counter}`;
}

/** Every stored value of every store, read with the plain IndexedDB API. */
async function rawValues(name: string): Promise<Record<string, { key: IDBValidKey; value: unknown }[]>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const out: Record<string, { key: IDBValidKey; value: unknown }[]> = {};
  for (const store of [...idb.objectStoreNames]) {
    out[store] = await new Promise((resolve, reject) => {
      const rows: { key: IDBValidKey; value: unknown }[] = [];
      const cursorRequest = idb.transaction(store).objectStore(store).openCursor();
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (!cursor) return resolve(rows);
        rows.push({ key: cursor.primaryKey, value: cursor.value });
        cursor.continue();
      };
      cursorRequest.onerror = () => reject(cursorRequest.error);
    });
  }
  idb.close();
  return out;
}

/** Raw values as text: JSON, with byte arrays also read as UTF-8 and Latin-1. */
function asText(value: unknown): string {
  const bytesAsText: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) {
      bytesAsText.push(new TextDecoder().decode(v), String.fromCharCode(...v));
      return [...v];
    }
    return v;
  });
  return [json, ...bytesAsText].join('\n');
}

function newRequest(): CreateComplaintRequest {
  return {
    variantCode: 'REKLAMACE',
    description: PLANTED.newDescription,
    customerName: PLANTED.newName,
    email: PLANTED.newEmail,
    phone: PLANTED.phone,
    refundBankAccount: PLANTED.bankAccount,
  };
}

async function plantedDatabase(key = TEST_DATA_KEY): Promise<{ db: DeskDatabase; name: string; localRef: string }> {
  const name = freshName();
  const db = openDeskDatabase(name, undefined, key);
  await addComplaints(db, ['REK-1'], 1);
  await applyDetail(
    db,
    'REK-1',
    detailOf('REK-1', 'new', {
      customerName: PLANTED.name,
      email: PLANTED.email,
      phone: PLANTED.phone,
      description: PLANTED.description,
      refund: { bankAccount: PLANTED.bankAccount, variableSymbol: '7700112233' },
    }),
    2,
  );
  await applyFetchError(db, 'REK-1', { kind: 'server', message: `Customer ${PLANTED.name} <${PLANTED.email}> is locked` }, 3);
  const { localRef } = await fileComplaint(db, newRequest(), 4);
  await changeStatus(db, 'REK-1', 'open', 5);
  return { db, name, localRef };
}

describe('personal data at rest (raw IndexedDB)', () => {
  it('holds none of the planted values after a download, a filed complaint and a search; reads them back through data/', async () => {
    const { db, name, localRef } = await plantedDatabase();
    expect(await keysMatchingSearch(db, 'stastna')).toEqual(new Set(['REK-1']));
    expect(await keysMatchingSearch(db, 'Šťast')).toEqual(new Set(['REK-1']));
    expect(await keysMatchingSearch(db, 'pribyl')).toEqual(new Set([localRef]));
    expect(await keysMatchingSearch(db, 'bohumila.stastna@planted')).toEqual(new Set(['REK-1']));
    expect(await keysMatchingSearch(db, 'nobody')).toEqual(new Set());

    const row = await db.complaints.get('REK-1');
    expect(row?.detail?.customerName).toBe(PLANTED.name);
    expect(row?.detail?.refund?.bankAccount).toBe(PLANTED.bankAccount);
    expect(row?.searchWords).toContain('stastna');
    expect((await db.complaints.get(localRef))?.draft?.customerName).toBe(PLANTED.newName);
    const create = (await db.outbox.toArray()).find((e) => e.kind === 'create');
    expect(create?.create?.description).toBe(PLANTED.newDescription);
    db.close();

    const raw = await rawValues(name);
    const text = asText(raw);
    for (const needle of needles()) expect(text, needle).not.toContain(needle);
    // IDs and states stay clear for the indexes.
    expect(raw.complaints?.map((r) => r.key)).toEqual(expect.arrayContaining(['REK-1', localRef]));
    expect(text).toContain('"state":"queued"');
    await db.delete();
  });

  it('search tokens live in their own table: one row per complaint, kept on a status change, gone with the complaint', async () => {
    const { db, name, localRef } = await plantedDatabase();
    const before = (await rawValues(name)).searchTokens ?? [];
    expect(before.map((r) => r.key).sort()).toEqual(['REK-1', localRef].sort());
    expect((await rawValues(name)).complaints?.every((r) => (r.value as Record<string, unknown>).searchWords === undefined)).toBe(true);
    await changeStatus(db, 'REK-1', 'wait', 7);
    expect((await rawValues(name)).searchTokens).toEqual(before);
    await addComplaints(db, ['REK-3'], 8);
    expect(await keysMatchingSearch(db, 'rek-3')).toEqual(new Set(['REK-3']));
    expect((await removeComplaint(db, 'REK-3')).ok).toBe(true);
    expect((await rawValues(name)).searchTokens).toEqual(before);
    expect(await keysMatchingSearch(db, 'rek-3')).toEqual(new Set());
    db.close();
    await db.delete();
  });

  it("tokens follow the words: a new name is found and the old one is not; a status change after it keeps them", async () => {
    const { db, name } = await plantedDatabase();
    await applyDetail(db, 'REK-1', detailOf('REK-1', 'open', { customerName: 'Zdeňka Horáková' }), 9);
    expect(await keysMatchingSearch(db, 'horak')).toEqual(new Set(['REK-1']));
    expect(await keysMatchingSearch(db, 'stastna')).toEqual(new Set());
    const after = (await rawValues(name)).searchTokens;
    await changeStatus(db, 'REK-1', 'wait', 10);
    expect((await rawValues(name)).searchTokens).toEqual(after);
    expect(await keysMatchingSearch(db, 'horak')).toEqual(new Set(['REK-1']));
    db.close();
    await db.delete();
  });

  it("a write that leaves the personal part as it was read writes the same sealed bytes; a new detail is sealed anew", async () => {
    const { db, name } = await plantedDatabase();
    const sealedOf = async () => {
      const row = (await rawValues(name)).complaints?.find((r) => r.key === 'REK-1')?.value as { sealed: { iv: Uint8Array; ct: Uint8Array } };
      return { iv: Buffer.from(row.sealed.iv).toString('hex'), ct: Buffer.from(row.sealed.ct).toString('hex') };
    };
    const before = await sealedOf();
    await changeStatus(db, 'REK-1', 'wait', 11);
    expect(await sealedOf()).toEqual(before);
    await applyDetail(db, 'REK-1', detailOf('REK-1', 'wait', { customerName: PLANTED.name }), 12);
    const after = await sealedOf();
    expect(after.iv).not.toBe(before.iv);
    // Read back through data/: the new detail, opened.
    expect((await db.complaints.get('REK-1'))?.detail?.status).toBe('wait');
    db.close();
    await db.delete();
  });

  it('a status change is not sealed (nothing personal): its entry is stored as it is', async () => {
    const { db, name } = await plantedDatabase();
    db.close();
    const raw = await rawValues(name);
    const status = raw.outbox?.map((r) => r.value as Record<string, unknown>).find((e) => e.kind !== 'create');
    expect(status?.sealed).toBeUndefined();
    expect(status?.complaintId).toBe('REK-1');
    await db.delete();
  });

  it('a sealed value moved onto another primary key does not open: that row reads as not downloaded', async () => {
    const { db, name } = await plantedDatabase();
    await addComplaints(db, ['REK-2'], 6);
    db.close();
    const raw = await rawValues(name);
    const sealed = (raw.complaints?.find((r) => r.key === 'REK-1')?.value as { sealed: unknown }).sealed;
    const idb = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('complaints', 'readwrite');
      const store = tx.objectStore('complaints');
      const get = store.get('REK-2');
      get.onsuccess = () => store.put({ ...(get.result as object), sealed });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    idb.close();
    const reopened = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    const moved = await reopened.complaints.get('REK-2');
    expect(moved).toMatchObject({ id: 'REK-2', detail: null, fetchedAt: null, existsOnServer: null, fetchError: null });
    expect((await reopened.complaints.get('REK-1'))?.detail?.customerName).toBe(PLANTED.name);
    reopened.close();
    await reopened.delete();
  });

  it('rows sealed by another key read as not downloaded, never as garbage; the outbox keeps its states', async () => {
    const { db, name, localRef } = await plantedDatabase();
    db.close();
    const other = openDeskDatabase(name, undefined, OTHER_DATA_KEY);
    const row = await other.complaints.get('REK-1');
    expect(row).toMatchObject({ id: 'REK-1', detail: null, fetchedAt: null, existsOnServer: null, fetchError: null, serverStatus: 'new' });
    expect(row?.searchWords).toEqual(['rek-1', '1']);
    expect((await other.complaints.get(localRef))?.draft).toBeUndefined();
    const entries = await other.outbox.toArray();
    expect(entries.map((e) => e.state)).toEqual(['queued', 'queued']);
    expect(entries.find((e) => e.kind === 'create')?.create).toBeUndefined();
    expect(await keysMatchingSearch(other, 'stastna')).toEqual(new Set());
    other.close();
    await other.delete();
  });

  it('memory-only key: an unsent create stays readable after a restart (kept unsealed, marked); sealed once sent', async () => {
    const name = freshName();
    const db = openDeskDatabase(name, undefined, MEMORY_ONLY_KEY);
    const { localRef, seq } = await fileComplaint(db, newRequest(), 1);
    db.close();
    const raw = (await rawValues(name)).outbox?.find((r) => r.key === seq)?.value as Record<string, unknown>;
    expect(raw.plain).toEqual(['create']);
    // The next run has another memory-only key.
    const nextRun = openDeskDatabase(name, undefined, { ...MEMORY_ONLY_KEY, keyId: 'run-key-2' });
    expect((await nextRun.outbox.get(seq))?.create?.customerName).toBe(PLANTED.newName);
    expect((await nextRun.complaints.get(localRef))?.draft?.customerName).toBe(PLANTED.newName);
    // A create that failed with an error text (sealed, so unreadable in the next run) keeps its body.
    await nextRun.outbox.update(seq, { state: 'failed', lastError: { kind: 'server', message: `refused ${PLANTED.newName}` } });
    nextRun.close();
    const thirdRun = openDeskDatabase(name, undefined, { ...MEMORY_ONLY_KEY, keyId: 'run-key-3' });
    const failed = await thirdRun.outbox.get(seq);
    expect(failed?.create?.customerName).toBe(PLANTED.newName);
    expect(failed?.lastError).toBeNull();
    expect(failed?.state).toBe('failed');
    thirdRun.close();
    await nextRun.open();
    await nextRun.outbox.update(seq, { state: 'sent', sentAt: 2 });
    nextRun.close();
    const sent = (await rawValues(name)).outbox?.find((r) => r.key === seq)?.value as Record<string, unknown>;
    expect(sent.plain).toBeUndefined();
    expect(asText(sent)).not.toContain(PLANTED.newName);
    await nextRun.delete();
  });
});

describe('personal data at rest where IT policy requires encrypted storage (raw IndexedDB)', () => {
  it('memory-only key: nothing personal is written in clear, an unsent create included; the next run loses the create, not the status change', async () => {
    const { db, name, localRef } = await plantedDatabase(MEMORY_ONLY_POLICY_KEY);
    // This run reads everything back.
    expect((await db.complaints.get(localRef))?.draft?.customerName).toBe(PLANTED.newName);
    const create = (await db.outbox.toArray()).find((e) => e.kind === 'create');
    expect(create?.create?.description).toBe(PLANTED.newDescription);
    db.close();

    const raw = await rawValues(name);
    const text = asText(raw);
    for (const needle of needles()) expect(text, needle).not.toContain(needle);
    for (const store of ['complaints', 'outbox'] as const) {
      for (const row of raw[store] ?? []) expect((row.value as Record<string, unknown>).plain, `${store} ${String(row.key)}`).toBeUndefined();
    }

    const nextRun = openDeskDatabase(name, undefined, { ...MEMORY_ONLY_POLICY_KEY, keyId: 'run-key-2' });
    const entries = await nextRun.outbox.toArray();
    const lostCreate = entries.find((e) => e.kind === 'create');
    expect(lostCreate?.create).toBeUndefined();
    expect((await nextRun.complaints.get(localRef))?.draft).toBeUndefined();
    expect(entries.find((e) => e.kind !== 'create')).toMatchObject({ complaintId: 'REK-1', targetStatus: 'open' });
    nextRun.close();
    await nextRun.delete();
  });
});

describe('clear fields set in place (the pending figures of every change and settle)', () => {
  const storedRow = async (name: string, id: string) =>
    (await rawValues(name)).complaints?.find((r) => r.key === id)?.value as Record<string, unknown> & { sealed: { iv: Uint8Array; ct: Uint8Array } };

  it('a change and a settle write the pending figures without opening or sealing the personal part, in a fresh run', async () => {
    const { db, name } = await plantedDatabase();
    db.close();
    // Another instance: nothing opened or sealed is remembered from the writes above.
    const run = openDeskDatabase(name, undefined, TEST_DATA_KEY);
    await run.open();
    const before = await storedRow(name, 'REK-1');
    const open = vi.spyOn(run.sealer!, 'open');
    const seal = vi.spyOn(run.sealer!, 'seal');
    const token = vi.spyOn(run.sealer!, 'searchToken');
    expect((await changeStatus(run, 'REK-1', 'wait', 20)).kind).toBe('queued');
    // The agent's change reads the row it decides on (opened once), and seals nothing.
    expect({ seal: seal.mock.calls.length, token: token.mock.calls.length }).toEqual({ seal: 0, token: 0 });
    open.mockClear();
    const [first] = await run.outbox.where('complaintId').equals('REK-1').sortBy('seq');
    const claimed = { entry: { ...first!, seq: first!.seq! }, token: 21 };
    await run.outbox.update(first!.seq!, { state: 'sending', updatedAt: 21 });
    expect(await settleEntry(run, () => 22, claimed, { state: 'sent', sentAt: 22 }, { serverStatus: 'open', timelineStale: true })).toBe(true);
    const calls = { open: open.mock.calls.length, seal: seal.mock.calls.length, token: token.mock.calls.length };
    expect(calls).toEqual({ open: 0, seal: 0, token: 0 });
    const after = await storedRow(name, 'REK-1');
    expect(Buffer.from(after.sealed.ct)).toEqual(Buffer.from(before.sealed.ct));
    expect(after.wordsDigest).toBe(before.wordsDigest);
    expect(after).toMatchObject({ pendingCount: 1, pendingStatus: 'wait', serverStatus: 'open', timelineStale: true, lastChangeAt: 20 });
    // Read back through data/: opened as before, with the new figures.
    const row = await run.complaints.get('REK-1');
    expect(asText(row)).toContain(PLANTED.name);
    expect(row).toMatchObject({ pendingCount: 1, pendingStatus: 'wait', serverStatus: 'open' });
    expect(await keysMatchingSearch(run, 'stastna')).toEqual(new Set(['REK-1']));
    run.close();
    await run.delete();
  });

  it('refuses what an ordinary put must write: personal fields, outside a read-write transaction, a row with fields kept clear', async () => {
    const { db } = await plantedDatabase();
    expect(await db.patchClearFields('complaints', 'REK-1', { pendingCount: 3 })).toBe('refused');
    await db.transaction('r', db.complaints, async () => {
      expect(await db.patchClearFields('complaints', 'REK-1', { pendingCount: 3 })).toBe('refused');
    });
    await db.transaction('rw', db.complaints, async () => {
      expect(await db.patchClearFields('complaints', 'REK-1', { fetchError: null })).toBe('refused');
      expect(await db.patchClearFields('complaints', 'REK-1', { searchWords: [] })).toBe('refused');
      expect(await db.patchClearFields('complaints', 'NOPE-1', { pendingCount: 3 })).toBe('absent');
      expect(await db.patchClearFields('complaints', 'REK-1', { pendingCount: 3 })).toBe('patched');
      // Still in the transaction's zone after the patch: Dexie's reads join it.
      expect((await db.complaints.get('REK-1'))?.pendingCount).toBe(3);
    });
    db.close();
    await db.delete();
    // Memory-only key: a local complaint's draft is kept clear, so its row is rewritten by the ordinary path.
    const name = freshName();
    const memory = openDeskDatabase(name, undefined, MEMORY_ONLY_KEY);
    const { localRef } = await fileComplaint(memory, newRequest(), 1);
    await memory.transaction('rw', memory.complaints, async () => {
      expect(await memory.patchClearFields('complaints', localRef, { pendingCount: 2 })).toBe('refused');
    });
    memory.close();
    await memory.delete();
  });
});

describe('session text (the worklist search kept for a reload)', () => {
  it('is sealed: the stored string holds no planted text, opens with the same key and name only', async () => {
    const db = openDeskDatabase(freshName(), undefined, TEST_DATA_KEY);
    const sealer = sessionTextSealer(db);
    const stored = sealer.seal('desk.worklist.demo', PLANTED.name) ?? '';
    expect(stored).not.toContain('Bohumila');
    expect(stored).not.toContain('stastna');
    expect(sealer.open('desk.worklist.demo', stored)).toBe(PLANTED.name);
    expect(sealer.open('desk.worklist.live', stored)).toBeNull();
    expect(sealer.open('desk.worklist.demo', 'Bohumila')).toBeNull();
    expect(sessionTextSealer(openDeskDatabase(freshName(), undefined, TEST_DATA_KEY)).open('desk.worklist.demo', stored)).toBeNull();
    db.useDataKey(OTHER_DATA_KEY);
    expect(sealer.open('desk.worklist.demo', stored)).toBeNull();
  });
});
