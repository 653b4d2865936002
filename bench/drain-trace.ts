/**
 * Where an in-app drain's time goes, seen from the page without changing the app: an init
 * script (bench only) times every API call the app makes through `window.desk` (the IPC
 * bridge: renderer → browser host → sandbox and back) and every IndexedDB transaction
 * (created → complete). From those, for one drain: the lanes actually run (the most API
 * calls in flight at once), the floor with those lanes, and the drain's time split into the
 * server's latency, the IPC hop, and the lanes' time outside API calls (their IndexedDB
 * writes, the renderer's work, and lanes with nothing to do), with IndexedDB's busy time
 * beside it. The renderer's main-thread busy time comes from Chromium's own metric.
 */
import type { Page } from '@playwright/test';

/** The API calls of the drain (those that reach BizKitHub); the others are local. */
const API_METHODS = ['getComplaint', 'setComplaintStatus', 'createComplaint'];

interface TraceWindow {
  __drainTrace?: {
    calls: Array<{ method: string; t0: number; t1: number }>;
    transactions: Array<{ write: boolean; stores: string; t0: number; t1: number }>;
    from: number;
  };
}

/** Installed before the app's scripts (Playwright init script), in every document of the context. */
function traceScript(apiMethods: string[]): void {
  const w = window as unknown as TraceWindow & { desk?: unknown };
  const trace = { calls: [] as Array<{ method: string; t0: number; t1: number }>, transactions: [] as Array<{ write: boolean; stores: string; t0: number; t1: number }>, from: 0 };
  w.__drainTrace = trace;
  let desk: unknown;
  Object.defineProperty(window, 'desk', {
    configurable: true,
    get: () => desk,
    set: (api: Record<string, unknown>) => {
      const timed: Record<string, unknown> = { ...api };
      for (const method of apiMethods) {
        const call = api[method];
        if (typeof call !== 'function') continue;
        timed[method] = async (input: unknown) => {
          const t0 = performance.now();
          try {
            return await (call as (input: unknown) => Promise<unknown>).call(api, input);
          } finally {
            trace.calls.push({ method, t0, t1: performance.now() });
          }
        };
      }
      desk = Object.freeze(timed);
    },
  });
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args);
    const t0 = performance.now();
    const stores = [...tx.objectStoreNames].sort().join('+');
    const done = (): void => void trace.transactions.push({ write: tx.mode !== 'readonly', stores, t0, t1: performance.now() });
    tx.addEventListener('complete', done);
    tx.addEventListener('abort', done);
    return tx;
  } as IDBDatabase['transaction'];
}

/** Adds the trace to the session's page (reloads it); its figures are read per drain with `drainTrace`. */
export async function installDrainTrace(page: Page): Promise<void> {
  const installed = await page.evaluate(() => (window as unknown as TraceWindow).__drainTrace !== undefined);
  if (installed) return;
  // tsx names the functions it compiles (`__name(fn, "name")`): the page gets that helper as a no-op.
  await page.context().addInitScript({
    content: `globalThis.__name ??= (fn) => fn;\n(${traceScript.toString()})(${JSON.stringify(API_METHODS)});`,
  });
  await page.reload();
  // Whichever view the page was on (the reload keeps it): the app is up once its sync indicator shows.
  await page.waitForFunction(() => [...document.querySelectorAll('[role="status"]')].some((e) => /pending/.test(e.textContent ?? '')), undefined, {
    timeout: 60_000,
  });
}

/** In the page, at the drain's start: what was traced before is dropped. */
export function startTraceInPage(): void {
  const trace = (window as unknown as TraceWindow).__drainTrace;
  if (!trace) return;
  trace.calls.length = 0;
  trace.transactions.length = 0;
  trace.from = performance.now();
}

export interface TraceFigures {
  /** API calls the app made during the drain, their summed time, and the most in flight at once. */
  calls: number;
  callMs: number;
  lanesRun: number;
  /** IndexedDB read-write transactions: count, summed time, time with at least one open (they run one after another on the same tables). */
  writes: number;
  writeMs: number;
  writeBusyMs: number;
  /** Read-only transactions: count and time with at least one open, in all and by the stores they cover. */
  reads: number;
  readBusyMs: number;
  readsByStores: Record<string, { count: number; busyMs: number }>;
}

/** In the page, at the drain's end (`until`, performance.now()): the figures since startTraceInPage. */
export function traceFiguresInPage(until: number): TraceFigures | null {
  const trace = (window as unknown as TraceWindow).__drainTrace;
  if (!trace) return null;
  const inDrain = <T extends { t0: number; t1: number }>(list: T[]): T[] => list.filter((x) => x.t0 >= trace.from && x.t0 <= until);
  const busy = (list: Array<{ t0: number; t1: number }>): number => {
    let total = 0;
    let end = -Infinity;
    for (const { t0, t1 } of [...list].sort((a, b) => a.t0 - b.t0)) {
      if (t1 <= end) continue;
      total += t1 - Math.max(t0, end);
      end = t1;
    }
    return total;
  };
  const calls = inDrain(trace.calls);
  const edges = calls.flatMap((c) => [{ t: c.t0, d: 1 }, { t: c.t1, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let inFlight = 0;
  let lanesRun = 0;
  for (const e of edges) {
    inFlight += e.d;
    lanesRun = Math.max(lanesRun, inFlight);
  }
  const transactions = inDrain(trace.transactions);
  const writes = transactions.filter((t) => t.write);
  const reads = transactions.filter((t) => !t.write);
  const readsByStores: Record<string, { count: number; busyMs: number }> = {};
  for (const stores of new Set(reads.map((t) => t.stores))) {
    const these = reads.filter((t) => t.stores === stores);
    readsByStores[stores] = { count: these.length, busyMs: busy(these) };
  }
  return {
    calls: calls.length,
    callMs: calls.reduce((sum, c) => sum + (c.t1 - c.t0), 0),
    lanesRun,
    writes: writes.length,
    writeMs: writes.reduce((sum, t) => sum + (t.t1 - t.t0), 0),
    writeBusyMs: busy(writes),
    reads: reads.length,
    readBusyMs: busy(reads),
    readsByStores,
  };
}

/** The renderer's main-thread task time so far (Chromium's TaskDuration), in ms. */
export async function mainThreadBusyMs(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const before = await read();
  return async () => {
    const after = await read();
    await cdp.detach().catch(() => undefined);
    return after - before;
  };
}

/**
 * The drain's time split by where the lanes spent it (each lane-ms divided by the lanes run,
 * so the parts add up to the drain's time): the server's latency, the IPC hop (an API call's
 * time beyond the latency: WebSocket, the host, its HTTP request), and outside API calls.
 */
export function whereTimeGoes(ms: number, latencyMs: number, trace: TraceFigures) {
  const lanes = Math.max(1, trace.lanesRun);
  const serverMs = (trace.calls * latencyMs) / lanes;
  const ipcMs = (trace.callMs - trace.calls * latencyMs) / lanes;
  return { lanes, serverMs, ipcMs, outsideMs: ms - serverMs - ipcMs, ipcPerCallMs: trace.callMs / Math.max(1, trace.calls) - latencyMs };
}
