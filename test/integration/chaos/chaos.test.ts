/**
 * Chaos run (issue 7): 300 status changes over 30 complaints while the real sandbox
 * cycles through outages, 5xx bursts, 429s with Retry-After, added latency (some beyond
 * the client's timeout) and "apply then drop the connection", on a fixed seeded
 * schedule. The real engine runs over fake-indexeddb, through the real main services and
 * dispatcher. At the end the server's own records must show every change that was not
 * cancelled applied exactly once and in order, nothing lost, nothing stuck, and
 * conflicts only where the test made them (office staff changing a complaint during an
 * outage), which the test then resolves.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UNSENT_STATES, nextSendable } from '../../../common/outbox-rules';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../common/status';
import { startSandbox, type Sandbox, type SandboxFaults, type SandboxRequestRecord } from '../../../electron/sandbox/sandbox-server';
import type { DeskDatabase } from '../../../renderer/src/data/db';
import type { SyncEngine } from '../../../renderer/src/sync/engine';
import { changeStatus, resolveConflict } from '../../../renderer/src/data/outbox';
import { journalOn } from '../../support/real-stack';
import {
  CHAOS_API_TIMEOUT_MS,
  ChangeLedger,
  chaosEngine,
  expectExactlyOnce,
  freshDatabase,
  loadWorklist,
  seededRng,
  sleep,
  startMainSide,
  statusOf,
  waitUntil,
  type MainSide,
  type Rng,
} from './kit';

const SEED = 0x7c4a05;
const COMPLAINTS = 30;
const PHASES = 25;
const CHANGES_PER_PHASE = 12; // 300 changes
/** Phases forced to be outages: office staff changes complaints then (see staffPlan). */
const STAFF_PHASES = [6, 15] as const;

const CALM: SandboxFaults = { outage: false, latencyMs: 0, errorRate: 0, rateLimited: null, applyThenDrop: 0 };

/** 'outage': the server goes away on its own; 'network': the OS reports the network down too. */
const KINDS = ['outage', 'network', 'errors', 'rate', 'latency', 'slow', 'drop', 'mixed'] as const;
type Kind = (typeof KINDS)[number] | 'calm';
/** `later`: switched on after the phase's changes were made, for the rest of the phase. */
type Mode = {
  name: string;
  faults: Partial<SandboxFaults>;
  later?: Partial<SandboxFaults>;
  holdMs: number;
  /** The OS says the network is down for this phase. */
  osOffline?: boolean;
};

/** Every kind of fault three times, the rest calm, in a seeded order. */
function schedule(rng: Rng): Kind[] {
  const kinds: Kind[] = [
    ...KINDS.flatMap((k) => (k === 'outage' || k === 'network' ? [k, k] : [k, k, k])),
    'drop',
  ];
  while (kinds.length < PHASES) kinds.push('calm');
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}

function modeOf(kind: Kind, rng: Rng): Mode {
  const holdMs = rng.int(150, 700);
  switch (kind) {
    case 'calm':
      return { name: 'calm', faults: {}, holdMs };
    case 'outage':
      return { name: 'outage', faults: { outage: true }, holdMs: rng.int(300, 1200) };
    case 'network':
      return { name: 'network down', faults: { outage: true }, osOffline: true, holdMs: rng.int(300, 1200) };
    case 'errors':
      return { name: '5xx burst', faults: { errorRate: 0.5 + rng.next() / 2 }, holdMs };
    case 'rate':
      return { name: '429', faults: { rateLimited: { retryAfterSec: 1 } }, holdMs };
    case 'latency':
      return { name: 'latency', faults: { latencyMs: rng.int(50, 400) }, holdMs };
    case 'slow':
      // Quick at first (checks pass, sends go out), then beyond the client's timeout:
      // applied, answered too late → unknown outcome → checked, never resent blindly.
      return {
        name: 'past timeout',
        faults: { latencyMs: 30 },
        later: { latencyMs: CHAOS_API_TIMEOUT_MS + rng.int(50, 400) },
        holdMs: rng.int(1000, 1600),
      };
    case 'drop':
      return { name: 'applyThenDrop', faults: { applyThenDrop: 0.5 + rng.next() * 0.4, latencyMs: rng.int(0, 80) }, holdMs: holdMs + 300 };
    case 'mixed':
      return { name: 'mixed', faults: { errorRate: 0.3, applyThenDrop: 0.3, latencyMs: rng.int(20, 200) }, holdMs };
  }
}

/** CHAOS_DEBUG=1: one line per phase (what the engine managed to do in it). */
function logPhase(phase: number, mode: string, onlineAtStart: boolean, engine: SyncEngine, requests: readonly SandboxRequestRecord[]): void {
  const outcomes: Record<string, number> = {};
  for (const r of requests) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const s = statusOf(engine);
  console.info(
    `phase ${phase} ${mode}: online ${onlineAtStart}→${s.online}, paused ${s.pausedReason}, ` +
      `${requests.filter((r) => r.method === 'POST').length} POST, ${requests.filter((r) => r.method === 'GET').length} GET, ${JSON.stringify(outcomes)}`,
  );
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('chaos run (seeded)', () => {
  it(
    `${PHASES * CHANGES_PER_PHASE} changes over ${COMPLAINTS} complaints through faults: exactly once, in order, none lost or stuck`,
    async () => {
      const rng = seededRng(SEED);
      const sandbox: Sandbox = await startSandbox({ port: 0 });
      cleanup.push(() => sandbox.close());
      const main: MainSide = await startMainSide(sandbox);
      cleanup.push(() => main.dispose());
      const { db }: { db: DeskDatabase } = freshDatabase('chaos');
      cleanup.push(async () => {
        db.close();
        await db.delete();
      });
      // The journal of unsent work on, as in the app.
      await journalOn(db, main.desk);
      const harness = { sandbox, db };
      const ids = sandbox.seedComplaintIds.slice(0, COMPLAINTS);
      await loadWorklist(db, main.desk, ids);
      const eventsBefore = new Map(ids.map((id) => [id, sandbox.getComplaint(id)!.events.length]));
      // The last four complaints are office staff's: only the staff scenario touches them.
      const staffIds = ids.slice(-4);
      const agentIds = ids.slice(0, -4);
      const staffPlan = new Map<number, Array<{ id: string; choice: 'mine' | 'server' }>>([
        [STAFF_PHASES[0], [
          { id: staffIds[0]!, choice: 'mine' },
          { id: staffIds[1]!, choice: 'server' },
        ]],
        [STAFF_PHASES[1], [
          { id: staffIds[2]!, choice: 'mine' },
          { id: staffIds[3]!, choice: 'server' },
        ]],
      ]);
      const choiceOf = new Map([...staffPlan.values()].flat().map((s) => [s.id, s.choice]));
      const staffChanges = new Map<string, ComplaintStatus[]>();
      const ledger = new ChangeLedger();

      // Its own stream: how many numbers the engine draws depends on timing, the schedule must not.
      const engine: SyncEngine = chaosEngine(db, main.desk, { conflictCheck: true, syncConcurrency: 4 }, { random: seededRng(SEED ^ 0x5eed).next });
      cleanup.push(() => engine.stop());
      await engine.start();

      const kinds = schedule(rng);
      const modes: string[] = [];
      const runStarted = Date.now();
      for (let phase = 0; phase < PHASES; phase++) {
        const staffHere = staffPlan.get(phase);
        const mode: Mode = staffHere
          ? { name: 'network down (staff)', faults: { outage: true }, osOffline: true, holdMs: 800 }
          : modeOf(kinds[phase]!, rng);
        modes.push(mode.name);
        const requestsBefore = harness.sandbox.requests.length;
        const onlineAtStart = statusOf(engine).online;
        await harness.sandbox.setFaults({ ...CALM, ...mode.faults });
        main.setOsOnline(mode.osOffline !== true);

        if (staffHere) {
          // Queued while nothing can reach the server, then staff moves the complaint:
          // the engine's check must find a status the agent never saw → conflict.
          for (const { id } of staffHere) {
            const row = await harness.db.complaints.get(id);
            const shown = row!.pendingStatus ?? row!.serverStatus!;
            const first = rng.pick(COMPLAINT_STATUSES.filter((s) => s !== shown));
            const second = rng.pick(COMPLAINT_STATUSES.filter((s) => s !== shown && s !== first));
            for (const target of [first, second]) {
              const r = await changeStatus(harness.db, id, target);
              expect(r.kind).toBe('queued');
              ledger.record(id, target, r);
            }
            const staff = rng.pick(COMPLAINT_STATUSES.filter((s) => s !== shown && s !== first && s !== second));
            harness.sandbox.setStatusAsStaff(id, staff);
            staffChanges.set(id, [staff]);
          }
        }

        for (let i = 0; i < CHANGES_PER_PHASE; i++) {
          const id = rng.pick(agentIds);
          const target = rng.pick(COMPLAINT_STATUSES);
          ledger.record(id, target, await changeStatus(harness.db, id, target));
          engine.notifyChange();
          await sleep(rng.int(0, 40));
        }
        if (mode.later) await harness.sandbox.setFaults(mode.later);
        await sleep(mode.holdMs);
        if (process.env.CHAOS_DEBUG) logPhase(phase, mode.name, onlineAtStart, engine, harness.sandbox.requests.slice(requestsBefore));
      }
      await harness.sandbox.setFaults(CALM);
      main.setOsOnline(true);
      const faultsOffAt = Date.now();

      // The engine finds its way back on its own (connectivity probes, backoff, Retry-After).
      // Settled: nothing in flight and nothing the engine could still send by itself
      // (a queued entry behind a conflict waits for the agent too).
      const settled = async () => {
        const unsent = await harness.db.outbox.where('state').anyOf(UNSENT_STATES).toArray();
        return !unsent.some((e) => e.state === 'sending') && nextSendable(unsent, Number.POSITIVE_INFINITY, 1).length === 0;
      };
      await waitUntil('every entry sent or waiting for the agent', settled, 45_000).catch(async (cause: unknown) => {
        const active = await harness.db.outbox.where('state').anyOf(UNSENT_STATES).toArray();
        const shown = active.slice(0, 12).map((e) => ({ ...e, lastError: e.lastError?.kind ?? null, now: Date.now() }));
        throw new Error(`${String(cause)}\nengine: ${JSON.stringify(statusOf(engine))}\nactive (${active.length}): ${JSON.stringify(shown)}`);
      });
      const recoveredInMs = Date.now() - faultsOffAt;

      // The agent resolves the conflicts the test made, and only those exist.
      let rounds = 0;
      for (;;) {
        const conflicts = await harness.db.outbox.where('state').equals('conflict').sortBy('seq');
        const failed = await harness.db.outbox.where('state').equals('failed').toArray();
        expect(failed, 'no change refused').toEqual([]);
        if (conflicts.length === 0) break;
        rounds += 1;
        expect(rounds, 'conflict rounds').toBeLessThanOrEqual(3);
        for (const c of conflicts) {
          const choice = choiceOf.get(c.complaintId);
          expect(choice, `conflict on ${c.complaintId}, which staff never touched`).toBeDefined();
          expect(c.serverStatusSeen).toBe(staffChanges.get(c.complaintId)![0]);
          if (choice === 'server') ledger.discard(c.seq!);
          expect((await resolveConflict(harness.db, c.seq!, choice!)).ok).toBe(true);
        }
        engine.notifyChange();
        await waitUntil('resolved conflicts settled', settled, 20_000);
      }

      const { entries } = await expectExactlyOnce({
        sandbox: harness.sandbox,
        db: harness.db,
        ledger,
        complaintIds: ids,
        eventsBefore,
        staffChanges,
        conflictComplaints: new Set(staffIds),
      });

      // The staff scenario ended as decided: 'mine' applied over staff's status, 'server' kept it.
      for (const [id, choice] of choiceOf) {
        const mine = entries.filter((e) => e.complaintId === id);
        if (choice === 'mine') {
          expect(mine.every((e) => e.state === 'sent')).toBe(true);
          expect(mine[0]!.resolution).toBe('applied-anyway');
        } else {
          expect(mine.every((e) => e.state === 'discarded' && e.resolution === 'kept-server')).toBe(true);
          expect(harness.sandbox.getComplaint(id)!.status).toBe(staffChanges.get(id)![0]);
        }
      }

      // The faults really happened (the schedule is fixed by the seed).
      const records = harness.sandbox.requests;
      const outcomes = (o: string) => records.filter((r) => r.outcome === o).length;
      const resolutions = entries.reduce<Record<string, number>>((acc, e) => {
        acc[e.resolution ?? 'null'] = (acc[e.resolution ?? 'null'] ?? 0) + 1;
        return acc;
      }, {});
      // The engine's status follows the outbox (at the end of its flush at the latest).
      await waitUntil('the engine reports nothing pending', () => statusOf(engine).pending === 0, 10_000);
      expect(statusOf(engine)).toMatchObject({ pending: 0, pausedReason: null });

      console.info(
        `[chaos] seed ${SEED.toString(16)}: ${ledger.counts.queued} queued, ${ledger.counts.cancelled} cancelled, ` +
          `${ledger.counts.unchanged} unchanged; ${records.length} API requests ` +
          `(${outcomes('rate-limited')} 429, ${records.filter((r) => r.httpStatus === 503).length} 503, ${outcomes('dropped')} dropped); ` +
          `resolutions ${JSON.stringify(resolutions)}; faults ${((faultsOffAt - runStarted) / 1000).toFixed(1)} s, ` +
          `recovered ${(recoveredInMs / 1000).toFixed(1)} s after; phases: ${modes.join(', ')}`,
      );
      expect(modes).toContain('outage');
      expect(modes).toContain('network down');
      expect(outcomes('rate-limited')).toBeGreaterThan(0);
      expect(outcomes('dropped')).toBeGreaterThan(0);
      expect(records.some((r) => r.httpStatus === 503)).toBe(true);
      expect(resolutions.reconciled ?? 0, 'answers lost after applying were found applied').toBeGreaterThan(0);
    },
    90_000,
  );
});
