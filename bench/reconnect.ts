/**
 * Reconnect latency: from the server answering again to the first change confirmed.
 * (a) the OS reports the network back: main's connectivity monitor polls the OS state
 *     (every second, like `net.isOnline()`), probes the API and tells the renderer; and
 *     the renderer's own window 'online' event (Chromium fires it at once).
 * (b) the server comes back on its own, the OS never noticed anything: only main's probe
 *     backoff (and whatever the engine does by itself) can find out.
 * The engine runs with its production defaults.
 */
import 'fake-indexeddb/auto';
import type { Sandbox } from '../electron/sandbox/sandbox-server';
import { createSyncEngine, type SyncEngine } from '../renderer/src/sync/engine';
import { goOffline } from './drain';
import { createComplaints, dropDatabase, freshDatabase, plannedChanges, queueChanges, sleep, waitFor, type MainSide } from './node-stack';
import type { DeskDatabase } from '../renderer/src/data/db';

export interface ReconnectSample {
  /** ms from the server being back to the first change confirmed by the engine. */
  ms: number;
}

async function queueSome(sandbox: Sandbox, count: number): Promise<DeskDatabase> {
  const { ids, rows } = createComplaints(sandbox, count);
  const db = freshDatabase('bench-reconnect');
  await db.complaints.bulkAdd(rows);
  await queueChanges(db, plannedChanges(ids, 1));
  return db;
}

function firstSuccess(engine: SyncEngine): { at: () => number | null; stop: () => void } {
  let at: number | null = null;
  const stop = engine.status.subscribe((s) => {
    if (at === null && s.lastSuccessAt !== null) at = Date.now();
  });
  return { at: () => at, stop };
}

async function offlineEngine(engine: SyncEngine): Promise<void> {
  let online = true;
  const stop = engine.status.subscribe((s) => (online = s.online));
  await waitFor('the engine is offline', () => !online, 60_000, 10);
  stop();
}

/** (a) via main: the OS state flips back, main's monitor notices on its next poll and probes. */
export async function reconnectViaMainPoll(sandbox: Sandbox, main: MainSide): Promise<ReconnectSample> {
  await goOffline(sandbox, main);
  const db = await queueSome(sandbox, 4);
  const engine = createSyncEngine({ db, desk: main.desk, getSettings: () => ({ conflictCheck: true, syncConcurrency: 4 }), windowTarget: null });
  await engine.start();
  await offlineEngine(engine);
  // Somewhere in main's one-second poll cycle, as in real life.
  await sleep(137);
  const seen = firstSuccess(engine);
  await sandbox.setFaults({ outage: false });
  const back = Date.now();
  main.setOsOnline(true);
  await waitFor('first change confirmed', () => seen.at() !== null, 60_000, 2);
  const ms = seen.at()! - back;
  seen.stop();
  await engine.stop();
  await dropDatabase(db);
  return { ms };
}

/** (a) via the renderer's window 'online' event, which Chromium fires as soon as the OS says so. */
export async function reconnectViaWindowEvent(sandbox: Sandbox, main: MainSide): Promise<ReconnectSample> {
  await goOffline(sandbox, main);
  const db = await queueSome(sandbox, 4);
  const windowTarget = new EventTarget();
  const engine = createSyncEngine({ db, desk: main.desk, getSettings: () => ({ conflictCheck: true, syncConcurrency: 4 }), windowTarget });
  await engine.start();
  await offlineEngine(engine);
  const seen = firstSuccess(engine);
  await sandbox.setFaults({ outage: false });
  const back = Date.now();
  main.setOsOnline(true);
  windowTarget.dispatchEvent(new Event('online'));
  await waitFor('first change confirmed', () => seen.at() !== null, 60_000, 2);
  const ms = seen.at()! - back;
  seen.stop();
  await engine.stop();
  await dropDatabase(db);
  return { ms };
}

/**
 * (b) The server goes away for `outageMs` while the OS stays online; the engine finds
 * out by failing, main's monitor starts probing with backoff. Then the server is back.
 */
export async function reconnectServerAlone(sandbox: Sandbox, main: MainSide, outageMs: number): Promise<ReconnectSample> {
  main.setOsOnline(true);
  await sandbox.setFaults({ outage: true });
  const db = await queueSome(sandbox, 4);
  const engine = createSyncEngine({ db, desk: main.desk, getSettings: () => ({ conflictCheck: true, syncConcurrency: 4 }), windowTarget: null });
  const down = Date.now();
  await engine.start();
  await offlineEngine(engine);
  await sleep(Math.max(0, down + outageMs - Date.now()));
  const seen = firstSuccess(engine);
  await sandbox.setFaults({ outage: false });
  const back = Date.now();
  await waitFor('first change confirmed', () => seen.at() !== null, 120_000, 5);
  const ms = seen.at()! - back;
  seen.stop();
  await engine.stop();
  await dropDatabase(db);
  return { ms };
}
