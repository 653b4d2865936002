/**
 * `npx tsx bench/app-drain.ts [changes] [latencyMs] [check on|off]`: only the in-app drain
 * of `npm run bench` (the app in Chromium through the browser host, no cached worklist),
 * beside a sequential replay of the same size. For quick iterations on the engine; the
 * figures of record come from `npm run bench`.
 */
import { measureDrainChromium, measureSequentialChromium } from './browser-drain';
import { floorOf } from './app-drains';
import { installDrainTrace, whereTimeGoes } from './drain-trace';
import { startRendererSession } from './renderer';

const changes = Number(process.argv[2] ?? 100);
const latencyMs = Number(process.argv[3] ?? 50);
const conflictCheck = (process.argv[4] ?? 'on') === 'on';
/** The view the app shows during the drain: worklist (default), help, pending… */
const view = process.argv[5] ?? 'worklist';

const session = await startRendererSession();
try {
  // CACHED=20000: the drain in a database that also holds that many cached complaints (as in npm run bench).
  const cached = Number(process.env.CACHED ?? 0);
  if (cached > 0) {
    await session.page.evaluate(
      async ({ url, count }) => ((await import(url)) as typeof import('./browser/desk-bench')).seedWorklist(count),
      { url: session.moduleUrl, count: cached },
    );
    await session.page.reload();
    await session.page.getByRole('heading', { name: 'Worklist' }).waitFor();
  }
  await installDrainTrace(session.page);
  await session.page.evaluate((name) => (window.location.hash = `#/${name === 'worklist' ? '' : name}`), view);
  // SEQUENTIAL=0: no sequential replay (the drain alone, for a profile).
  const seq = process.env.SEQUENTIAL === '0' ? { ms: Number.NaN } : await measureSequentialChromium(session.page, session.controlUrl, { changes, perComplaint: 4, latencyMs });
  const cdp = process.env.PROFILE ? await session.page.context().newCDPSession(session.page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const drain = await measureDrainChromium(session.page, session.controlUrl, session.moduleUrl, {
    changes,
    perComplaint: 4,
    concurrency: 8,
    conflictCheck,
    latencyMs,
  });
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    // Self time per function (samples × interval), the top 25.
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const counts = new Map<number, number>();
    for (const id of profile.samples ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) {
      const node = byId.get(id)!;
      const f = node.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + n);
    }
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
    }
  }
  const perChange = drain.requests / drain.changes;
  if (drain.trace) {
    const { lanes, floorMs } = floorOf(drain, latencyMs, 8);
    const w = whereTimeGoes(drain.ms, latencyMs, drain.trace);
    process.stdout.write(
      `${lanes} lanes, floor ${floorMs} ms (${(drain.ms / floorMs).toFixed(2)}×); server ${Math.round(w.serverMs)} ms, IPC ${Math.round(w.ipcMs)} ms, ` +
        `outside calls ${Math.round(w.outsideMs)} ms; IndexedDB writes busy ${Math.round(drain.trace.writeBusyMs)} ms (${drain.trace.writes} tx), ` +
        `reads busy ${Math.round(drain.trace.readBusyMs)} ms ${JSON.stringify(drain.trace.readsByStores)}; main thread ${Math.round(drain.mainThreadMs)} ms; ` +
        `requests ${JSON.stringify(drain.requestKinds)}\n`,
    );
  }
  process.stdout.write(
    `${changes} changes, ${latencyMs} ms latency, check ${conflictCheck ? 'on' : 'off'}, ${view} view: drain ${Math.round(drain.ms)} ms, ` +
      `sequential ${Math.round(seq.ms)} ms (${(seq.ms / drain.ms).toFixed(1)}×), ${drain.requests} requests (${perChange.toFixed(2)} per change)\n`,
  );
} finally {
  await session.close();
}
