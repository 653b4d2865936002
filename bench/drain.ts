/**
 * Drain time: a queue built while offline, timed from "the network is back" (main
 * reports connectivity online) until the engine has confirmed every change; and the
 * same queue replayed the way Workbox Background Sync replays a queue: one request after
 * another, each set-status as it was recorded, no checks.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import type { Sandbox } from '../electron/sandbox/sandbox-server';
import { createSyncEngine } from '../renderer/src/sync/engine';
import {
  createComplaints,
  dropDatabase,
  freshDatabase,
  plannedChanges,
  queueChanges,
  waitFor,
  type MainSide,
  type QueuedChange,
} from './node-stack';

export interface DrainResult {
  changes: number;
  perComplaint: number;
  concurrency: number;
  conflictCheck: boolean;
  ms: number;
  /** API requests the engine made during the drain. */
  requests: number;
  /** Critical path: one complaint's chain, request after request. */
  floorChainMs: number;
  /** Throughput: every necessary request, `concurrency` at a time. */
  floorThroughputMs: number;
  /** Local work before the drain (queueing through the outbox), for information. */
  queueMs: number;
}

/**
 * The floor for the configured concurrency: max(one complaint's chain of requests, all
 * requests `concurrency` at a time), each request taking the injected latency. Requests
 * the engine needs: a set-status per change, plus with the conflict check one `detail`
 * per complaint (a change whose predecessor the pass has just confirmed skips its check).
 */
export function floors(changes: number, perComplaint: number, conflictCheck: boolean, concurrency: number, latencyMs: number) {
  const complaints = Math.ceil(changes / perComplaint);
  const chain = perComplaint + (conflictCheck ? 1 : 0);
  const total = changes + (conflictCheck ? complaints : 0);
  return {
    floorChainMs: chain * latencyMs,
    floorThroughputMs: Math.ceil(total / concurrency) * latencyMs,
  };
}

async function connectivityIs(main: MainSide, online: boolean): Promise<boolean> {
  const r = await main.desk.getConnectivity({});
  return r.ok && r.value.online === online;
}

/** Takes the network away as the OS would (and the server with it), until `main` says offline. */
export async function goOffline(sandbox: Sandbox, main: MainSide): Promise<void> {
  await sandbox.setFaults({ outage: true });
  main.setOsOnline(false);
  await waitFor('main reports offline', () => connectivityIs(main, false), 15_000, 20);
}

export async function measureDrain(
  sandbox: Sandbox,
  main: MainSide,
  o: { changes: number; perComplaint: number; concurrency: number; conflictCheck: boolean; latencyMs: number },
): Promise<DrainResult> {
  const { ids, rows } = createComplaints(sandbox, Math.ceil(o.changes / o.perComplaint));
  const changes = plannedChanges(ids, o.perComplaint).slice(0, o.changes);
  const db = freshDatabase('bench-drain');
  await db.complaints.bulkAdd(rows);

  await goOffline(sandbox, main);
  const queueStarted = performance.now();
  await queueChanges(db, changes);
  const queueMs = performance.now() - queueStarted;

  const settings = { conflictCheck: o.conflictCheck, syncConcurrency: o.concurrency };
  // Production defaults for every delay: the bench measures the app as shipped.
  const engine = createSyncEngine({ db, desk: main.desk, getSettings: () => settings, windowTarget: null });
  await engine.start();
  let pending = -1;
  let online = true;
  const unsubscribe = engine.status.subscribe((s) => {
    pending = s.pending;
    online = s.online;
  });
  await waitFor('the engine sees the queue, offline', () => pending === changes.length && !online, 5000);
  const requestsBefore = sandbox.requests.length;

  // The network comes back: the server answers again and main tells the renderer.
  await sandbox.setFaults({ outage: false });
  main.setOsOnline(true);
  const started = performance.now();
  main.emit({ type: 'connectivity', online: true, since: new Date().toISOString() });
  await waitFor('the queue drained', () => pending === 0, 10 * 60_000, 2);
  const ms = performance.now() - started;
  unsubscribe();
  const requests = sandbox.requests.length - requestsBefore;
  await engine.stop();

  const entries = await db.outbox.toArray();
  if (entries.length !== changes.length || entries.some((e) => e.state !== 'sent')) {
    throw new Error(`drain ended with entries not sent: ${JSON.stringify(entries.filter((e) => e.state !== 'sent').slice(0, 3))}`);
  }
  // Exactly once, and in the order made per complaint (the sandbox's own log).
  for (const id of ids) {
    const got = sandbox.appliedChanges(id).map((c) => c.status);
    const planned = changes.filter((c) => c.complaintId === id).map((c) => c.status);
    if (JSON.stringify(got) !== JSON.stringify(planned)) throw new Error(`complaint ${id}: applied ${JSON.stringify(got)}, planned ${JSON.stringify(planned)}`);
  }
  await dropDatabase(db);

  return {
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

/** The same shape of queue on fresh complaints, replayed one set-status at a time. */
export async function measureSequential(
  sandbox: Sandbox,
  main: MainSide,
  o: { changes: number; perComplaint: number },
): Promise<{ changes: number; ms: number }> {
  const { ids } = createComplaints(sandbox, Math.ceil(o.changes / o.perComplaint));
  const changes: QueuedChange[] = plannedChanges(ids, o.perComplaint).slice(0, o.changes);
  const info = await main.desk.getAppInfo({});
  const destination = info.ok ? info.value.destination : 'demo';
  const started = performance.now();
  for (const c of changes) {
    const r = await main.desk.setComplaintStatus({ complaintId: c.complaintId, status: c.status, destination });
    if (!r.ok) throw new Error(`sequential replay: ${r.error.kind} ${r.error.message}`);
  }
  const ms = performance.now() - started;
  const applied = ids.flatMap((id) => sandbox.appliedChanges(id));
  if (applied.length !== changes.length) throw new Error(`the server applied ${applied.length} of ${changes.length} changes`);
  return { changes: changes.length, ms };
}
