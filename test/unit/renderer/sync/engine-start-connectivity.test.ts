/**
 * #13 finding 8: the engine reads connectivity, then subscribes to main's events. An
 * event sent in between (the API came back) must not leave the window saying Offline.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { expect, it } from 'vitest';
import { createLocalLocks } from '../../../../renderer/src/runtime/locks';
import { createFakeDesk, virtualTimers } from '../../../support/fake-desk';
import { useEngineHarness } from '../../../support/engine-harness';

const h = useEngineHarness();

it('connectivity that changed while the engine was starting is picked up', async () => {
  h.openDb();
  const { clock } = h;
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
  const engine = h.engine(fake, {
    getSettings: () => ({ conflictCheck: false, syncConcurrency: 1 }),
    timers: virtualTimers(clock),
    locks: createLocalLocks(),
  });
  await engine.start();
  expect(reads).toBe(2);
  expect(get(engine.status).online).toBe(true);
});
