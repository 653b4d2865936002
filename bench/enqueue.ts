/**
 * Enqueue latency under Node: `changeStatus` (one Dexie transaction over the cached
 * complaint and the outbox) until it resolves, i.e. the change is persisted, with
 * 20,000 cached complaints. Dexie runs on fake-indexeddb here (an in-memory, pure-JS
 * IndexedDB): the figure is indicative; the Chromium figure (renderer.ts) is the real one.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { COMPLAINT_STATUSES } from '../common/status';
import type { DeskDatabase } from '../renderer/src/data/db';
import { changeStatus } from '../renderer/src/data/outbox';
import { dropDatabase, freshDatabase } from './node-stack';
import { syntheticComplaint } from './synthetic';

export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

export const median = (values: readonly number[]): number => percentiles(values).p50;

/**
 * `journal`: turned on for the database (the outbox actions are journaled through main,
 * as in the app); absent: the data layer alone.
 */
export async function measureEnqueueNode(
  complaints: number,
  samples: number,
  journal?: (db: DeskDatabase) => Promise<unknown>,
): Promise<Percentiles & { seedMs: number }> {
  const db = freshDatabase('bench-enqueue');
  if (journal) await journal(db);
  const now = Date.now();
  const seedStarted = performance.now();
  const chunk = 2000;
  for (let i = 0; i < complaints; i += chunk) {
    await db.complaints.bulkAdd(Array.from({ length: Math.min(chunk, complaints - i) }, (_, k) => syntheticComplaint(i + k, now)));
  }
  const seedMs = performance.now() - seedStarted;
  const times: number[] = [];
  for (let s = 0; s < samples + 20; s++) {
    const i = (s * 7919) % complaints; // spread over the table
    const row = syntheticComplaint(i, now);
    const target = COMPLAINT_STATUSES.find((st) => st !== row.serverStatus && st !== 'new')!;
    const started = performance.now();
    const r = await changeStatus(db, row.id, target);
    const ms = performance.now() - started;
    if (r.kind !== 'queued') throw new Error(`expected queued, got ${r.kind}`);
    if (s >= 20) times.push(ms); // the first ones warm up the JIT
  }
  await dropDatabase(db);
  return { ...percentiles(times), seedMs };
}
