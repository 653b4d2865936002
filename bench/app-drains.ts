/**
 * The bench's drain phase in the app: for each size, a sequential replay, then the drain
 * with the conflict check on and off, each run `runs` times on every app (sealed, clear) in
 * turn, and the figures printed as the median run with the min and max. Each drain is
 * traced (./drain-trace.ts): the lanes actually run, the floor with them, and where the
 * time beyond the floor went.
 */
import { measureDrainChromium, measureSequentialChromium, type AppDrainResult } from './browser-drain';
import { installDrainTrace, whereTimeGoes } from './drain-trace';
import type { DrainResult } from './drain';
import type { RendererSession } from './renderer';

export interface AppDrain {
  /** The median run (by drain time): its own requests, trace and floors. */
  drain: AppDrainResult;
  /** Every run, in the order measured. */
  runs: AppDrainResult[];
  /** The sequential replay of the same number of changes, in the same page and run (once per size). */
  sequentialMs: number;
}

export interface DrainSide {
  name: string;
  session?: RendererSession;
  appDrains: AppDrain[];
}

export interface AppDrainPlan {
  sizes: readonly number[];
  runs: number;
  perComplaint: number;
  concurrency: number;
  latencyMs: number;
  /** Runs `step` on each side in turn, each once every page is quiet (run.ts's eachSide). */
  eachSide(what: string, step: (side: DrainSide, session: RendererSession) => Promise<void>, reversed?: boolean): Promise<void>;
}

export async function measureAppDrains(sides: readonly DrainSide[], plan: AppDrainPlan): Promise<void> {
  await plan.eachSide('drain trace (page reloaded with it)', async (_side, session) => installDrainTrace(session.page));
  for (const changes of plan.sizes) {
    const seq = new Map<DrainSide, number>();
    await plan.eachSide(`sequential replay of ${changes} in the app`, async (side, session) => {
      const replay = await measureSequentialChromium(session.page, session.controlUrl, { changes, perComplaint: plan.perComplaint, latencyMs: plan.latencyMs });
      seq.set(side, replay.ms);
    });
    for (const conflictCheck of [true, false]) {
      const runs = new Map<DrainSide, AppDrainResult[]>();
      for (let run = 0; run < plan.runs; run++) {
        const what = `drain of ${changes} in the app, check ${conflictCheck ? 'on' : 'off'}, run ${run + 1} of ${plan.runs}`;
        await plan.eachSide(
          what,
          async (side, session) => {
            const drain = await measureDrainChromium(session.page, session.controlUrl, session.moduleUrl, {
              changes,
              perComplaint: plan.perComplaint,
              concurrency: plan.concurrency,
              conflictCheck,
              latencyMs: plan.latencyMs,
            });
            runs.set(side, [...(runs.get(side) ?? []), drain]);
          },
          run % 2 === 1,
        );
      }
      for (const side of sides) {
        const all = runs.get(side) ?? [];
        const byTime = [...all].sort((a, b) => a.ms - b.ms);
        side.appDrains.push({ drain: byTime[Math.floor((byTime.length - 1) / 2)]!, runs: all, sequentialMs: seq.get(side)! });
      }
    }
  }
}

const kinds = (byKind: Record<string, number>): string =>
  Object.entries(byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** The floor with the lanes actually run (the trace's), else with the setting's. */
export function floorOf(d: AppDrainResult, latencyMs: number, concurrency: number): { lanes: number; floorMs: number } {
  const lanes = d.trace?.lanesRun && d.trace.lanesRun > 0 ? d.trace.lanesRun : concurrency;
  const chainMs = d.floorChainMs;
  return { lanes, floorMs: Math.max(chainMs, Math.ceil(d.requests / lanes) * latencyMs) };
}

/** #26's targets: 100 changes within 1.5× of the floor, 1,000 within 1.3×. */
export const floorTarget = (changes: number): number => (changes >= 1000 ? 1.3 : 1.5);

/**
 * Two tables: each drain's median with min and max beside its floor; then, per drain's
 * median run, where the time went.
 */
export function formatAppDrainFloors(sides: ReadonlyArray<{ name: string; appDrains: readonly AppDrain[] }>, latencyMs: number, concurrency: number): string[] {
  const out: string[] = [];
  const rows: string[][] = [];
  const where: string[][] = [];
  const count = Math.max(...sides.map((s) => s.appDrains.length));
  for (let i = 0; i < count; i++) {
    for (const side of sides) {
      const a = side.appDrains[i];
      if (!a) continue;
      const d = a.drain;
      const times = a.runs.map((r) => r.ms);
      const speedUps = a.runs.map((r) => a.sequentialMs / r.ms);
      const { lanes, floorMs } = floorOf(d, latencyMs, concurrency);
      const ratios = a.runs.map((r) => r.ms / floorOf(r, latencyMs, concurrency).floorMs);
      const target = floorTarget(d.changes);
      const median = d.ms / floorMs;
      rows.push([
        String(d.changes),
        d.conflictCheck ? 'on' : 'off',
        side.name,
        `${seconds(d.ms)} (${seconds(Math.min(...times))}–${seconds(Math.max(...times))})`,
        `${(a.sequentialMs / d.ms).toFixed(1)}× (${Math.min(...speedUps).toFixed(1)}–${Math.max(...speedUps).toFixed(1)})`,
        `${d.requests} (${kinds(d.requestKinds)})${Object.keys(d.afterDrain).length > 0 ? `; after it: ${kinds(d.afterDrain)}` : ''}`,
        String(lanes),
        `${seconds(d.floorChainMs)} / ${seconds(Math.ceil(d.requests / lanes) * latencyMs)} → ${seconds(floorMs)}`,
        `${median.toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
        `≤ ${target}×`,
        median <= target ? 'PASS' : 'MISS',
      ]);
      if (d.trace) {
        const w = whereTimeGoes(d.ms, latencyMs, d.trace);
        where.push([
          String(d.changes),
          d.conflictCheck ? 'on' : 'off',
          side.name,
          seconds(d.ms),
          seconds(w.serverMs),
          `${seconds(w.ipcMs)} (${w.ipcPerCallMs.toFixed(1)} ms per call)`,
          seconds(w.outsideMs),
          `${seconds(d.trace.writeBusyMs)} (${d.trace.writes} tx, ${(d.trace.writeMs / Math.max(1, d.trace.writes)).toFixed(1)} ms each)`,
          `${seconds(d.trace.readBusyMs)} (${d.trace.reads} tx: ${Object.entries(d.trace.readsByStores)
            .sort((a, b) => b[1].busyMs - a[1].busyMs)
            .map(([stores, r]) => `${stores} ${r.count} / ${seconds(r.busyMs)}`)
            .join(', ')})`,
          `${seconds(d.mainThreadMs)} (${Math.round((100 * d.mainThreadMs) / d.ms)} %)`,
        ]);
      }
    }
  }
  out.push(`DRAIN IN THE APP AGAINST THE FLOOR — median of ${sides[0]?.appDrains[0]?.runs.length ?? 0} runs (min–max); floor = max(chain: one complaint's requests × latency,`);
  out.push('throughput: ⌈requests ÷ lanes⌉ × latency) with the lanes actually run (the most API calls in flight at once; the rate budget');
  out.push(`grows them beyond the setting, ${concurrency}); speed-up = the size's one sequential replay ÷ each run. Requests: those answered`);
  out.push('by the drain\'s end (a probe = main\'s key-less connectivity check, not counted); "after it": answered after the drain ended');
  out.push('(the background refresher waits for the engine\'s flush to end), not counted.');
  out.push(table(['changes', 'check', 'build', 'drain (min–max)', 'speed-up', 'requests (by endpoint)', 'lanes', 'floor (chain / throughput → max)', 'vs floor', 'target', 'result'], rows));
  out.push('');
  if (where.length > 0) {
    out.push('WHERE THE DRAIN\'S TIME GOES (the median run) — lane time ÷ lanes run, so the first three add up to the drain: the server\'s');
    out.push('latency; IPC = an API call\'s time beyond it (WebSocket, browser host, its HTTP request; the page\'s own clock); outside calls =');
    out.push('the lanes\' time between calls: their IndexedDB writes (claim, settle), the renderer\'s work, lanes with nothing left to do.');
    out.push('Beside it: IndexedDB busy (time with a read-write / read-only transaction open) and the renderer\'s main-thread task time.');
    out.push(table(['changes', 'check', 'build', 'drain', 'server latency', 'IPC', 'outside calls', 'IndexedDB writes busy', 'reads busy', 'main thread busy'], where));
    out.push('');
  }
  return out;
}

/** A drain in the app against #11's targets: speed-up over its sequential replay, requests per change. */
export function drainVerdict(d: DrainResult, sequentialMs: number) {
  const speedUp = sequentialMs / d.ms;
  const perChange = d.requests / d.changes;
  const speedTarget = d.changes >= 1000 ? 6 : 4;
  const requestTarget = d.conflictCheck ? 1.3 : 1.0;
  const ok = (!d.conflictCheck || speedUp >= speedTarget) && perChange <= requestTarget + 1e-9;
  return { speedUp, perChange, speedTarget, requestTarget, ok };
}

/** The in-app drains: speed-up over the sequential replay and requests per change (#11), then against the floor (./app-drains.ts). */
export function appDrainSection(
  appDrains: readonly AppDrain[],
  clearDrains: readonly AppDrain[] | null,
  o: { perComplaint: number; latencyMs: number; concurrency: number },
): string[] {
  const out: string[] = [];
  out.push(`DRAIN IN THE APP — ${o.perComplaint} changes per complaint, made while offline; from the window's 'online' event to the app's own`);
  out.push('indicator saying "0 pending". The app in Chromium through the browser host (real IndexedDB, the host\'s IPC socket, main\'s services,');
  out.push('the sandbox); sequential = the same number of set-status calls one after another through the same bridge, in the same run');
  out.push('(Workbox Background Sync\'s replay). Every run checks the sandbox\'s log: each change applied exactly once, in order per complaint.');
  out.push(
    table(
      ['changes', 'check', 'build', 'drain', 'sequential', 'speed-up', 'target', 'requests', 'per change', 'target', 'result'],
      appDrains.flatMap((sealed, i) => {
        const rows: Array<[string, AppDrain]> = [['sealed', sealed]];
        const clear = clearDrains?.[i];
        if (clear) rows.push(['clear', clear]);
        return rows.map(([build, { drain: d, sequentialMs }]) => {
          const { speedUp, perChange, speedTarget, requestTarget, ok } = drainVerdict(d, sequentialMs);
          return [
            String(d.changes),
            d.conflictCheck ? 'on' : 'off',
            build,
            short(d.ms),
            short(sequentialMs),
            `${speedUp.toFixed(1)}×`,
            d.conflictCheck ? `≥ ${speedTarget}×` : '—',
            String(d.requests),
            perChange.toFixed(2),
            `≤ ${requestTarget.toFixed(1)}`,
            ok ? 'PASS' : 'MISS',
          ];
        });
      }),
    ),
  );
  out.push('');

  const sides = [{ name: 'sealed', appDrains }, ...(clearDrains ? [{ name: 'clear', appDrains: clearDrains }] : [])];
  out.push(...formatAppDrainFloors(sides, o.latencyMs, o.concurrency));
  return out;
}

const short = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
