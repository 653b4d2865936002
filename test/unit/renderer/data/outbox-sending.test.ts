/** The engine's side of the outbox: an entry of a kind this release does not know is never sent. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { countUnsent } from '../../../../renderer/src/data/outbox-queries';
import { claimEntry, readSendable } from '../../../../renderer/src/data/outbox-sending';
import type { OutboxEntry, OutboxEntryKind } from '../../../../common/outbox-rules';
import { freshDb } from '../../../support/desk-db';

const entry = (complaintId: string, kind: string | undefined): OutboxEntry => ({
  ...(kind === undefined ? {} : { kind: kind as OutboxEntryKind }),
  complaintId, targetStatus: 'open', baseStatus: 'new', createdAt: 1, state: 'queued', attempts: 0, nextAttemptAt: 0,
  lastError: null, updatedAt: 1, sentAt: null, resolution: null, serverStatusSeen: null, destination: 'demo',
});

describe('unknown entry kinds', () => {
  it('are counted as unsent but never offered to the engine, nor claimed, nor read as a status change', async () => {
    const db = freshDb();
    await db.outbox.bulkAdd([entry('A1', 'merge'), entry('A2', undefined), entry('A3', 'status')]);
    expect(await countUnsent(db)).toBe(3);
    expect((await readSendable(db)).map((e) => e.complaintId)).toEqual(['A2', 'A3']);
    const unknown = (await db.outbox.toArray()).find((e) => e.complaintId === 'A1')!;
    expect(await claimEntry(db, unknown, () => 10)).toBeNull();
    expect((await db.outbox.get(unknown.seq!))?.state).toBe('queued');
    db.close();
  });
});
