/**
 * The renderer in Debian's Chromium (Playwright), served by the real browser host from a
 * fresh build in a temporary folder, with a fresh user-data folder:
 * - time to first worklist render with 20,000 cached complaints (navigation start → the
 *   first row of the `Worklist` list in the DOM, and the frame after it);
 * - filter latency (an `input` event in the search box → the list shows the match);
 * - `changeStatus` to persisted in Chromium's IndexedDB, with 20,000 complaints;
 * - the gzipped size of the renderer bundle (assets/*.js + *.css).
 * The seeding/enqueue module is bundled into the temporary copy only (never into the app).
 * A baseline build (buildBaselineRendererCopy) is the renderer of an earlier commit, built
 * from a temporary git worktree of it, with that commit's own bench module.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { sandboxControl } from './browser-drain';
import { percentiles, type Percentiles } from './enqueue';
import { syntheticId } from './synthetic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_MODULE_URL = '/__bench/desk-bench.js';
/** Between two changes of the enqueue figure: a brisk agent, a few clicks a second. */
export const ENQUEUE_GAP_MS = 150;
type BenchModule = typeof import('./browser/desk-bench');

export interface RendererResult {
  buildMs: number;
  bundle: { files: number; rawBytes: number; gzipBytes: number };
  seedMs: number;
  /** Navigation start → first worklist row in the DOM / the next frame, per reload (ms). */
  firstRow: number[];
  firstFrame: number[];
  /** Where the first render's time goes (medians): DOMContentLoaded, the app's shell (first heading). */
  domContentLoaded: number;
  shell: number;
  filterMs: number[];
  /** On the complaint's detail view, where the agent changes a status, one change every ENQUEUE_GAP_MS. */
  enqueue: Percentiles;
  /** The same, back to back (each change meets the previous one's live queries still running). */
  enqueueBackToBack: Percentiles;
  /** Back to back while the 20,000-complaint worklist is on screen. */
  enqueueOnWorklist: Percentiles;
}

/** `source`: the checkout whose renderer (and bench/browser/desk-bench.ts) is built; this one by default. */
export async function buildRenderer(outDir: string, source = ROOT): Promise<number> {
  const started = performance.now();
  await viteBuild({
    configFile: path.join(source, 'vite.config.ts'),
    root: path.join(source, 'renderer'),
    logLevel: 'warn',
    // PROFILE=1: readable function names in the profile (bench/app-drain.ts).
    build: { outDir, emptyOutDir: true, minify: !process.env.PROFILE },
  });
  await esbuild({
    entryPoints: [path.join(source, 'bench', 'browser', 'desk-bench.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outfile: path.join(outDir, BENCH_MODULE_URL),
    logLevel: 'warning',
  });
  return performance.now() - started;
}

export function bundleSize(outDir: string): RendererResult['bundle'] {
  const assets = path.join(outDir, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const body = readFileSync(path.join(assets, f));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, rawBytes, gzipBytes };
}

interface Host {
  url: string;
  /** The in-process sandbox's control listener. */
  controlUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startHost(rendererDir: string, userDataDir: string): Promise<Host> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/browser-host/cli.ts', '--port', '0', '--renderer-dir', rendererDir, '--sandbox-control'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DESK_USER_DATA_DIR: userDataDir,
        DESK_KEYCHAIN_SERVICE: `BizKitHub Complaints Desk bench ${process.pid}-${Date.now()}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // If the bench dies, the host goes too (tsx passes SIGTERM on to the host it runs).
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', () => {
      const m = /ready: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited (${code}):\n${out}`));
    });
  });
  const control = /\(control: (http:\/\/127\.0\.0\.1:\d+)\)/.exec(out);
  if (!control?.[1]) throw new Error(`the browser host did not start a sandbox:\n${out}`);
  return {
    url,
    controlUrl: control[1],
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Installed before the app's scripts on every navigation: notes when the first worklist row appears. */
function watchFirstRow(): void {
  const state: { firstRowAt: number | null; firstFrameAt: number | null; shellAt: number | null } = {
    firstRowAt: null,
    firstFrameAt: null,
    shellAt: null,
  };
  Object.defineProperty(window, '__deskBenchFirstRow', { value: state });
  const observer = new MutationObserver(() => {
    if (state.shellAt === null && document.querySelector('h1') !== null) state.shellAt = performance.now();
    if (state.firstRowAt !== null) return;
    if (document.querySelector('[role="list"][aria-label="Worklist"] [role="listitem"]') === null) return;
    state.firstRowAt = performance.now();
    requestAnimationFrame(() => (state.firstFrameAt = performance.now()));
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function firstRowTimes(page: Page): Promise<{ row: number; frame: number; shell: number; dcl: number }> {
  await page.waitForFunction(() => {
    const s = (window as unknown as { __deskBenchFirstRow?: { firstFrameAt: number | null } }).__deskBenchFirstRow;
    return s !== undefined && s.firstFrameAt !== null;
  }, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const s = (window as unknown as { __deskBenchFirstRow: { firstRowAt: number; firstFrameAt: number; shellAt: number | null } })
      .__deskBenchFirstRow;
    const nav = (globalThis as unknown as Window).performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    // performance.now() counts from the navigation's time origin (navigation start).
    return { row: s.firstRowAt, frame: s.firstFrameAt, shell: s.shellAt ?? Number.NaN, dcl: nav?.domContentLoadedEventEnd ?? Number.NaN };
  });
}

/** Types `query` into the search box; resolves with input event → the list's first row is `expectedId`. */
async function filterOnce(page: Page, query: string, expectedId: string): Promise<number> {
  await page.evaluate((expected) => {
    const box = document.querySelector<HTMLInputElement>('input[type="search"]');
    const list = document.querySelector('[role="list"][aria-label="Worklist"]');
    if (box === null || list === null) throw new Error('no search box or worklist');
    const state: { inputAt: number | null; shownAt: number | null } = { inputAt: null, shownAt: null };
    (window as unknown as { __deskBenchFilter: typeof state }).__deskBenchFilter = state;
    box.addEventListener('input', (e) => (state.inputAt ??= e.timeStamp), { once: true });
    const observer = new MutationObserver(() => {
      const first = list.querySelector('[role="listitem"]');
      if (state.inputAt !== null && first?.textContent?.includes(expected) === true) {
        state.shownAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(list, { childList: true, subtree: true, characterData: true });
  }, expectedId);
  await page.getByRole('searchbox', { name: 'Search' }).fill(query);
  await page.waitForFunction(() => (window as unknown as { __deskBenchFilter: { shownAt: number | null } }).__deskBenchFilter.shownAt !== null, undefined, {
    timeout: 30_000,
  });
  return page.evaluate(() => {
    const s = (window as unknown as { __deskBenchFilter: { inputAt: number; shownAt: number } }).__deskBenchFilter;
    return s.shownAt - s.inputAt;
  });
}

export interface RendererSession {
  page: Page;
  controlUrl: string;
  moduleUrl: string;
  buildMs: number;
  bundle: RendererResult['bundle'];
  close(): Promise<void>;
}

export interface RendererBuild {
  dir: string;
  buildMs: number;
  /** The commit it was built from, when not this checkout (a baseline). */
  rev?: string;
  remove(): void;
}

/** The renderer (and the bench's page module) built into a temporary folder. CPU-heavy: run it alone. */
export async function buildRendererCopy(): Promise<RendererBuild> {
  const work = mkdtempSync(path.join(tmpdir(), 'desk-bench-renderer-'));
  const dir = path.join(work, 'renderer');
  const buildMs = await buildRenderer(dir);
  return { dir, buildMs, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/**
 * The renderer of commit `rev` (and that commit's own bench page module, which matches its
 * data/ modules), built from a temporary `git worktree add --detach` of it whose
 * node_modules is this checkout's. The worktree is removed as soon as the build is done,
 * also when it fails or the process is interrupted meanwhile; the built copy stays until
 * `remove()`. Served later by this checkout's browser host.
 */
export async function buildBaselineRendererCopy(rev: string): Promise<RendererBuild> {
  const git = (...args: string[]): string => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  } catch {
    throw new Error(`the clear baseline ${rev} is not a commit of ${ROOT} (npm run bench -- --no-baseline skips it, --baseline=<rev> picks another)`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'desk-bench-baseline-'));
  const source = path.join(work, 'source');
  const dir = path.join(work, 'renderer');
  let added = false;
  const removeWorktree = (): void => {
    if (!added) return;
    added = false;
    try {
      git('worktree', 'remove', '--force', source);
    } catch {
      rmSync(source, { recursive: true, force: true });
      try {
        git('worktree', 'prune');
      } catch {
        // Best effort: `git worktree prune` later clears the entry of a folder that is gone.
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeWorktree();
    rmSync(work, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    git('worktree', 'add', '--detach', source, commit);
    added = true;
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const buildMs = await buildRenderer(dir, source);
    return { dir, buildMs, rev: commit, remove: () => rmSync(work, { recursive: true, force: true }) };
  } catch (cause) {
    removeWorktree();
    rmSync(work, { recursive: true, force: true });
    throw cause;
  } finally {
    removeWorktree();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The browser host serving a renderer build (fresh user data), Chromium on it. */
export async function startRendererSession(build?: RendererBuild, o: { initScripts?: ReadonlyArray<() => void> } = {}): Promise<RendererSession> {
  const own = build ?? (await buildRendererCopy());
  const work = mkdtempSync(path.join(tmpdir(), 'desk-bench-profile-'));
  const rendererDir = own.dir;
  const userDataDir = path.join(work, 'user-data');
  const buildMs = own.buildMs;
  const bundle = bundleSize(rendererDir);
  const host = await startHost(rendererDir, userDataDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await context.addInitScript(watchFirstRow);
  for (const script of o.initScripts ?? []) await context.addInitScript(script);
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Worklist' }).waitFor();
  return {
    page,
    controlUrl: host.controlUrl,
    moduleUrl: BENCH_MODULE_URL,
    buildMs,
    bundle,
    async close() {
      await browser.close();
      await host.stop();
      rmSync(work, { recursive: true, force: true });
      if (build === undefined) own.remove();
    },
  };
}

/**
 * Waits until the page's main thread is quiet: less than `maxBusyMs` of task time in the
 * last `windowMs` (Chromium's own TaskDuration metric). After a start the app goes on
 * working once the worklist shows (the background refresh's first round reads every cached
 * complaint, which the sealed app also opens): measured apps must not run that beside the
 * next figure, their own or the other app's. Resolves with the time it waited (ms).
 */
export async function waitForQuiet(session: RendererSession, o: { windowMs?: number; maxBusyMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const windowMs = o.windowMs ?? 500;
  const maxBusyMs = o.maxBusyMs ?? 25;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const cdp = await session.page.context().newCDPSession(session.page);
  const started = performance.now();
  try {
    await cdp.send('Performance.enable');
    const busy = async (): Promise<number> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    };
    let before = await busy();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const now = await busy();
      if (now - before < maxBusyMs || performance.now() - started > timeoutMs) break;
      before = now;
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  return performance.now() - started;
}

/** Puts `complaints` cached complaints into the app's database (the module's own way: sealed or not); its time (ms). */
export function seedRenderer(session: RendererSession, complaints: number): Promise<number> {
  return session.page.evaluate(async ({ url, count }) => ((await import(url)) as BenchModule).seedWorklist(count), {
    url: session.moduleUrl,
    count: complaints,
  });
}

export type FirstRender = Pick<RendererResult, 'firstRow' | 'firstFrame' | 'domContentLoaded' | 'shell'>;

/** `reloads` reloads of the app (its worklist on screen): navigation start → first row / next frame. */
export async function measureFirstRender(session: RendererSession, reloads: number): Promise<FirstRender> {
  const { page } = session;
  const firstRow: number[] = [];
  const firstFrame: number[] = [];
  const shell: number[] = [];
  const dcl: number[] = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload();
    const t = await firstRowTimes(page);
    firstRow.push(t.row);
    firstFrame.push(t.frame);
    shell.push(t.shell);
    dcl.push(t.dcl);
  }
  return { firstRow, firstFrame, domContentLoaded: percentiles(dcl).p50, shell: percentiles(shell).p50 };
}

/** Three searches on the worklist (on screen): input event → the match shown, each (ms). */
export async function measureFilter(session: RendererSession): Promise<number[]> {
  const { page } = session;
  const filterMs: number[] = [];
  for (const i of [12_345, 777, 19_001]) {
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.waitForTimeout(400); // the full list again
    filterMs.push(await filterOnce(page, `customer${i}@`, syntheticId(i)));
  }
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  return filterMs;
}

export type EnqueueFigures = Pick<RendererResult, 'enqueue' | 'enqueueBackToBack' | 'enqueueOnWorklist'>;

/**
 * The enqueue figures, starting on the worklist (on screen), ending on a complaint's view
 * (where the later drains run). The changes are thrown away afterwards, never sent.
 */
export async function measureEnqueueFigures(session: RendererSession, complaints: number, samples: number): Promise<EnqueueFigures> {
  const { page } = session;
  // The agent works offline (nothing is sent meanwhile): the server is unreachable.
  await sandboxControl(session.controlUrl, 'faults', { outage: true });
  const enqueue = (count: number, from: number, gapMs: number) =>
    page.evaluate(
      async ({ url, count, samples, from, gapMs }) => ((await import(url)) as BenchModule).measureEnqueue(count, samples, from, gapMs),
      { url: session.moduleUrl, count: complaints, samples: count, from, gapMs },
    );
  const onWorklist = await enqueue(30, 0, 0);
  // Where the agent changes a status: the complaint's own view (the worklist is not on screen).
  await page.evaluate((id) => (location.hash = `#/complaint/${id}`), syntheticId(1));
  await page.getByRole('combobox', { name: 'Status', exact: true }).waitFor();
  const onDetail = await enqueue(samples, 1000, ENQUEUE_GAP_MS);
  const backToBack = await enqueue(samples, 3000, 0);
  // Those changes were never meant to be sent: gone before the server is back.
  await page.evaluate(async (url) => ((await import(url)) as BenchModule).discardBenchChanges(), session.moduleUrl);
  await sandboxControl(session.controlUrl, 'faults', { outage: false });
  return { enqueue: percentiles(onDetail), enqueueBackToBack: percentiles(backToBack), enqueueOnWorklist: percentiles(onWorklist) };
}

/** First render, filter and enqueue with `complaints` cached complaints (seeded into the app's database). */
export async function measureRenderer(
  session: RendererSession,
  o: { complaints: number; reloads: number; enqueueSamples: number },
): Promise<Omit<RendererResult, 'buildMs' | 'bundle'>> {
  const seedMs = await seedRenderer(session, o.complaints);
  const first = await measureFirstRender(session, o.reloads);
  const filterMs = await measureFilter(session);
  const enqueue = await measureEnqueueFigures(session, o.complaints, o.enqueueSamples);
  return { seedMs, ...first, filterMs, ...enqueue };
}
