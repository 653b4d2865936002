/**
 * `npx tsx bench/app-drain.ts [changes] [latencyMs] [check on|off]`: only the in-app drain
 * of `npm run bench` (the app in Chromium through the browser host, no cached worklist),
 * beside a sequential replay of the same size. For quick iterations on the engine; the
 * figures of record come from `npm run bench`.
 */
import { measureDrainChromium, measureSequentialChromium } from './browser-drain';
import { startRendererSession } from './renderer';

const changes = Number(process.argv[2] ?? 100);
const latencyMs = Number(process.argv[3] ?? 50);
const conflictCheck = (process.argv[4] ?? 'on') === 'on';

const session = await startRendererSession();
try {
  const seq = await measureSequentialChromium(session.page, session.controlUrl, { changes, perComplaint: 4, latencyMs });
  const drain = await measureDrainChromium(session.page, session.controlUrl, session.moduleUrl, {
    changes,
    perComplaint: 4,
    concurrency: 8,
    conflictCheck,
    latencyMs,
  });
  const perChange = drain.requests / drain.changes;
  process.stdout.write(
    `${changes} changes, ${latencyMs} ms latency, check ${conflictCheck ? 'on' : 'off'}: drain ${Math.round(drain.ms)} ms, ` +
      `sequential ${Math.round(seq.ms)} ms (${(seq.ms / drain.ms).toFixed(1)}×), ${drain.requests} requests (${perChange.toFixed(2)} per change)\n`,
  );
} finally {
  await session.close();
}
