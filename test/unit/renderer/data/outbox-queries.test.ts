import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry, OutboxState } from '../../../../common/outbox-rules';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { cancelEntry, changeStatus } from '../../../../renderer/src/data/outbox';
import {
  liveEntriesOfComplaint,
  liveEntry,
  liveOldestActiveAt,
  liveOutboxFacts,
  readOutboxFacts,
  readUnsentInOrder,
} from '../../../../renderer/src/data/outbox-queries';
import { freshDb, seedComplaint, waitFor } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

/** An entry of A1 in `state`, last updated at `updatedAt`. */
function entryIn(state: OutboxState, updatedAt: number, createdAt = 0): OutboxEntry {
  return {
    complaintId: 'A1', targetStatus: 'open', baseStatus: 'new', createdAt, state, attempts: 0, nextAttemptAt: 0,
    lastError: null, updatedAt, sentAt: null, resolution: null, serverStatusSeen: null,
  };
}

/** Every value an observable delivers, until stop(). */
function collect<T>(source: { subscribe(next: (value: T) => void): { unsubscribe(): void } }) {
  const values: T[] = [];
  const subscription = source.subscribe((value) => values.push(value));
  return { values, stop: () => subscription.unsubscribe() };
}

describe('outbox reads', () => {
  it('readUnsentInOrder: every unsent entry, oldest first; no sent or discarded one', async () => {
    db = freshDb();
    const states: OutboxState[] = ['failed', 'sent', 'queued', 'discarded', 'conflict', 'needs-check', 'sending', 'uncertain'];
    for (const state of states) await db.outbox.add(entryIn(state, 1));
    const unsent = await readUnsentInOrder(db);
    expect(unsent.map((e) => e.state)).toEqual(['failed', 'queued', 'conflict', 'needs-check', 'sending', 'uncertain']);
    expect(unsent.map((e) => e.seq)).toEqual([1, 3, 5, 6, 7, 8]);
  });

  it('readOutboxFacts: the unsent entries, and the sent and discarded ones updated since `since`', async () => {
    db = freshDb();
    for (const entry of [
      entryIn('queued', 1),
      entryIn('conflict', 1),
      entryIn('sent', 99),
      entryIn('sent', 100),
      entryIn('sent', 150),
      entryIn('discarded', 50),
      entryIn('discarded', 120),
    ]) {
      await db.outbox.add(entry);
    }
    const facts = await readOutboxFacts(db, 100);
    expect(facts.unsent.map((e) => e.state).sort()).toEqual(['conflict', 'queued']);
    expect(facts.sent).toBe(2);
    expect(facts.discarded).toBe(1);
  });

  it('liveOutboxFacts follows the outbox', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const facts = collect(liveOutboxFacts(db, 0));
    await waitFor('the first answer', () => facts.values.length === 1);
    await changeStatus(db, 'A1', 'open');
    await waitFor('the change', () => facts.values.at(-1)?.unsent.length === 1);
    facts.stop();
    expect(facts.values[0]).toEqual({ unsent: [], sent: 0, discarded: 0 });
  });
});

describe('live reads of one entry and one complaint', () => {
  it('liveEntry: the entry as it changes, undefined once it is gone', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    const r = await changeStatus(db, 'A1', 'open', 10);
    if (r.kind !== 'queued') throw new Error('not queued');
    const entry = collect(liveEntry(db, r.seq));
    await waitFor('the entry', () => entry.values.at(-1)?.state === 'queued');
    await db.outbox.update(r.seq, { state: 'sent' });
    await waitFor('sent', () => entry.values.at(-1)?.state === 'sent');
    await db.outbox.delete(r.seq);
    await waitFor('gone', () => entry.values.length > 0 && entry.values.at(-1) === undefined);
    entry.stop();
  });

  it("liveEntriesOfComplaint: that complaint's entries, oldest first, no other complaint's", async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await seedComplaint(db, 'B2', 'new');
    await changeStatus(db, 'A1', 'open', 10);
    await changeStatus(db, 'B2', 'open', 11);
    const entries = collect(liveEntriesOfComplaint(db, 'A1'));
    await waitFor('one entry', () => entries.values.at(-1)?.length === 1);
    await changeStatus(db, 'A1', 'wait', 12);
    await waitFor('two entries', () => entries.values.at(-1)?.length === 2);
    entries.stop();
    expect(entries.values.at(-1)?.map((e) => [e.complaintId, e.targetStatus])).toEqual([
      ['A1', 'open'],
      ['A1', 'wait'],
    ]);
  });

  it('liveOldestActiveAt: when the oldest entry to send was made; null when none', async () => {
    db = freshDb();
    await seedComplaint(db, 'A1', 'new');
    await seedComplaint(db, 'B2', 'new');
    await db.outbox.add({ ...entryIn('conflict', 1, 5), complaintId: 'C3' }); // needs the agent, not the engine
    const oldest = collect(liveOldestActiveAt(db));
    await waitFor('none active', () => oldest.values.length === 1);
    expect(oldest.values[0]).toBeNull();
    await changeStatus(db, 'B2', 'open', 300);
    await waitFor('one active', () => oldest.values.at(-1) === 300);
    const first = await changeStatus(db, 'A1', 'open', 200);
    await waitFor('an older one', () => oldest.values.at(-1) === 200);
    if (first.kind !== 'queued') throw new Error('not queued');
    expect((await cancelEntry(db, first.seq)).ok).toBe(true);
    await waitFor('back to the newer one', () => oldest.values.at(-1) === 300);
    oldest.stop();
  });
});
