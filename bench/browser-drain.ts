/**
 * Drain time in Chromium: the app's own engine in the page (production code and
 * defaults, real IndexedDB), through the browser host's IPC and services to the host's
 * sandbox with injected latency. The queue is built while the page believes it is
 * offline (window 'offline'), then a window 'online' event starts the drain; it ends
 * when the app's sync indicator says "0 pending". The sequential replay runs in the same
 * page through the same bridge: `desk.setComplaintStatus` one after another.
 */
import type { Page } from '@playwright/test';
import type { DeskApi } from '../common/ipc-contract';
import type { ComplaintStatus } from '../common/status';
import { floors, type DrainResult } from './drain';
import { mainThreadBusyMs, startTraceInPage, traceFiguresInPage, type TraceFigures } from './drain-trace';
import { CHAIN } from './node-stack';

type BenchModule = typeof import('./browser/desk-bench');
type Change = { complaintId: string; status: ComplaintStatus };

export async function sandboxControl(controlUrl: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${controlUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${path}: HTTP ${res.status}`);
  return res.json();
}

/** New complaints on the host's sandbox, created through the app's own bridge (no latency yet). */
async function createOnServer(page: Page, count: number): Promise<string[]> {
  return page.evaluate(async (n) => {
    const desk = (window as unknown as { desk: DeskApi }).desk;
    const info = await desk.getAppInfo({});
    if (!info.ok) throw new Error(`app info failed: ${JSON.stringify(info)}`);
    const destination = info.value.destination;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const request = { variantCode: 'reklamace', description: `Bench ${i}`, customerName: `Bench ${i}` };
      // A fresh reference per complaint: main remembers its creates by reference, and the
      // same reference again would answer with the complaint made before.
      const ref = `local-${Array.from({ length: 10 }, () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(Math.random() * 32)]).join('')}`;
      const r = await desk.createComplaint({ request, destination, ref });
      if (!r.ok || r.value.id === undefined) throw new Error(`create failed: ${JSON.stringify(r)}`);
      ids.push(r.value.id);
    }
    return ids;
  }, count);
}

function plan(ids: readonly string[], perComplaint: number, total: number): Change[] {
  return ids.flatMap((complaintId) => CHAIN.slice(0, perComplaint).map((status) => ({ complaintId, status }))).slice(0, total);
}

export interface AppDrainResult extends DrainResult {
  rateLimited: number;
  budgeted: number;
  /** The sandbox's log of the drain by endpoint (set-status, detail, …). */
  requestKinds: Record<string, number>;
  /** Answered after the drain ended, by endpoint (not counted in `requests`). */
  afterDrain: Record<string, number>;
  /** From ./drain-trace.ts when it is installed in the page (null otherwise). */
  trace: TraceFigures | null;
  /** The renderer's main-thread task time during the drain. */
  mainThreadMs: number;
}

export async function measureDrainChromium(
  page: Page,
  controlUrl: string,
  moduleUrl: string,
  o: {
    changes: number;
    perComplaint: number;
    concurrency: number;
    conflictCheck: boolean;
    latencyMs: number;
    /** The sandbox's rate window during the drain (a fresh window when it starts); default: the sandbox's own. */
    rateLimit?: { limit: number; windowMs: number };
  },
): Promise<AppDrainResult> {
  // A fresh rate window for every drain: runs one after another would otherwise spend the
  // host's hourly limit and end up paced (each drain is measured with the budget an agent
  // has after a quiet spell).
  await sandboxControl(controlUrl, 'rate-limit', null);
  await sandboxControl(controlUrl, 'faults', { latencyMs: 0 });
  const ids = await createOnServer(page, Math.ceil(o.changes / o.perComplaint));
  const changes = plan(ids, o.perComplaint, o.changes);
  await page.evaluate(async (patch) => {
    const r = await (window as unknown as { desk: DeskApi }).desk.updateSettings(patch);
    if (!r.ok) throw new Error(r.error.message);
  }, { syncConcurrency: o.concurrency, conflictCheck: o.conflictCheck });
  await sandboxControl(controlUrl, 'faults', { latencyMs: o.latencyMs });
  const requestsBefore = ((await sandboxControl(controlUrl, 'requests')) as unknown[]).length;

  const queueMs = await page.evaluate(
    async ({ url, ids, changes }) => {
      window.dispatchEvent(new Event('offline'));
      const m = (await import(url)) as BenchModule;
      await m.addNewComplaints(ids);
      const started = performance.now();
      await m.queueChanges(changes);
      return performance.now() - started;
    },
    { url: moduleUrl, ids, changes },
  );
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[role="status"]')].some((e) => (e.textContent ?? '').replace(/[^\d a-z]/gi, '').includes(`${n} pending`)),
    changes.length,
    { timeout: 30_000 },
  );

  let budgetFrom = requestsBefore;
  if (o.rateLimit) {
    await sandboxControl(controlUrl, 'rate-limit', o.rateLimit);
    budgetFrom = ((await sandboxControl(controlUrl, 'requests')) as unknown[]).length;
    // One answer under the new window, so main's figures are the plan's (an agent's app has
    // them from its last request; here the plan was switched just now).
    await page.evaluate(async (id) => {
      const desk = (window as unknown as { desk: DeskApi }).desk;
      const info = await desk.getAppInfo({});
      if (info.ok) await desk.getComplaint({ id, destination: info.value.destination });
    }, ids[0]!);
  }
  // A drain that never reaches "0 pending" (a change held for the agent) fails the run instead of hanging it.
  const limitMs = Math.max(120_000, o.changes * (o.rateLimit ? 2_000 : 300));
  const busySince = await mainThreadBusyMs(page);
  await page.evaluate(startTraceInPage);
  const { ms, endedAt, endedAtWall } = await page.evaluate(async (limit) => {
    const status = [...document.querySelectorAll('[role="status"]')].find((e) => /pending/.test(e.textContent ?? ''));
    if (status === undefined) throw new Error('no sync indicator');
    const started = performance.now();
    const done = new Promise<{ ms: number; endedAt: number; endedAtWall: number }>((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (/(^|[^\d,.\s\u00a0])\s*0 pending/.test(status.textContent ?? '')) {
          observer.disconnect();
          const endedAt = performance.now();
          resolve({ ms: endedAt - started, endedAt, endedAtWall: Date.now() });
        }
      });
      observer.observe(status, { childList: true, subtree: true, characterData: true });
      setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the drain did not end within ${limit} ms: "${(status.textContent ?? '').trim()}"`));
      }, limit);
    });
    window.dispatchEvent(new Event('online'));
    return done;
  }, limitMs);
  const mainThreadMs = await busySince();
  const trace = await page.evaluate(traceFiguresInPage, endedAt);
  // The drain's requests: those answered by its end (the sandbox logs a request when it
  // answers). Requests answered after it are not the drain's: the background refresher
  // waits while the engine flushes, then downloads the drain's complaints (added here
  // without their detail) in the moment between the drain's end and this read.
  // Main's connectivity probes (a key-less HEAD of the API's root: the window's 'online'
  // event makes main check the API at once, and it checks again now and then while online)
  // are listed by endpoint but are not the drain's requests.
  type Logged = { outcome: string; path: string; method: string; at: number };
  const inDrain = (r: Logged): boolean => r.at <= endedAtWall;
  const logged = ((await sandboxControl(controlUrl, 'requests')) as Logged[]).slice(requestsBefore);
  const during = logged.filter(inDrain);
  const requests = during.filter((r) => r.method !== 'HEAD').length;
  const kindsOf = (list: Logged[]): Record<string, number> => {
    const kinds: Record<string, number> = {};
    for (const r of list) {
      const kind = r.method === 'HEAD' ? 'probe (HEAD)' : (r.path.split('/').filter(Boolean).pop() ?? r.path);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    return kinds;
  };
  const requestKinds = kindsOf(during);
  const afterDrain = kindsOf(logged.filter((r) => !inDrain(r)));
  const rateLimited = during.filter((r) => r.outcome === 'rate-limited').length;
  /** Requests the window counted (after it was set, 429s are not counted): what its floor is computed from. */
  const budgeted = o.rateLimit
    ? ((await sandboxControl(controlUrl, 'requests')) as Logged[]).slice(budgetFrom).filter((r) => inDrain(r) && r.outcome !== 'rate-limited').length
    : requests;
  if (o.rateLimit) await sandboxControl(controlUrl, 'rate-limit', null);
  await assertAppliedOnceInOrder(controlUrl, ids, changes);
  return {
    rateLimited,
    budgeted,
    requestKinds,
    afterDrain,
    trace,
    mainThreadMs,
    changes: changes.length,
    perComplaint: o.perComplaint,
    concurrency: o.concurrency,
    conflictCheck: o.conflictCheck,
    ms,
    requests,
    queueMs,
    ...floors(changes.length, o.perComplaint, o.conflictCheck, o.concurrency, o.latencyMs),
  };
}

/**
 * Correctness of every run: the server applied each planned change exactly once, and a
 * complaint's changes in the order they were made (the sandbox's own log).
 */
async function assertAppliedOnceInOrder(controlUrl: string, ids: readonly string[], changes: readonly Change[]): Promise<void> {
  for (const id of ids) {
    const applied = (await sandboxControl(controlUrl, `applied?complaintId=${id}`)) as Array<{ status: ComplaintStatus }>;
    const planned = changes.filter((c) => c.complaintId === id).map((c) => c.status);
    const got = applied.map((a) => a.status);
    if (JSON.stringify(got) !== JSON.stringify(planned)) {
      throw new Error(`complaint ${id}: the server applied ${JSON.stringify(got)}, planned ${JSON.stringify(planned)}`);
    }
  }
}

export async function measureSequentialChromium(
  page: Page,
  controlUrl: string,
  o: { changes: number; perComplaint: number; latencyMs: number },
): Promise<{ changes: number; ms: number }> {
  await sandboxControl(controlUrl, 'rate-limit', null);
  await sandboxControl(controlUrl, 'faults', { latencyMs: 0 });
  const ids = await createOnServer(page, Math.ceil(o.changes / o.perComplaint));
  const changes = plan(ids, o.perComplaint, o.changes);
  await sandboxControl(controlUrl, 'faults', { latencyMs: o.latencyMs });
  const ms = await page.evaluate(async (list) => {
    const desk = (window as unknown as { desk: DeskApi }).desk;
    const info = await desk.getAppInfo({});
    const destination = info.ok ? info.value.destination : 'demo';
    const started = performance.now();
    for (const c of list) {
      const r = await desk.setComplaintStatus({ ...c, destination });
      if (!r.ok) throw new Error(r.error.message);
    }
    return performance.now() - started;
  }, changes);
  return { changes: changes.length, ms };
}
