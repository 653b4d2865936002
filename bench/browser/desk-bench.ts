/**
 * Loaded into the app's page by the renderer benchmark only (bundled by esbuild into a
 * temporary copy of the renderer build, never into the app): seeds the worklist and
 * times `changeStatus` against Chromium's real IndexedDB, using the app's own modules.
 */
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../common/status';
import type { DeskApi } from '../../common/ipc-contract';
import { DeskDatabase, newCachedComplaint } from '../../renderer/src/data/db';
import { destinationDatabase } from '../../renderer/src/data/destinations';
import { changeStatus } from '../../renderer/src/data/outbox';
import { syntheticComplaint } from '../synthetic';

/** The database the app works in now: its current destination's (demo in the benchmark). */
async function appDatabase(): Promise<DeskDatabase> {
  const desk = (window as unknown as { desk: DeskApi }).desk;
  const [info, dataKey] = await Promise.all([desk.getAppInfo({}), desk.getDataKey({})]);
  if (!info.ok) throw new Error(`getAppInfo: ${info.error.message}`);
  if (!dataKey.ok) throw new Error(`getDataKey: ${dataKey.error.message}`);
  return destinationDatabase(info.value.destination, dataKey.value);
}

async function fill(count: number, now: number): Promise<void> {
  const db = await appDatabase();
  try {
    const chunk = 2000;
    for (let i = 0; i < count; i += chunk) {
      await db.complaints.bulkPut(Array.from({ length: Math.min(chunk, count - i) }, (_, k) => syntheticComplaint(i + k, now)));
    }
  } finally {
    db.close();
  }
}

/** Puts `count` cached complaints into the app's own database (it is open in this page). */
export async function seedWorklist(count: number): Promise<number> {
  const started = performance.now();
  await fill(count, Date.now());
  return performance.now() - started;
}

/**
 * The same rows as seedWorklist, written as a download writes them: a few rows per
 * transaction, the page's event loop free between two (what a long task observer sees of
 * filling a big worklist). Its time (ms).
 */
export async function seedWorklistInSteps(count: number, rowsPerStep = 40): Promise<number> {
  const started = performance.now();
  const now = Date.now();
  const db = await appDatabase();
  try {
    for (let i = 0; i < count; i += rowsPerStep) {
      await db.complaints.bulkPut(Array.from({ length: Math.min(rowsPerStep, count - i) }, (_, k) => syntheticComplaint(i + k, now)));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    db.close();
  }
  return performance.now() - started;
}

/**
 * `changeStatus` until persisted, on the app's own database (its `count` complaints
 * seeded by seedWorklist), while the app is open: what the agent's click costs.
 */
/** `gapMs` between changes: 0 = back to back (a stress figure); an agent clicks a few times a second at most. */
export async function measureEnqueue(count: number, samples: number, from = 0, gapMs = 0): Promise<number[]> {
  const now = Date.now();
  const db = await appDatabase();
  const times: number[] = [];
  try {
    for (let s = 0; s < samples + 20; s++) {
      // Distinct complaints (7919 is prime to the count), each changed once.
      const row = syntheticComplaint(((from + s) * 7919) % count, now);
      const target = COMPLAINT_STATUSES.find((st) => st !== row.serverStatus && st !== 'new')!;
      const started = performance.now();
      const r = await changeStatus(db, row.id, target);
      const ms = performance.now() - started;
      if (r.kind !== 'queued') throw new Error(`expected queued, got ${r.kind}`);
      if (s >= 20) times.push(ms);
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  } finally {
    db.close();
  }
  return times;
}

/** Adds fetched-looking rows (status `new`) for complaints that exist on the server, to the app's database. */
export async function addNewComplaints(ids: readonly string[]): Promise<void> {
  const db = await appDatabase();
  try {
    const now = Date.now();
    await db.complaints.bulkPut(
      ids.map((id, i) => ({ ...newCachedComplaint(id, now - i), existsOnServer: true, serverStatus: 'new' as const, fetchedAt: now })),
    );
  } finally {
    db.close();
  }
}

/** Queues changes through the outbox of the app's database (the app's engine sees them). */
export async function queueChanges(changes: ReadonlyArray<{ complaintId: string; status: ComplaintStatus }>): Promise<void> {
  const db = await appDatabase();
  try {
    for (const c of changes) {
      const r = await changeStatus(db, c.complaintId, c.status);
      if (r.kind !== 'queued') throw new Error(`expected queued, got ${r.kind}`);
    }
  } finally {
    db.close();
  }
}


/** Throws away the enqueue figure's changes (never meant to be sent) before anything else is measured. */
export async function discardBenchChanges(): Promise<number> {
  const db = await appDatabase();
  try {
    return await db.transaction('rw', db.complaints, db.outbox, async () => {
      const entries = await db.outbox.toArray();
      const ids = [...new Set(entries.map((e) => e.complaintId))];
      await db.outbox.clear();
      for (const id of ids) await db.complaints.update(id, { pendingCount: 0, pendingStatus: null });
      return entries.length;
    });
  } finally {
    db.close();
  }
}
