/**
 * The big worklist's figures in Chromium (the app through the browser host, real
 * IndexedDB), for one renderer build in its own fresh session:
 * - filling the worklist with `complaints` rows while it is on screen, a few rows per
 *   transaction (bench/browser/desk-bench.ts: seedWorklistInSteps; a baseline module
 *   without it fills 2,000 at a time), with a `PerformanceObserver` for long tasks;
 * - first worklist render (navigation start → first row, next frame), per reload;
 * - filter (input event → the list shows the match) for an ID prefix, a customer name
 *   typed without diacritics and an order number, several of each;
 * - enqueue (changeStatus → persisted) with the worklist on screen, one change every
 *   ENQUEUE_GAP_MS;
 * - the page's JS heap after a garbage collection, after the first render and after
 *   scrolling the whole list from top to bottom.
 * Also the first page's bundle: what index.html loads before anything else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { sandboxControl } from './browser-drain';
import { percentiles, type Percentiles } from './enqueue';
import { ENQUEUE_GAP_MS, measureFirstRender, startRendererSession, waitForQuiet, type RendererBuild, type RendererSession } from './renderer';
import { syntheticId } from './synthetic';

type BenchModule = typeof import('./browser/desk-bench');

export interface LongTasks {
  count: number;
  /** Tasks over 100 ms. */
  over100: number;
  maxMs: number;
}

export interface FilterKind {
  kind: string;
  /** An example of what was typed. */
  example: string;
  ms: number[];
}

export interface BigWorklist {
  complaints: number;
  seedMs: number;
  seedLongTasks: LongTasks;
  firstFrame: number[];
  filters: FilterKind[];
  enqueueOnWorklist: Percentiles;
  heapAfterFirstRenderMb: number;
  heapAfterScrollMb: number;
  scrollLongTasks: LongTasks;
}

/** Installed before the app's scripts: every long task of the page, with its start (page clock). */
function observeLongTasks(): void {
  const tasks: Array<{ start: number; duration: number }> = [];
  Object.defineProperty(window, '__deskBenchLongTasks', { value: tasks });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing in this browser: the figure stays empty.
  }
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTasks> {
  return page.evaluate(
    ({ from, to }) => {
      const tasks = (window as unknown as { __deskBenchLongTasks?: Array<{ start: number; duration: number }> }).__deskBenchLongTasks ?? [];
      const inside = tasks.filter((t) => t.start >= from && t.start <= to);
      return {
        count: inside.length,
        over100: inside.filter((t) => t.duration > 100).length,
        maxMs: inside.reduce((max, t) => Math.max(max, t.duration), 0),
      };
    },
    { from, to },
  );
}

const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / (1024 * 1024);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Fills the app's worklist (on screen) with `count` complaints; its time and the long tasks meanwhile. */
async function seed(session: RendererSession, count: number): Promise<{ ms: number; longTasks: LongTasks }> {
  const { page } = session;
  const from = await pageNow(page);
  const ms = await page.evaluate(
    async ({ url, count }) => {
      const module = (await import(url)) as Partial<BenchModule> & Pick<BenchModule, 'seedWorklist'>;
      return module.seedWorklistInSteps ? module.seedWorklistInSteps(count) : module.seedWorklist(count);
    },
    { url: session.moduleUrl, count },
  );
  const to = await pageNow(page);
  return { ms, longTasks: await longTasksBetween(page, from, to) };
}

/** Types `query` into the search box: input event → the list's first row is `expectedId` (ms). */
async function filterOnce(page: Page, query: string, expectedId: string): Promise<number> {
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('');
  await page.waitForTimeout(400); // the full list again, and no burst of typing
  await page.evaluate((expected) => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]');
    const list = document.querySelector('[role="list"][aria-label="Worklist"]');
    if (input === null || list === null) throw new Error('no search box or worklist');
    const state: { inputAt: number | null; shownAt: number | null } = { inputAt: null, shownAt: null };
    (window as unknown as { __deskBenchFilter: typeof state }).__deskBenchFilter = state;
    input.addEventListener('input', (e) => (state.inputAt ??= e.timeStamp), { once: true });
    // No named helper functions in here: tsx would wrap them in a helper the page lacks.
    const observer = new MutationObserver(() => {
      const first = list.querySelector('[role="listitem"]');
      if (state.inputAt === null || first?.textContent?.includes(expected) !== true) return;
      state.shownAt = performance.now();
      observer.disconnect();
    });
    observer.observe(list, { childList: true, subtree: true, characterData: true });
  }, expectedId);
  await box.fill(query);
  await page.waitForFunction(() => (window as unknown as { __deskBenchFilter: { shownAt: number | null } }).__deskBenchFilter.shownAt !== null, undefined, {
    timeout: 30_000,
  });
  return page.evaluate(() => {
    const s = (window as unknown as { __deskBenchFilter: { inputAt: number; shownAt: number } }).__deskBenchFilter;
    return s.shownAt - s.inputAt;
  });
}

/**
 * The three kinds of search, `repeats` of each, on complaints that exist with `complaints`
 * cached (bench/synthetic.ts: ID bench<11 digits>, customer "Zákazník Číslo <i>", order
 * 2026-<6 digits>). The first row shown is the newest match (the smallest i).
 */
export async function measureFilterKinds(session: RendererSession, complaints: number, repeats = 5): Promise<FilterKind[]> {
  const { page } = session;
  const picks = Array.from({ length: repeats }, (_, r) => Math.floor(((r + 1) * complaints) / (repeats + 2)));
  const kinds: Array<{ kind: string; query: (i: number) => string; first: (i: number) => number }> = [
    // The last digit left off: ten complaints match, i0 … i9.
    { kind: 'ID prefix', query: (i) => syntheticId(i - (i % 10)).slice(0, -1), first: (i) => i - (i % 10) },
    // "Číslo" typed as "cislo" (every complaint's), with the number: one (or a few) match.
    { kind: 'customer name, no diacritics', query: (i) => `cislo ${i}`, first: (i) => i },
    { kind: 'order number', query: (i) => `2026-${String(i).padStart(6, '0')}`, first: (i) => i },
  ];
  const results: FilterKind[] = [];
  for (const { kind, query, first } of kinds) {
    const ms: number[] = [];
    for (const i of picks) ms.push(await filterOnce(page, query(i), syntheticId(first(i))));
    results.push({ kind, example: query(picks[0] ?? 0), ms });
  }
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  return results;
}

/** Scrolls the worklist from top to bottom, a screen at a time in big jumps, each drawn (a frame and its rows read). */
async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const viewport = document.querySelector<HTMLElement>('.wl-viewport');
    if (viewport === null) throw new Error('no worklist viewport');
    const steps = 200;
    for (let s = 1; s <= steps; s++) {
      viewport.scrollTop = Math.round(((viewport.scrollHeight - viewport.clientHeight) * s) / steps);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  });
  await page.waitForTimeout(500);
}

/** Every figure above for one build, in its own fresh session (closed at the end). */
export async function measureBigWorklist(build: RendererBuild, complaints: number, o: { reloads: number; log: (text: string) => void }): Promise<BigWorklist> {
  const session = await startRendererSession(build, { initScripts: [observeLongTasks] });
  try {
    const { page } = session;
    o.log(`filling the worklist with ${complaints.toLocaleString('en-US')} complaints (on screen)…`);
    const seeded = await seed(session, complaints);
    await waitForQuiet(session, { timeoutMs: 60_000 });
    o.log('first render…');
    const first = await measureFirstRender(session, o.reloads);
    await waitForQuiet(session, { timeoutMs: 60_000 });
    const heapAfterFirstRenderMb = await heapMb(page);
    o.log('filter…');
    const filters = await measureFilterKinds(session, complaints);
    o.log('enqueue with the worklist on screen…');
    await sandboxControl(session.controlUrl, 'faults', { outage: true });
    const enqueue = await page.evaluate(
      async ({ url, count, gapMs }) => ((await import(url)) as BenchModule).measureEnqueue(count, 40, 5000, gapMs),
      { url: session.moduleUrl, count: complaints, gapMs: ENQUEUE_GAP_MS },
    );
    await page.evaluate(async (url) => ((await import(url)) as BenchModule).discardBenchChanges(), session.moduleUrl);
    await sandboxControl(session.controlUrl, 'faults', { outage: false });
    await waitForQuiet(session, { timeoutMs: 60_000 });
    o.log('full scroll…');
    const from = await pageNow(page);
    await scrollThrough(page);
    const scrollLongTasks = await longTasksBetween(page, from, await pageNow(page));
    const heapAfterScrollMb = await heapMb(page);
    return {
      complaints,
      seedMs: seeded.ms,
      seedLongTasks: seeded.longTasks,
      firstFrame: first.firstFrame,
      filters,
      enqueueOnWorklist: percentiles(enqueue),
      heapAfterFirstRenderMb,
      heapAfterScrollMb,
      scrollLongTasks,
    };
  } finally {
    await session.close();
  }
}

/** What the first page loads before anything else: index.html's scripts, stylesheets and module preloads (gzip -9). */
export function firstPageBundle(rendererDir: string): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of new Set(files)) {
    const body = readFileSync(path.join(rendererDir, file));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: [...new Set(files)], gzipBytes, rawBytes };
}

const ms0 = (ms: number): string => `${Math.round(ms)} ms`;
const ms1 = (ms: number): string => `${ms.toFixed(1)} ms`;
const mb = (value: number): string => `${value.toFixed(0)} MB`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
const tasks = (t: LongTasks): string => `${t.over100} over 100 ms (longest ${ms0(t.maxMs)}, ${t.count} over 50 ms)`;

/** Targets per worklist size: first render, filter p95. */
const TARGETS: Record<number, { firstRenderMs: number; filterP95Ms: number }> = {
  20_000: { firstRenderMs: 200, filterP95Ms: 30 },
  100_000: { firstRenderMs: 300, filterP95Ms: 50 },
};

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The section of the bench's output: each size, sealed beside clear (when measured). */
export function printBigWorklist(
  runs: ReadonlyArray<{ sealed: BigWorklist; clear: BigWorklist | null }>,
  bundle: { sealed: ReturnType<typeof firstPageBundle>; clear: ReturnType<typeof firstPageBundle> | null },
): string {
  const out: string[] = [];
  out.push('BIG WORKLIST — Chromium, browser host, a fresh profile per size and build; the worklist on screen while it fills');
  out.push('(a few rows per transaction), long tasks from a PerformanceObserver; heap = used JS heap after a forced garbage collection.');
  const rows: string[][] = [];
  for (const { sealed, clear } of runs) {
    const n = sealed.complaints.toLocaleString('en-US');
    const target = TARGETS[sealed.complaints];
    const frame = percentiles(sealed.firstFrame).p50;
    const row = (figure: string, s: string, c: string, t: string, ok: boolean | null): void => {
      rows.push([`${n}: ${figure}`, s, c, t, ok === null ? '—' : verdict(ok)]);
    };
    row(
      `first render, median of ${sealed.firstFrame.length} reloads`,
      `${ms0(frame)} (${sealed.firstFrame.map(ms0).join(', ')})`,
      clear ? `${ms0(percentiles(clear.firstFrame).p50)} (${clear.firstFrame.map(ms0).join(', ')})` : '—',
      target ? `< ${target.firstRenderMs} ms` : '—',
      target ? frame < target.firstRenderMs : null,
    );
    sealed.filters.forEach((f, i) => {
      const p = percentiles(f.ms);
      const c = clear?.filters[i];
      row(
        `filter p95, ${f.kind} ("${f.example}", ${f.ms.length}×)`,
        `${ms1(p.p95)} (p50 ${ms1(p.p50)})`,
        c ? `${ms1(percentiles(c.ms).p95)} (p50 ${ms1(percentiles(c.ms).p50)})` : '—',
        target ? `< ${target.filterP95Ms} ms` : '—',
        target ? p.p95 < target.filterP95Ms : null,
      );
    });
    const e = sealed.enqueueOnWorklist;
    row(
      `enqueue p95, worklist on screen, one change every ${ENQUEUE_GAP_MS} ms (${e.samples})`,
      `${ms1(e.p95)} (p50 ${ms1(e.p50)})`,
      clear ? `${ms1(clear.enqueueOnWorklist.p95)} (p50 ${ms1(clear.enqueueOnWorklist.p50)})` : '—',
      '< 16 ms',
      e.p95 < 16,
    );
    row('JS heap after the first render', mb(sealed.heapAfterFirstRenderMb), clear ? mb(clear.heapAfterFirstRenderMb) : '—', '< 200 MB', sealed.heapAfterFirstRenderMb < 200);
    row('JS heap after scrolling the whole list', mb(sealed.heapAfterScrollMb), clear ? mb(clear.heapAfterScrollMb) : '—', '< 200 MB', sealed.heapAfterScrollMb < 200);
    row(`filling ${n}: time`, ms0(sealed.seedMs), clear ? ms0(clear.seedMs) : '—', '—', null);
    row('  long tasks while filling', tasks(sealed.seedLongTasks), clear ? tasks(clear.seedLongTasks) : '—', 'none over 100 ms', sealed.seedLongTasks.over100 === 0);
    row('  long tasks while scrolling', tasks(sealed.scrollLongTasks), clear ? tasks(clear.scrollLongTasks) : '—', 'none over 100 ms', sealed.scrollLongTasks.over100 === 0);
  }
  out.push(table(['figure', 'sealed (this checkout)', 'clear baseline', 'target', 'result'], rows));
  out.push('');
  out.push(
    `FIRST PAGE — what index.html loads before the worklist shows (gzip -9): ${kb(bundle.sealed.gzipBytes)} (raw ${kb(bundle.sealed.rawBytes)}; ` +
      `${bundle.sealed.files.join(', ')})${bundle.clear ? `; clear baseline ${kb(bundle.clear.gzipBytes)}` : ''}; target < 120 KB: ${verdict(bundle.sealed.gzipBytes < 120 * 1024)}`,
  );
  return out.join('\n');
}
