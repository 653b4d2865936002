/**
 * The engine spends the rate budget without a 429. A fake BizKitHub with a sliding window
 * (as the sandbox has) answers 429 past the limit and, as main does, sends the
 * X-RateLimit-* figures with every reply; a drain several windows long must end with
 * every change sent, and not one 429.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { err } from '../../../../common/result';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { createSyncEngine, type SyncEngine } from '../../../../renderer/src/sync/engine';
import { createFakeDesk } from '../../../support/fake-desk';
import { freshDb, seedComplaint } from '../../../support/desk-db';

let db: DeskDatabase;
let engine: SyncEngine | null = null;
afterEach(async () => {
  await engine?.stop();
  db?.close();
  if (db) await db.delete();
});

/** Wraps the fake's API calls in a sliding window of `limit` requests per `windowMs`. */
function withWindow(fake: ReturnType<typeof createFakeDesk>, limit: number, windowMs: number) {
  const log: number[] = [];
  let refused = 0;
  const slide = () => {
    while (log.length > 0 && log[0]! <= Date.now() - windowMs) log.shift();
  };
  const figures = () => {
    slide();
    return {
      limit,
      remaining: Math.max(0, limit - log.length),
      // Whole seconds, as X-RateLimit-Reset carries it (rounded up).
      resetAt: new Date(Math.ceil(((log[0] ?? Date.now()) + windowMs) / 1000) * 1000).toISOString(),
      observedAt: new Date().toISOString(),
    };
  };
  const gate = <A, R>(call: (input: A) => Promise<R>) =>
    (async (input: A) => {
      slide();
      if (log.length >= limit) {
        refused += 1;
        return { ...err({ kind: 'rate-limited' as const, message: '429', retryAfterMs: windowMs }), rateLimit: figures() };
      }
      log.push(Date.now());
      return { ...(await call(input)), rateLimit: figures() };
    }) as (input: A) => Promise<R>;
  fake.desk.getComplaint = gate(fake.desk.getComplaint);
  fake.desk.setComplaintStatus = gate(fake.desk.setComplaintStatus);
  fake.desk.getRateLimit = async () => ({ ok: true, value: figures() });
  return { refused: () => refused };
}

describe('sync engine: the rate budget', () => {
  it('drains several windows of changes with no 429, about as fast as the window allows', async () => {
    db = freshDb();
    const ids = Array.from({ length: 24 }, (_, i) => `R-${i}`);
    for (const id of ids) await seedComplaint(db, id, 'new');
    const fake = createFakeDesk(Object.fromEntries(ids.map((id) => [id, 'new' as const])));
    for (const id of ids) await changeStatus(db, id, 'open', 1);
    const limit = 8;
    const windowMs = 1000;
    const budget = withWindow(fake, limit, windowMs);
    engine = createSyncEngine({
      db,
      desk: fake.desk,
      getSettings: () => ({ conflictCheck: false, syncConcurrency: 4 }),
      windowTarget: null,
      intervalMs: 60_000,
    });
    await engine.start();
    const started = Date.now();
    let report = await engine.syncNow();
    while (fake.applied.length < ids.length && Date.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 100));
      report = await engine.syncNow();
    }
    expect(fake.applied).toHaveLength(ids.length);
    expect(budget.refused()).toBe(0);
    expect(report.failed).toBe(0);
    // How fast, beside the minimum the window allows, is measured by `npm run bench` (budget).
  }, 30_000);
});
