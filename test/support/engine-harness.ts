/**
 * The sync-engine tests' shared setup (test/unit/renderer/sync/): a fresh database per
 * test, a clock the test moves, engines with the tests' defaults, and the cleanup after
 * each test (engines stopped, then anything else tracked, then the database closed and
 * deleted). Call `useEngineHarness()` once at a test file's top level: it registers its
 * own `afterEach`.
 */
import { afterEach } from 'vitest';
import type { ComplaintStatus } from '../../common/status';
import type { DeskDatabase } from '../../renderer/src/data/db';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../renderer/src/sync/engine';
import { freshDb, seedComplaint } from './desk-db';
import { createFakeDesk, manualTimers, type FakeDesk } from './fake-desk';

export interface Stoppable {
  stop(): unknown;
}

export interface EngineHarness {
  /** The current test's database (from `openDb` or `seed`). */
  readonly db: DeskDatabase;
  /** The tests' clock: engines read it (`now`); `openDb` sets it back to its start. */
  readonly clock: { t: number };
  /** A fresh database, closed and deleted after the test; the clock back at its start. */
  openDb(): DeskDatabase;
  /** `openDb`, these complaints in the worklist with their server status, and a fake desk that knows them. */
  seed(initial: Record<string, ComplaintStatus>): Promise<FakeDesk>;
  /**
   * A sync engine on the current database, stopped after the test. Defaults: conflict
   * check on, 4 at once, the harness clock, `random` 0.5, manual timers, no window,
   * a 5 s in-flight grace; `options` win.
   */
  engine(fake: FakeDesk, options?: Partial<SyncEngineOptions>): SyncEngine;
  /** Stopped after the test, after the engines (a refresher, another window's database). */
  track<T extends Stoppable>(thing: T): T;
}

export function useEngineHarness(startAt = 1_000_000): EngineHarness {
  const clock = { t: startAt };
  const engines: SyncEngine[] = [];
  const tracked: Stoppable[] = [];
  let db: DeskDatabase | undefined;

  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
    for (const t of tracked.splice(0)) await t.stop();
    db?.close();
    if (db) await db.delete();
  });

  const openDb = (): DeskDatabase => {
    db = freshDb();
    clock.t = startAt;
    return db;
  };

  const current = (): DeskDatabase => {
    if (!db) throw new Error('No database yet: call openDb() or seed() first.');
    return db;
  };

  return {
    get db() {
      return current();
    },
    clock,
    openDb,
    async seed(initial) {
      const opened = openDb();
      for (const [id, status] of Object.entries(initial)) await seedComplaint(opened, id, status);
      return createFakeDesk(initial);
    },
    engine(fake, options = {}) {
      const engine = createSyncEngine({
        db: current(),
        desk: fake.desk,
        getSettings: () => ({ conflictCheck: true, syncConcurrency: 4 }),
        now: () => clock.t,
        random: () => 0.5,
        timers: manualTimers(),
        windowTarget: null,
        inFlightGraceMs: 5_000,
        ...options,
      });
      engines.push(engine);
      return engine;
    },
    track(thing) {
      tracked.push(thing);
      return thing;
    },
  };
}
