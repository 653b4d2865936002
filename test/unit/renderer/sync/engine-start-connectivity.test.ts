/**
 * #13 finding 8: the engine reads connectivity, then subscribes to main's events. An
 * event sent in between (the API came back) must not leave the window saying Offline.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { afterEach, expect, it } from 'vitest';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { createSyncEngine, type SyncEngine } from '../../../../renderer/src/sync/engine';
import { createFakeDesk, virtualTimers } from '../../../support/fake-desk';
import { freshDb } from '../../../support/desk-db';

let db: DeskDatabase;
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  db?.close();
  if (db) await db.delete();
});

it('connectivity that changed while the engine was starting is picked up', async () => {
  db = freshDb();
  const clock = { t: 1_000_000 };
  const fake = createFakeDesk({});
  fake.online = false;
  // The first read says offline; by the time the engine listens, main is online again and
  // its event has already gone out.
  const read = fake.desk.getConnectivity.bind(fake.desk);
  let reads = 0;
  fake.desk.getConnectivity = async (input) => {
    const answer = await read(input);
    reads += 1;
    if (reads === 1) fake.online = true;
    return answer;
  };
  const engine = createSyncEngine({
    db,
    desk: fake.desk,
    getSettings: () => ({ conflictCheck: false, syncConcurrency: 1 }),
    now: () => clock.t,
    random: () => 0.5,
    timers: virtualTimers(clock),
    windowTarget: null,
    locks: createLocalLocks(),
  });
  engines.push(engine);
  await engine.start();
  expect(reads).toBe(2);
  expect(get(engine.status).online).toBe(true);
});
