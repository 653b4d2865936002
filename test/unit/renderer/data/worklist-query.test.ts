import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { fileComplaint } from '../../../../renderer/src/data/new-complaints';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { applyDetail } from '../../../../renderer/src/data/worklist';
import {
  liveComplaint,
  liveKeysMatchingSearch,
  liveKeysWithPending,
  liveKeysWithStatus,
  liveOrder,
  liveRows,
  loadFirstPage,
  loadOrder,
  readRows,
} from '../../../../renderer/src/data/worklist-query';
import { detailOf, freshDb, seedComplaint, waitFor } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

function collect<T>(source: { subscribe(next: (value: T) => void): { unsubscribe(): void } }) {
  const values: T[] = [];
  const subscription = source.subscribe((value) => values.push(value));
  return { values, stop: () => subscription.unsubscribe() };
}

describe('reads of the cached complaints', () => {
  it('the first page is the start of the whole order, newest or oldest change first, with the full count', async () => {
    db = freshDb();
    for (let i = 0; i < 8; i++) await seedComplaint(db, `C${i}`, 'new', 100 + i);
    await db.complaints.toCollection().modify((row) => {
      row.lastChangeAt = 1000 - Number(row.id.slice(1)) * 10;
    });
    const whole = await loadOrder(db);
    const newest = await loadFirstPage(db, true, 3);
    expect(newest).toEqual({ ids: whole.ids.slice(-3), total: 8, partial: true });
    expect(newest.ids).toEqual(['C2', 'C1', 'C0']);
    expect(await loadFirstPage(db, false, 3)).toEqual({ ids: whole.ids.slice(0, 3), total: 8, partial: true });
  });

  it('readRows: the cached rows of the keys asked for, in that order; missing ones left out', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new', 1);
    await seedComplaint(db, 'B2', 'open', 2);
    const rows = await readRows(db, ['B2', 'NOPE', 'A1']);
    expect(rows.map((row) => [row.id, row.serverStatus])).toEqual([
      ['B2', 'open'],
      ['A1', 'new'],
    ]);
  });

  it('liveRows follows the rows as they are written', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const rows = collect(liveRows(db, ['A1']));
    await waitFor('the row', () => rows.values.at(-1)?.[0]?.pendingStatus === null);
    await changeStatus(db, 'A1', 'open');
    await waitFor('its pending change', () => rows.values.at(-1)?.[0]?.pendingStatus === 'open');
    rows.stop();
  });

  it('liveOrder and the live key sets follow the worklist', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new', 1);
    const order = collect(liveOrder(db));
    const open = collect(liveKeysWithStatus(db, 'open'));
    const pending = collect(liveKeysWithPending(db));
    const search = collect(liveKeysMatchingSearch(db, 'novakova'));
    await waitFor('first answers', () => [order, open, pending, search].every((q) => q.values.length > 0));
    expect(order.values.at(-1)).toEqual({ ids: ['A1'], total: 1 });
    await seedComplaint(db, 'B2', 'open', 2);
    await changeStatus(db, 'A1', 'wait', 3);
    await applyDetail(db, 'B2', detailOf('B2', 'open', { customerName: 'Jana Nováková' }), 4);
    await waitFor('the order', () => order.values.at(-1)?.total === 2);
    await waitFor('the status', () => open.values.at(-1)?.has('B2') === true);
    await waitFor('the pending', () => pending.values.at(-1)?.has('A1') === true);
    await waitFor('the search', () => search.values.at(-1)?.has('B2') === true);
    for (const q of [order, open, pending, search]) q.stop();
    expect(order.values.at(-1)?.ids).toEqual(['B2', 'A1']);
    expect([...(pending.values.at(-1) ?? [])]).toEqual(['A1']);
  });

  it('liveComplaint: by ID, by the local reference it was filed under, null when not cached', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const { localRef } = await fileComplaint(db, {
      variantCode: 'reklamace',
      description: 'Rozbitý displej',
      customerName: 'Jana Nováková',
      orderNumber: 'OBJ-77',
      email: 'jana@example.cz',
    });
    const byId = collect(liveComplaint(db, 'A1'));
    const byRef = collect(liveComplaint(db, localRef));
    const missing = collect(liveComplaint(db, 'NOPE'));
    await waitFor('answers', () => [byId, byRef, missing].every((q) => q.values.length > 0));
    expect(byId.values.at(-1)?.id).toBe('A1');
    expect(byRef.values.at(-1)?.localRef).toBe(localRef);
    expect(missing.values.at(-1)).toBeNull();
    await seedComplaint(db, 'NOPE', 'new');
    await waitFor('added meanwhile', () => missing.values.at(-1)?.id === 'NOPE');
    for (const q of [byId, byRef, missing]) q.stop();
  });
});
