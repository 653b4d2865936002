/**
 * The printed report of `npm run bench` (./run.ts runs the measurements and hands their
 * figures here): the tables with the targets, PASS/MISS, the sealed and clear columns side
 * by side. Apart from run.ts so that the orchestration reads as the order of the phases and
 * the wording of the report can change without touching how anything is measured.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { appDrainSection, drainVerdict, type AppDrain } from './app-drains';
import { budgetFloorMs, type BudgetDrain } from './budget';
import type { DrainResult } from './drain';
import { median, type Percentiles } from './enqueue';
import { ENQUEUE_GAP_MS, type RendererResult } from './renderer';
import { BUDGET, CACHED, CONCURRENCY, LATENCY_MS, PER_COMPLAINT, RELOADS, SERVER_OUTAGE_MS } from './setup';

/** #22: first render and filter with sealing within 10 % of clear. */
const WITHIN = 1.1;

const s = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ms1 = (ms: number): string => `${ms.toFixed(1)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** --drain-only: the header and the drains. */
export function printDrainsOnlyReport(sealed: readonly AppDrain[], clear: { rev: string; appDrains: AppDrain[] } | null, startedAt: number): void {
  const out = [
    `BizKitHub Complaints Desk — npm run bench -- --drain-only — ${new Date().toISOString()}`,
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${LATENCY_MS} ms added to every API request; syncConcurrency ${CONCURRENCY}; ${CACHED.toLocaleString('en-US')} cached complaints.`,
    `Renderer "sealed": this checkout; "clear": ${clear ? clear.rev.slice(0, 10) : '(none, --no-baseline)'}.`,
    '',
    ...appDrainSection(sealed, clear?.appDrains ?? null, { perComplaint: PER_COMPLAINT, latencyMs: LATENCY_MS, concurrency: CONCURRENCY }),
    `Total ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

export function printReport(r: {
  drains: DrainResult[];
  sequential: Map<number, { ms: number; phase: string }>;
  enqueueNode: Percentiles & { seedMs: number };
  reconnect: { viaMain: number[]; viaWindow: number; alone: number };
  renderer: RendererResult;
  appDrains: AppDrain[];
  budget: BudgetDrain;
  /** The clear baseline's figures (null with --no-baseline). */
  clear: { rev: string; renderer: RendererResult; appDrains: AppDrain[] } | null;
  /** The big worklist's section (bench/worklist-big.ts). */
  big: string;
  /** When the run started (performance.now()), for the total. */
  startedAt: number;
}): void {
  const out: string[] = [];
  const c = r.clear;
  const gitLine = (rev: string): string => {
    try {
      return execFileSync('git', ['log', '-1', '--format=%h %s', rev], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return rev.slice(0, 10);
    }
  };
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  out.push(`BizKitHub Complaints Desk — npm run bench — ${new Date().toISOString()}`);
  out.push(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), load average ${load}; Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`);
  out.push(`Sandbox on 127.0.0.1, ${LATENCY_MS} ms added to every API request. Engine: production code and delays, syncConcurrency ${CONCURRENCY}.`);
  out.push(`Renderer "sealed": this checkout (${gitLine('HEAD')}), personal data sealed at rest.`);
  out.push(
    c
      ? `Renderer "clear": the one before sealing, ${gitLine(c.rev)}, the same browser host; each app in its own Chromium, measured in turn.`
      : 'No clear baseline (--no-baseline).',
  );
  out.push('');

  out.push(...appDrainSection(r.appDrains, c?.appDrains ?? null, { perComplaint: PER_COMPLAINT, latencyMs: LATENCY_MS, concurrency: CONCURRENCY }));
  const floor = budgetFloorMs(r.budget.budgeted, BUDGET.limit, BUDGET.windowMs);
  out.push(`RATE BUDGET IN THE APP — the sandbox allows ${BUDGET.limit} requests per sliding ${BUDGET.windowMs / 1000} s window (the Free plan's burst, its`);
  out.push('hour scaled down); a queue several windows long, check off. Floor = a full window at once, then each slot as it frees.');
  out.push(
    table(
      ['changes', 'drain', 'requests', '429 answers', 'target', 'floor', 'over floor', 'target', 'result'],
      [
        [
          String(BUDGET.changes),
          s(r.budget.ms),
          String(r.budget.requests),
          String(r.budget.rateLimited),
          '0',
          s(floor),
          `${((r.budget.ms / floor - 1) * 100).toFixed(1)} %`,
          '≤ 10 %',
          verdict(r.budget.rateLimited === 0 && r.budget.ms <= floor * 1.1),
        ],
      ],
    ),
  );
  out.push('');

  out.push(`DRAIN, ENGINE UNDER NODE — the same engine with main's services and the IPC dispatcher in one Node process, Dexie on`);
  out.push('fake-indexeddb (a pure-JS IndexedDB, slower than Chromium\'s). A model of the app, kept for comparison with earlier runs; the');
  out.push('figures that count are the in-app ones above. Floor = max(chain: requests of one complaint × latency, throughput:');
  out.push(`⌈all requests ÷ ${CONCURRENCY}⌉ × latency).`);
  const rows = r.drains.map((d) => {
    const seq = r.sequential.get(d.changes);
    const floor = Math.max(d.floorChainMs, d.floorThroughputMs);
    const speedUp = seq ? seq.ms / d.ms : Number.NaN;
    return [
      String(d.changes),
      d.conflictCheck ? 'on' : 'off',
      s(d.ms),
      String(d.requests),
      seq ? s(seq.ms) : '—',
      seq ? `${speedUp.toFixed(1)}×` : '—',
      `${s(d.floorChainMs)} / ${s(d.floorThroughputMs)} → ${s(floor)}`,
      `${(d.ms / floor).toFixed(2)}×`,
    ];
  });
  out.push(table(['changes', 'check', 'engine', 'requests', 'sequential', 'speed-up', 'floor (chain / throughput → max)', 'vs floor'], rows));
  for (const [n, seq] of r.sequential) out.push(`  sequential ${n}: ${ms1(seq.ms / n)} per request (${seq.phase})`);
  out.push('');

  out.push('RECONNECT — server answers again → first change confirmed (engine with production defaults, 4 changes queued)');
  const maxMain = Math.max(...r.reconnect.viaMain);
  out.push(
    table(
      ['how the app learns it', 'measured', 'target', 'result'],
      [
        [`OS reports the network back: the window's 'online' event (the app hears this first)`, s(r.reconnect.viaWindow), '< 2 s', verdict(r.reconnect.viaWindow < 2000)],
        [`  fallback, no window event: main's 1 s OS poll + probe (3 runs)`, `${r.reconnect.viaMain.map(s).join(', ')} (max ${s(maxMain)})`, '< 2 s', verdict(maxMain < 2000)],
        [`server back on its own after ${SERVER_OUTAGE_MS / 1000} s (main's probe backoff)`, s(r.reconnect.alone), '< 10 s', verdict(r.reconnect.alone < 10_000)],
      ],
    ),
  );
  out.push('');

  out.push(`ENQUEUE — changeStatus → persisted (one Dexie transaction), ${CACHED.toLocaleString('en-US')} cached complaints, after 20 warm-up changes`);
  const rd = r.renderer;
  const cd = c?.renderer;
  const enqueueRow = (label: string, sealed: Percentiles, clear: Percentiles | undefined, target: boolean): string[] => [
    label,
    ms1(sealed.p50),
    ms1(sealed.p95),
    ms1(sealed.max),
    clear ? ms1(clear.p50) : '—',
    clear ? ms1(clear.p95) : '—',
    target ? 'p95 < 16 ms' : '—',
    target ? verdict(sealed.p95 < 16) : '—',
  ];
  out.push(
    table(
      ['where', 'p50', 'p95', 'max', 'clear p50', 'clear p95', 'target', 'result'],
      [
        [`Node, fake-indexeddb, back to back (${r.enqueueNode.samples}; indicative only)`, ms1(r.enqueueNode.p50), ms1(r.enqueueNode.p95), ms1(r.enqueueNode.max), '—', '—', 'p95 < 16 ms', verdict(r.enqueueNode.p95 < 16)],
        enqueueRow(`Chromium, the app on a complaint's view, one change every ${ENQUEUE_GAP_MS} ms (${rd.enqueue.samples})`, rd.enqueue, cd?.enqueue, true),
        enqueueRow(`  the same, back to back (${rd.enqueueBackToBack.samples})`, rd.enqueueBackToBack, cd?.enqueueBackToBack, false),
        enqueueRow(`  back to back, the 20,000-row worklist on screen (${rd.enqueueOnWorklist.samples})`, rd.enqueueOnWorklist, cd?.enqueueOnWorklist, false),
      ],
    ),
  );
  out.push('');

  const frame = median(rd.firstFrame);
  const firstRender = (x: RendererResult): string =>
    `${s(median(x.firstFrame))} (rows ${x.firstRow.map(s).join(', ')}; DOMContentLoaded ${s(x.domContentLoaded)}, app shell ${s(x.shell)})`;
  const bundle = (x: RendererResult): string => `${kb(x.bundle.gzipBytes)} (raw ${kb(x.bundle.rawBytes)})`;
  out.push(
    `RENDERER — Chromium, browser host, fresh profile, ${CACHED.toLocaleString('en-US')} cached complaints (seeded in ${s(rd.seedMs)}` +
      `${cd ? `; clear: ${s(cd.seedMs)}` : ''}; seeding is in no figure)`,
  );
  out.push(
    table(
      ['figure', 'measured', 'clear', 'target', 'result'],
      [
        [`first worklist render: navigation start → first row, next frame (median of ${RELOADS} reloads)`, firstRender(rd), cd ? firstRender(cd) : '—', '< 500 ms', verdict(frame < 500)],
        [`filter: input event → list shows the match (${rd.filterMs.length} searches)`, `${rd.filterMs.map(s).join(', ')}`, cd ? cd.filterMs.map(s).join(', ') : '—', '—', '—'],
        [`renderer bundle, gzip -9 (${rd.bundle.files} files: assets/*.js + *.css)`, bundle(rd), cd ? bundle(cd) : '—', '< 150 KB', verdict(rd.bundle.gzipBytes < 150 * 1024)],
      ],
    ),
  );
  out.push('');

  if (c && cd) {
    out.push(`SEALED BESIDE CLEAR (#22) — the same Chromium figures, this checkout (sealed) and ${c.rev.slice(0, 7)} (clear), ratio = sealed ÷ clear`);
    const ratio = (sealed: number, clear: number): string => `${(sealed / clear).toFixed(2)}×`;
    const rows: string[][] = [];
    const lat = (label: string, sealed: number, clear: number, target: string, ok: boolean | null): void => {
      rows.push([label, ms1(sealed), ms1(clear), ratio(sealed, clear), target, ok === null ? '—' : verdict(ok)]);
    };
    lat(`enqueue p95, complaint's view, one change every ${ENQUEUE_GAP_MS} ms`, rd.enqueue.p95, cd.enqueue.p95, '< 16 ms', rd.enqueue.p95 < 16);
    lat('  p50', rd.enqueue.p50, cd.enqueue.p50, '—', null);
    lat('enqueue p95, back to back', rd.enqueueBackToBack.p95, cd.enqueueBackToBack.p95, '—', null);
    lat('  p50', rd.enqueueBackToBack.p50, cd.enqueueBackToBack.p50, '—', null);
    lat('enqueue p95, back to back, worklist on screen', rd.enqueueOnWorklist.p95, cd.enqueueOnWorklist.p95, '—', null);
    lat('  p50', rd.enqueueOnWorklist.p50, cd.enqueueOnWorklist.p50, '—', null);
    const frameClear = median(cd.firstFrame);
    lat(`first worklist render (median of ${RELOADS})`, frame, frameClear, `≤ ${WITHIN.toFixed(2)}× clear`, frame <= frameClear * WITHIN);
    const filter = median(rd.filterMs);
    const filterClear = median(cd.filterMs);
    lat(`filter (median of ${rd.filterMs.length})`, filter, filterClear, `≤ ${WITHIN.toFixed(2)}× clear`, filter <= filterClear * WITHIN);
    r.appDrains.forEach((sealed, i) => {
      const clear = c.appDrains[i];
      if (!clear) return;
      const d = sealed.drain;
      const vs = drainVerdict(d, sealed.sequentialMs);
      const vc = drainVerdict(clear.drain, clear.sequentialMs);
      const name = `drain ${d.changes.toLocaleString('en-US')}, check ${d.conflictCheck ? 'on' : 'off'}`;
      rows.push([`${name}: time`, s(d.ms), s(clear.drain.ms), ratio(d.ms, clear.drain.ms), '—', '—']);
      rows.push([
        '  speed-up over sequential',
        `${vs.speedUp.toFixed(1)}×`,
        `${vc.speedUp.toFixed(1)}×`,
        ratio(vs.speedUp, vc.speedUp),
        d.conflictCheck ? `≥ ${vs.speedTarget}× (#11)` : '—',
        d.conflictCheck ? verdict(vs.speedUp >= vs.speedTarget) : '—',
      ]);
      rows.push([
        '  requests per change',
        vs.perChange.toFixed(2),
        vc.perChange.toFixed(2),
        ratio(vs.perChange, vc.perChange),
        `≤ ${vs.requestTarget.toFixed(1)} (#11)`,
        verdict(vs.perChange <= vs.requestTarget + 1e-9),
      ]);
    });
    rows.push([`(seeding ${CACHED.toLocaleString('en-US')} complaints, in no figure)`, s(rd.seedMs), s(cd.seedMs), ratio(rd.seedMs, cd.seedMs), '—', '—']);
    out.push(table(['figure', 'sealed', 'clear', 'ratio', 'target', 'result'], rows));
    out.push('');
  }
  out.push(r.big);
  out.push('');
  out.push(`Total ${((performance.now() - r.startedAt) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
}
