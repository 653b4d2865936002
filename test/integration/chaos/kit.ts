/**
 * Shared by the chaos and crash runs: a seeded random source, a "main process" (the real
 * desk services + dispatcher + `createDeskApi`, as in ../sync/harness.ts) that can be torn
 * down and rebuilt around one sandbox, and the ledger that turns the outbox's own answers
 * (`changeStatus` → queued / cancelled / unchanged, the test's conflict decisions) into the
 * exact sequence each complaint must end up with on the server.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { expect } from 'vitest';
import type { DeskApi } from '../../../common/ipc-contract';
import type { ComplaintStatus } from '../../../common/status';
import { mulberry32 } from '../../../electron/sandbox/prng';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import { openDeskDatabase, type DeskDatabase } from '../../../renderer/src/data/db';
import type { OutboxEntry } from '../../../common/outbox-rules';
import { addComplaints, refreshAll } from '../../../renderer/src/data/worklist';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../../renderer/src/sync/engine';
import type { SyncStatus } from '../../../renderer/src/sync/sync-meta';
import type { ChangeResult } from '../../../renderer/src/data/outbox';
import { startMainSide as startRealMainSide, type MainSide } from '../../support/real-stack';
import { TEST_DATA_KEY } from '../../support/data-key';

export type { MainSide } from '../../support/real-stack';

/** The API client's timeout in these runs; every engine's in-flight grace must exceed it. */
export const CHAOS_API_TIMEOUT_MS = 1500;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(25);
  }
}

/** One "main process" (the real services, dispatcher and `desk`) against `sandbox`; demo mode. `userDataDir`: kept across restarts (its journal too). */
export function startMainSide(sandbox: Sandbox, userDataDir?: string): Promise<MainSide> {
  return startRealMainSide(sandbox, {
    name: 'desk-chaos',
    version: '0.0.0-chaos',
    timeoutMs: CHAOS_API_TIMEOUT_MS,
    ...(userDataDir !== undefined ? { userDataDir } : {}),
  });
}

export const statusOf = (engine: SyncEngine): SyncStatus => get(engine.status);

let dbCounter = 0;

/** A fresh, uniquely named database (fake-indexeddb). */
export function freshDatabase(prefix: string): { db: DeskDatabase; name: string } {
  dbCounter += 1;
  const name = `${prefix}-${process.pid}-${Date.now()}-${dbCounter}`;
  return { db: openDeskDatabase(name, undefined, TEST_DATA_KEY), name };
}

/** Adds the complaints to the worklist and fetches them (so every change has a known base). */
export async function loadWorklist(db: DeskDatabase, desk: DeskApi, ids: readonly string[]): Promise<void> {
  await addComplaints(db, ids);
  const report = await refreshAll(db, desk, { concurrency: 4 });
  if (report.refreshed !== ids.length) throw new Error(`worklist refresh: ${JSON.stringify(report)}`);
}

export type EngineSettings = { conflictCheck: boolean; syncConcurrency: number };

/** The engine with short delays (the production defaults are seconds to minutes). */
export function chaosEngine(
  db: DeskDatabase,
  desk: DeskApi,
  settings: EngineSettings,
  extra: Partial<SyncEngineOptions> = {},
): SyncEngine {
  return createSyncEngine({
    db,
    desk,
    getSettings: () => settings,
    windowTarget: null,
    intervalMs: 500,
    backoff: { baseMs: 50, capMs: 400 },
    needsCheckDelayMs: 100,
    // Above the client's timeout: a request abandoned in flight has landed or died by then.
    inFlightGraceMs: CHAOS_API_TIMEOUT_MS + 300,
    changeDebounceMs: 10,
    ...extra,
  });
}

/**
 * What the server must have applied, per complaint, built only from the outbox's own
 * answers: a `queued` change is expected (in seq order) unless a later `cancelled`
 * names it or the test discarded it ("Keep server's").
 */
export class ChangeLedger {
  private readonly bySeq = new Map<number, { complaintId: string; target: ComplaintStatus }>();
  private readonly dropped = new Set<number>();
  readonly counts = { queued: 0, cancelled: 0, unchanged: 0 };

  record(complaintId: string, target: ComplaintStatus, result: ChangeResult): void {
    switch (result.kind) {
      case 'queued':
        this.counts.queued += 1;
        this.bySeq.set(result.seq, { complaintId, target });
        return;
      case 'cancelled': {
        this.counts.cancelled += 1;
        const cancelled = this.bySeq.get(result.seq);
        if (cancelled === undefined || cancelled.complaintId !== complaintId) {
          throw new Error(`changeStatus cancelled seq ${result.seq}, which this test never saw queued for ${complaintId}`);
        }
        this.bySeq.delete(result.seq);
        return;
      }
      case 'unchanged':
        this.counts.unchanged += 1;
        return;
    }
  }

  /** The test chose "Keep server's" for this entry: it must never be applied. */
  discard(seq: number): void {
    this.dropped.add(seq);
  }

  /** Seqs that must still exist in the outbox at the end (sent, or discarded by the test). */
  liveSeqs(): number[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b);
  }

  isDiscarded(seq: number): boolean {
    return this.dropped.has(seq);
  }

  expected(complaintId: string): ComplaintStatus[] {
    return [...this.bySeq.entries()]
      .filter(([seq, e]) => e.complaintId === complaintId && !this.dropped.has(seq))
      .sort(([a], [b]) => a - b)
      .map(([, e]) => e.target);
  }
}

export interface FinalCheckOptions {
  sandbox: Sandbox;
  db: DeskDatabase;
  ledger: ChangeLedger;
  complaintIds: readonly string[];
  /** Timeline length of each complaint before the run. */
  eventsBefore: ReadonlyMap<string, number>;
  /** Staff changes the test made, per complaint (they add timeline events too). */
  staffChanges?: ReadonlyMap<string, ComplaintStatus[]>;
  /** Complaints where the test created a conflict; every other complaint must have none. */
  conflictComplaints?: ReadonlySet<string>;
}

/**
 * The guarantees, checked against the server's own records:
 * - every change that was not cancelled (or discarded by the test) applied exactly once,
 *   in order per complaint (`appliedChanges`), and the timeline grew by exactly that;
 * - no entry lost: every queued seq is still in the outbox, nothing else is;
 * - none stuck: every entry is `sent` (or `discarded` where the test said so);
 * - conflicts only where the test made them;
 * - the local cache agrees with the server.
 */
export async function expectExactlyOnce(o: FinalCheckOptions): Promise<{ entries: OutboxEntry[] }> {
  const entries = await o.db.outbox.orderBy('seq').toArray();
  const seqs = entries.map((e) => e.seq);
  expect(seqs, 'the outbox holds exactly the queued changes (none lost, none invented)').toEqual(o.ledger.liveSeqs());
  for (const e of entries) {
    const where = `entry ${e.seq} (${e.complaintId} → ${e.targetStatus})`;
    if (o.ledger.isDiscarded(e.seq!)) {
      expect(e, where).toMatchObject({ state: 'discarded', resolution: 'kept-server' });
      continue;
    }
    expect(e.state, `${where} is not stuck`).toBe('sent');
    if (o.conflictComplaints?.has(e.complaintId) !== true) {
      expect(['sent', 'reconciled'], `${where}: no conflict the test did not make`).toContain(e.resolution);
    }
  }
  for (const id of o.complaintIds) {
    const expected = o.ledger.expected(id);
    const applied = o.sandbox.appliedChanges(id).map((c) => c.status);
    expect(applied, `applied changes of ${id}: exactly once, in order`).toEqual(expected);
    const complaint = o.sandbox.getComplaint(id);
    const staff = o.staffChanges?.get(id) ?? [];
    expect(complaint!.events.length - (o.eventsBefore.get(id) ?? 0), `timeline of ${id}`).toBe(expected.length + staff.length);
    const row = await o.db.complaints.get(id);
    expect(row, `cached ${id}`).toMatchObject({ serverStatus: complaint!.status, pendingCount: 0, pendingStatus: null });
  }
  return { entries };
}
