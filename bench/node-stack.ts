/**
 * The app's two halves in this Node process, wired like the browser host wires them:
 * the real sandbox (loopback, injected latency), the real main services + dispatcher,
 * `createDeskApi` as the preload builds it, and the real sync engine over Dexie on
 * fake-indexeddb. Nothing between the engine and the HTTP server is mocked.
 */
import 'fake-indexeddb/auto';
import type { ComplaintStatus } from '../common/status';
import { startSandbox, type Sandbox } from '../electron/sandbox/sandbox-server';
import { newCachedComplaint, openDeskDatabase, type CachedComplaint, type DeskDatabase } from '../renderer/src/data/db';
import { changeStatus } from '../renderer/src/data/outbox';
import { startMainSide as startRealMainSide, type MainSide } from '../test/support/real-stack';
import { TEST_DATA_KEY } from '../test/support/data-key';

export type { MainSide } from '../test/support/real-stack';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(everyMs);
  }
}

/** Main's services against `sandbox` (no key configured: demo mode, the sandbox's demo key). */
export function startMainSide(sandbox: Sandbox, options: { osOnline?: boolean } = {}): Promise<MainSide> {
  return startRealMainSide(sandbox, { name: 'desk-bench', version: '0.0.0-bench', platform: process.platform, ...options });
}

/** A sandbox without a rate limit in the way (the bench sends thousands of requests). */
export function startBenchSandbox(latencyMs: number): Promise<Sandbox> {
  return startSandbox({ port: 0, rateLimit: { limit: 1_000_000, windowMs: 3_600_000 } }).then(async (s) => {
    await s.setFaults({ latencyMs });
    return s;
  });
}

let dbCounter = 0;
export function freshDatabase(prefix: string): DeskDatabase {
  dbCounter += 1;
  return openDeskDatabase(`${prefix}-${process.pid}-${dbCounter}`, undefined, TEST_DATA_KEY);
}

export async function dropDatabase(db: DeskDatabase): Promise<void> {
  db.close();
  await db.delete();
}

/** Each complaint walks new → open → wait → resolve → closed (no step undoes the one before). */
export const CHAIN: readonly ComplaintStatus[] = ['open', 'wait', 'resolve', 'closed'];

/** `count` new complaints in the sandbox (status `new`), and their worklist rows as fetched. */
export function createComplaints(sandbox: Sandbox, count: number, now = Date.now()): { ids: string[]; rows: CachedComplaint[] } {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      sandbox.createComplaint({
        variantCode: 'reklamace',
        description: `Bench complaint ${i}`,
        customerName: `Bench Customer ${i}`,
        orderNumber: `B-${String(i).padStart(6, '0')}`,
      }),
    );
  }
  const rows = ids.map((id, i) => ({
    ...newCachedComplaint(id, now - i),
    existsOnServer: true,
    serverStatus: 'new' as const,
    fetchedAt: now,
  }));
  return { ids, rows };
}

export interface QueuedChange {
  complaintId: string;
  status: ComplaintStatus;
}

/** The agent's changes, complaint by complaint (a few each), in the order they were made. */
export function plannedChanges(ids: readonly string[], perComplaint: number): QueuedChange[] {
  return ids.flatMap((complaintId) => CHAIN.slice(0, perComplaint).map((status) => ({ complaintId, status })));
}

/** Queues the changes through the outbox (as the UI does); every one must be queued. */
export async function queueChanges(db: DeskDatabase, changes: readonly QueuedChange[]): Promise<void> {
  for (const c of changes) {
    const r = await changeStatus(db, c.complaintId, c.status);
    if (r.kind !== 'queued') throw new Error(`expected queued, got ${r.kind}`);
  }
}
