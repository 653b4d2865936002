/**
 * The sync engine over fake-indexeddb, talking to the REAL sandbox through the REAL main
 * services and dispatcher, via the same `createDeskApi` the preload uses. Nothing mocked
 * between the engine and the HTTP server.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import type { DeskApi } from '../../../common/ipc-contract';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../common/status';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import type { DeskServices } from '../../../electron/services/desk-services';
import type { MemoryLogger } from '../../../electron/services/logger';
import { openDeskDatabase, type DeskDatabase } from '../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../common/outbox-rules';
import { addComplaints, refreshAll } from '../../../renderer/src/data/worklist';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../../renderer/src/sync/engine';
import { changeStatus } from '../../../renderer/src/data/outbox';
import { journalOn, startMainSide } from '../../support/real-stack';
import { TEST_DATA_KEY } from '../../support/data-key';

/** The API client's timeout in these tests; the engine's in-flight grace must exceed it. */
export const API_TIMEOUT_MS = 1500;

let dbCounter = 0;

export interface Harness {
  sandbox: Sandbox;
  services: DeskServices;
  desk: DeskApi;
  db: DeskDatabase;
  dbName: string;
  log: MemoryLogger;
  settings: { conflictCheck: boolean; syncConcurrency: number };
  engine(extra?: Partial<SyncEngineOptions>, db?: DeskDatabase): SyncEngine;
  /** Adds seed complaints to the worklist and fetches them; returns their ids. */
  worklist(count: number): Promise<string[]>;
  /** Queues a chain of changes for one complaint (each target differs from all before it). */
  queueChain(id: string, length: number): Promise<ComplaintStatus[]>;
  entries(): Promise<OutboxEntry[]>;
  close(): Promise<void>;
}

/**
 * `key`: saved before the database is opened, so the harness works in the live
 * destination's database (as the app's workspace for that key would); without it, demo.
 */
export async function startHarness(options: { key?: string } = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0 });
  const main = await startMainSide(sandbox, { name: 'desk-sync-it', timeoutMs: API_TIMEOUT_MS });
  const { services, desk, log } = main;
  if (options.key !== undefined && !(await desk.saveKey({ key: options.key })).ok) throw new Error('harness: key refused');
  const info = await desk.getAppInfo({});
  if (!info.ok) throw new Error('harness: no app info');
  dbCounter += 1;
  const dbName = `sync-it-${process.pid}-${Date.now()}-${dbCounter}`;
  const db = openDeskDatabase(dbName, info.value.destination, TEST_DATA_KEY);
  // The journal of unsent work on, as a workspace turns it on.
  await journalOn(db, desk);
  const settings = { conflictCheck: true, syncConcurrency: 4 };
  const engines: SyncEngine[] = [];
  const extraDbs: DeskDatabase[] = [];

  const h: Harness = {
    sandbox,
    services,
    desk,
    db,
    dbName,
    log,
    settings,
    engine(extra = {}, onDb = db) {
      if (onDb !== db) extraDbs.push(onDb);
      const engine = createSyncEngine({
        db: onDb,
        desk,
        getSettings: () => settings,
        windowTarget: null,
        intervalMs: 500,
        backoff: { baseMs: 50, capMs: 400 },
        needsCheckDelayMs: 100,
        inFlightGraceMs: API_TIMEOUT_MS + 300,
        changeDebounceMs: 10,
        ...extra,
      });
      engines.push(engine);
      return engine;
    },
    async worklist(count) {
      const ids = SEED_COMPLAINT_IDS.slice(0, count);
      await addComplaints(db, ids);
      const report = await refreshAll(db, desk, { concurrency: 4 });
      if (report.refreshed !== count) throw new Error(`worklist refresh: ${JSON.stringify(report)}`);
      return [...ids];
    },
    async queueChain(id, length) {
      const current = sandbox.getComplaint(id)?.status;
      const targets = COMPLAINT_STATUSES.filter((s) => s !== current).slice(0, length);
      for (const status of targets) {
        const r = await changeStatus(db, id, status);
        if (r.kind !== 'queued') throw new Error(`expected queued, got ${r.kind}`);
      }
      return targets;
    },
    entries: () => db.outbox.orderBy('seq').toArray(),
    async close() {
      for (const e of engines) await e.stop();
      await main.dispose();
      await sandbox.close();
      for (const d of [db, ...extraDbs]) d.close();
      await db.delete();
    },
  };
  return h;
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const statusOf = (engine: SyncEngine) => get(engine.status);

export function appliedStatuses(sandbox: Sandbox, id: string): string[] {
  return sandbox.appliedChanges(id).map((c) => c.status);
}
