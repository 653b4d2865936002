/**
 * `npm run bench` (= `tsx bench/run.ts`): the performance figures the README reports, all in one run
 * (so ratios are comparable), printed as a table with the targets, PASS/MISS.
 * Figures are printed, never asserted (tests assert behaviour, not speed).
 *
 * Against the sandbox on loopback with 50 ms added to every API request:
 *   drain      a queue built offline, from "network back" to every change confirmed, with
 *              the conflict check on and off, beside a sequential one-at-a-time replay
 *              of the same queue (how Workbox Background Sync replays) and the floor;
 *   reconnect  server back → first change confirmed: the OS reports it / the server alone;
 *   enqueue    changeStatus → persisted, with 20,000 cached complaints (Node and Chromium);
 *   renderer   first worklist render and filter latency at 20,000 complaints, bundle size.
 *
 * Sealed beside clear (#22): the Chromium figures (first render, filter, enqueue, the in-app
 * drains) are measured twice in the same run, on this checkout's renderer (personal data
 * sealed at rest) and on the renderer as it was just before sealing (CLEAR_BASELINE_REV,
 * built from a temporary git worktree, served by this checkout's browser host), each in its
 * own Chromium with a fresh profile, alternating step by step, and printed side by side with
 * the ratio sealed ÷ clear. Seeding the 20,000 complaints is not part of any figure.
 *
 * Phases: the two renderer builds, alone; the Node drains and enqueue, alone (CPU-bound);
 * then the 1,000-change sequential replay (50 s of waiting on the network) and the reconnect
 * runs (waiting on timers) side by side with starting both apps in Chromium and seeding
 * their 20,000 complaints; then, alone, first render, filter and enqueue, alternating
 * sealed / clear; then the drains in the app, alone, alternating sealed / clear.
 * The sequential replay's per-request time is printed for both phases so any slowdown
 * from running beside Chromium shows.
 *
 * Then, alone, the big worklist (bench/worklist-big.ts): 20,000 and 100,000 cached complaints
 * filled while the worklist is on screen (long tasks observed), first render, filter by ID
 * prefix / customer name / order number, enqueue with the worklist on screen, heap; each build
 * in a fresh session of its own; and the first page's bundle.
 *
 * Options: --quick (100-change drains only, no 1,000; for a smoke run); --no-baseline (this
 * checkout's renderer only, no clear column); --baseline=<rev> (another clear baseline);
 * --drain-only (the apps started and seeded, then only the drains in the app: ./app-drains.ts);
 * --drain-runs=<n> (runs of each in-app drain, 3 by default; its median is printed).
 * --only=worklist (the builds and the big worklist's phase only); --big=<n,…> (its sizes).
 *
 * This file is the orchestration: the phases in their order. What they run under is
 * ./setup.ts; the printed report is ./report.ts.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { measureAppDrains, type AppDrain } from './app-drains';
import { measureBudgetDrain } from './budget';
import { measureDrain, measureSequential, type DrainResult } from './drain';
import { measureEnqueueNode, median } from './enqueue';
import { startBenchSandbox, startMainSide } from './node-stack';
import { reconnectServerAlone, reconnectViaMainPoll, reconnectViaWindowEvent } from './reconnect';
import { printDrainsOnlyReport, printReport } from './report';
import {
  buildBaselineRendererCopy,
  buildRendererCopy,
  measureEnqueueFigures,
  measureFilter,
  measureFirstRender,
  seedRenderer,
  startRendererSession,
  type EnqueueFigures,
  type FirstRender,
  type RendererBuild,
  type RendererResult,
  type RendererSession,
  waitForQuiet,
} from './renderer';
import { BUDGET, CACHED, CONCURRENCY, LATENCY_MS, PER_COMPLAINT, RELOADS, SERVER_OUTAGE_MS } from './setup';
import { firstPageBundle, measureBigWorklist, printBigWorklist, type BigWorklist } from './worklist-big';

/**
 * The clear baseline: the last commit before personal data was sealed at rest, i.e. the
 * first parent (`^1`) of the merge commit 2d2ebae "Merge #22 part: personal data sealed at
 * rest in data/ (AES-256-GCM DBCore middleware, keyed search tokens, …)"; itself
 * "Integration: with no D-Bus, replacing the data key makes a new memory key". Its renderer
 * already has the data-key IPC of the host (it just does not call getDataKey) and stores
 * everything in clear. Pinned here rather than looked up by that subject at run time: a
 * later merge of another #22 part could reuse the words, and a pinned commit is what every
 * run compares against, named in the output.
 */
export const CLEAR_BASELINE_REV = '67ddf4e04361f40240045012605c50c1b6457868';

const quick = process.argv.includes('--quick');
const noBaseline = process.argv.includes('--no-baseline');
const baselineRev = process.argv.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length) ?? CLEAR_BASELINE_REV;
const sizes = quick ? [100] : [100, 1000];
const drainOnly = process.argv.includes('--drain-only');
const drainRuns = Math.max(1, Number(process.argv.find((a) => a.startsWith('--drain-runs='))?.slice('--drain-runs='.length) ?? 3) || 3);
const onlyWorklist = process.argv.includes('--only=worklist');
const bigSizes = (process.argv.find((a) => a.startsWith('--big='))?.slice('--big='.length) ?? '20000,100000').split(',').map(Number);
const ENQUEUE_SAMPLES = 100;

const log = (text: string): void => {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${text}\n`);
};
const startedAt = performance.now();

/** Closed in reverse order at the end, also when a measurement fails. */
const cleanups: Array<() => unknown> = [];

/** One renderer build in its own Chromium: the sealed one (this checkout) or the clear baseline. */
interface Side {
  name: 'sealed' | 'clear';
  build: RendererBuild;
  session?: RendererSession;
  seedMs: number;
  first: FirstRender[];
  filterMs: number[];
  enqueue?: EnqueueFigures;
  appDrains: AppDrain[];
}

/**
 * Runs `step` on each side in turn (sealed first, or clear first when `reversed`), for the
 * same machine state: before each step every app's page is quiet (waitForQuiet), so neither
 * measures beside work the other (or its own start) left running.
 */
async function eachSide(
  sides: readonly Side[],
  what: string,
  step: (side: Side, session: RendererSession) => Promise<void>,
  reversed = false,
): Promise<void> {
  for (const side of reversed ? [...sides].reverse() : sides) {
    for (const other of sides) await waitForQuiet(other.session!);
    log(`renderer (${side.name}): ${what}…`);
    await step(side, side.session!);
  }
}

function rendererResult(side: Side): RendererResult {
  const first = side.first;
  return {
    buildMs: side.build.buildMs,
    bundle: side.session!.bundle,
    seedMs: side.seedMs,
    firstRow: first.flatMap((f) => f.firstRow),
    firstFrame: first.flatMap((f) => f.firstFrame),
    domContentLoaded: median(first.map((f) => f.domContentLoaded)),
    shell: median(first.map((f) => f.shell)),
    filterMs: side.filterMs,
    ...side.enqueue!,
  };
}

/**
 * The drains in the app, alone (the engines of phase B under Node took CPU from Chromium: a
 * drain beside them measured up to 1.7× slower): the app's own engine in the page (20,000
 * complaints cached), through the host's IPC, beside a sequential replay of the same size in
 * the same page; each step on the sealed app, then on the clear one.
 */
function measureSides(sides: Side[]): Promise<void> {
  return measureAppDrains(sides, {
    sizes,
    runs: drainRuns,
    perComplaint: PER_COMPLAINT,
    concurrency: CONCURRENCY,
    latencyMs: LATENCY_MS,
    eachSide: (what, step, reversed) => eachSide(sides, what, (side, session) => step(side, session), reversed),
  });
}

async function main(): Promise<void> {
  // --- phase 0: the renderer builds (CPU-heavy, in this process: alone) ---------------
  log('renderer build (vite) into a temporary folder…');
  const build = await buildRendererCopy();
  cleanups.push(() => build.remove());
  const sides: Side[] = [{ name: 'sealed', build, seedMs: 0, first: [], filterMs: [], appDrains: [] }];
  if (!noBaseline) {
    log(`clear baseline: renderer of ${baselineRev.slice(0, 10)} (git worktree, vite) into a temporary folder…`);
    const baseline = await buildBaselineRendererCopy(baselineRev);
    cleanups.push(() => baseline.remove());
    sides.push({ name: 'clear', build: baseline, seedMs: 0, first: [], filterMs: [], appDrains: [] });
  }

  if (drainOnly) {
    for (const side of sides) {
      log(`renderer (${side.name}): browser host, Chromium, seeding ${CACHED.toLocaleString('en-US')} cached complaints…`);
      const session = await startRendererSession(side.build);
      cleanups.push(() => session.close());
      side.session = session;
      side.seedMs = await seedRenderer(session, CACHED);
    }
    await measureSides(sides);
    printDrainsOnlyReport(sides[0]!.appDrains, sides[1] ? { rev: sides[1].build.rev ?? baselineRev, appDrains: sides[1].appDrains } : null, startedAt);
    return;
  }
  if (onlyWorklist) {
    process.stdout.write(`${await bigWorklistPhase(sides)}\n`);
    return;
  }

  // --- phase A: drains and the Node enqueue, alone -----------------------------------
  const sandbox = await startBenchSandbox(LATENCY_MS);
  cleanups.push(() => sandbox.close());
  const main = await startMainSide(sandbox);
  cleanups.push(() => main.dispose());
  const drains: DrainResult[] = [];
  const sequential = new Map<number, { ms: number; phase: string }>();
  for (const changes of sizes) {
    for (const conflictCheck of [true, false]) {
      log(`drain ${changes}, conflict check ${conflictCheck ? 'on' : 'off'}…`);
      drains.push(await measureDrain(sandbox, main, { changes, perComplaint: PER_COMPLAINT, concurrency: CONCURRENCY, conflictCheck, latencyMs: LATENCY_MS }));
    }
  }
  log('sequential replay of 100…');
  sequential.set(100, { ms: (await measureSequential(sandbox, main, { changes: 100, perComplaint: PER_COMPLAINT })).ms, phase: 'alone' });
  log('enqueue under Node (fake-indexeddb), 20,000 cached…');
  const enqueueNode = await measureEnqueueNode(CACHED, 200);

  // --- phase B: side by side (network- and timer-bound), and the apps started and seeded
  // (seeding is in no figure: sealed it takes about 5× as long as clear) ---------------
  const reconnectSandbox = await startBenchSandbox(LATENCY_MS);
  cleanups.push(() => reconnectSandbox.close());
  const reconnectMain = await startMainSide(reconnectSandbox);
  cleanups.push(() => reconnectMain.dispose());
  const replay1000 = quick
    ? Promise.resolve(null)
    : (async () => {
        log('sequential replay of 1,000 (beside the rest)…');
        return (await measureSequential(sandbox, main, { changes: 1000, perComplaint: PER_COMPLAINT })).ms;
      })();
  const reconnect = (async () => {
    const viaMain: number[] = [];
    for (let i = 0; i < 3; i++) {
      log(`reconnect, OS reports the network back (main's poll) #${i + 1}…`);
      viaMain.push((await reconnectViaMainPoll(reconnectSandbox, reconnectMain)).ms);
    }
    log('reconnect, window online event…');
    const viaWindow = (await reconnectViaWindowEvent(reconnectSandbox, reconnectMain)).ms;
    log(`reconnect, server back on its own after ${SERVER_OUTAGE_MS / 1000} s…`);
    const alone = (await reconnectServerAlone(reconnectSandbox, reconnectMain, SERVER_OUTAGE_MS)).ms;
    return { viaMain, viaWindow, alone };
  })();
  const seeded = (async () => {
    for (const side of sides) {
      log(`renderer (${side.name}): browser host, Chromium…`);
      const session = await startRendererSession(side.build);
      cleanups.push(() => session.close());
      side.session = session;
      log(`renderer (${side.name}): seeding ${CACHED.toLocaleString('en-US')} cached complaints…`);
      side.seedMs = await seedRenderer(session, CACHED);
    }
  })();
  const [seq1000, rc] = await Promise.all([replay1000, reconnect, seeded]);

  // --- phase B2: first render, filter and enqueue in Chromium, alone, sealed / clear in turn
  for (let i = 0; i < RELOADS; i++) {
    // Sealed first, then clear first, … (ABA): neither always runs right after the other.
    await eachSide(
      sides,
      `first worklist render, reload ${i + 1} of ${RELOADS}`,
      async (side, session) => {
        side.first.push(await measureFirstRender(session, 1));
      },
      i % 2 === 1,
    );
  }
  await eachSide(sides, 'filter', async (side, session) => {
    side.filterMs = await measureFilter(session);
  });
  await eachSide(sides, 'enqueue', async (side, session) => {
    side.enqueue = await measureEnqueueFigures(session, CACHED, ENQUEUE_SAMPLES);
  });

  // --- phase C: the drains in the app, alone (the engines of phase B under Node took CPU
  // from Chromium: a drain beside them measured up to 1.7× slower) --------------------
  await measureSides(sides);
  const sealed = sides[0]!;
  log(`renderer (sealed): rate-budget drain, ${BUDGET.changes} changes at ${BUDGET.limit} requests per ${BUDGET.windowMs / 1000} s…`);
  const budget = await measureBudgetDrain(sealed.session!, { ...BUDGET, conflictCheck: false });
  if (seq1000 !== null) sequential.set(1000, { ms: seq1000, phase: 'beside phase B' });

  for (const side of sides) await side.session?.close();
  const big = await bigWorklistPhase(sides);

  const clear = sides[1];
  printReport({
    drains,
    sequential,
    enqueueNode,
    reconnect: rc,
    renderer: rendererResult(sealed),
    appDrains: sealed.appDrains,
    budget,
    clear: clear ? { rev: clear.build.rev ?? baselineRev, renderer: rendererResult(clear), appDrains: clear.appDrains } : null,
    big,
    startedAt,
  });
}


/** The big worklist (bench/worklist-big.ts), alone: per size, the sealed build then the clear one, each in a fresh session. */
async function bigWorklistPhase(sides: readonly Side[]): Promise<string> {
  const runs: Array<{ sealed: BigWorklist; clear: BigWorklist | null }> = [];
  for (const complaints of bigSizes) {
    const [sealed, clear] = [sides[0]!, sides[1]];
    const measure = (side: Side): Promise<BigWorklist> =>
      measureBigWorklist(side.build, complaints, { reloads: RELOADS, log: (text) => log(`big worklist (${side.name}, ${complaints.toLocaleString('en-US')}): ${text}`) });
    runs.push({ sealed: await measure(sealed), clear: clear ? await measure(clear) : null });
  }
  return printBigWorklist(runs, { sealed: firstPageBundle(sides[0]!.build.dir), clear: sides[1] ? firstPageBundle(sides[1].build.dir) : null });
}


async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try {
      await step();
    } catch {
      // Best effort: the rest still gets closed.
    }
  }
}

main()
  .then(cleanUp)
  .catch(async (cause: unknown) => {
    process.stderr.write(`bench failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    await cleanUp();
    process.exit(1);
  });
