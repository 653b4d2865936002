/**
 * Big imports (#13, finding 5): progress, cancel, and the rate budget (stop when less
 * than 20 % of the rate limit is left, as the background refresher does).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { addComplaints } from '../../../../renderer/src/data/worklist';
import { DetailDownloads, type DownloadProgress } from '../../../../renderer/src/ui/worklist/add-and-download';
import { createFakeDesk } from '../../../support/fake-desk';
import { freshDb } from '../../../support/desk-db';

let db: DeskDatabase;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

const ids = Array.from({ length: 40 }, (_, i) => `imp${i}`);

function last(downloads: DetailDownloads): DownloadProgress | null {
  let value: DownloadProgress | null = null;
  downloads.state.subscribe((v) => (value = v))();
  return value;
}

describe('DetailDownloads', () => {
  it('counts what was answered and what BizKitHub does not know', async () => {
    db = freshDb();
    const fake = createFakeDesk(Object.fromEntries(ids.slice(0, 30).map((id) => [id, 'new'])));
    await addComplaints(db, ids);
    const downloads = new DetailDownloads(db, fake.desk);
    const seen: number[] = [];
    downloads.state.subscribe((p) => p && seen.push(p.done));
    await downloads.start(ids, { concurrency: 4 });
    expect(last(downloads)).toMatchObject({ total: 40, done: 40, notFound: 10, outcome: 'done' });
    expect(seen.at(-1)).toBe(40);
    expect(fake.calls.filter((c) => c.method === 'detail')).toHaveLength(40);
  });

  it('cancel stops taking IDs; the rest stay "not downloaded yet"', async () => {
    db = freshDb();
    const fake = createFakeDesk(Object.fromEntries(ids.map((id) => [id, 'new'])));
    fake.delayMs = 5;
    await addComplaints(db, ids);
    const downloads = new DetailDownloads(db, fake.desk);
    downloads.state.subscribe((p) => {
      if (p && p.done === 5) downloads.cancel();
    });
    await downloads.start(ids, { concurrency: 2 });
    const progress = last(downloads);
    expect(progress?.outcome).toBe('cancelled');
    expect(progress?.done).toBeLessThan(10);
    expect(await db.complaints.where('id').anyOf(ids).filter((r) => r.fetchedAt === null).count()).toBe(40 - (progress?.done ?? 0));
  });

  it('stops once no more than 20 % of the rate limit is left', async () => {
    db = freshDb();
    const fake = createFakeDesk(Object.fromEntries(ids.map((id) => [id, 'new'])));
    const at = new Date().toISOString();
    let remaining = 25;
    const getRateLimit = fake.desk.getRateLimit;
    fake.desk.getRateLimit = async (input) => {
      await getRateLimit(input);
      return { ok: true, value: { limit: 100, remaining: remaining--, resetAt: null, observedAt: at } };
    };
    await addComplaints(db, ids);
    const downloads = new DetailDownloads(db, fake.desk);
    await downloads.start(ids, { concurrency: 1 });
    expect(last(downloads)).toMatchObject({ outcome: 'rate-limit', done: 5 });
    expect(fake.calls.filter((c) => c.method === 'detail')).toHaveLength(5);
  });
});
