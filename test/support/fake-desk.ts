/**
 * An in-memory BizKitHub behind the renderer's DeskApi, for the engine's unit tests.
 * Records every applied change; faults are scripted per call. As main does, every reply of
 * a call to BizKitHub carries the rate-limit figures (`rateLimit`), and main answers the
 * rate-limit channel with the same.
 */
import type { CreateComplaintRequest } from '../../common/api-schemas';
import type { DeskError } from '../../common/errors';
import type { CreateComplaintResponse } from '../../electron/services/api-client';
import { createCreateMemory, type CreateMemory } from '../../electron/services/create-memory';
import type { DeskEvent, RateLimit } from '../../common/ipc-contract';
import { err, ok } from '../../common/result';
import type { ComplaintStatus } from '../../common/status';
import type { SyncDesk } from '../../renderer/src/sync/engine-types';
import { detailOf } from './desk-db';

/** What the next set-status call does. 'apply-then-drop' applies it and answers unknown-outcome. */
export type SendFault = DeskError['kind'] | 'apply-then-drop' | 'apply-then-server';

export interface FakeDesk {
  desk: SyncDesk;
  statuses: Map<string, ComplaintStatus>;
  applied: Array<{ complaintId: string; status: ComplaintStatus }>;
  calls: Array<{ method: string; id: string }>;
  /** The destination each call named (undefined: none), in call order. */
  destinations: Array<string | undefined>;
  sendFaults: SendFault[];
  /** What the next create calls do (as sendFaults; 'apply-then-*' make the complaint, then fail). */
  createFaults: SendFault[];
  /** Main restarted: it no longer knows how its earlier creates ended. */
  forgetCreates(): void;
  /** Complaints made by create, in order: id and what was filed. */
  created: Array<{ id: string; customerName: string; orderNumber?: string }>;
  checkFaults: Array<DeskError['kind']>;
  /** What main has of the rate limit: every reply to a call to BizKitHub carries it. */
  rateLimit: RateLimit | null;
  online: boolean;
  /** Every request waits for this promise first (set to a pending one to hold requests in flight). */
  gate: Promise<void>;
  inFlight: number;
  /** How long each request takes (ms). */
  delayMs: number;
  peakInFlight: number;
  reported: number[];
  emit(event: DeskEvent): void;
}

export function createFakeDesk(initial: Record<string, ComplaintStatus>): FakeDesk {
  const listeners = new Set<(e: DeskEvent) => void>();
  const fake: FakeDesk = {
    statuses: new Map(Object.entries(initial)),
    applied: [],
    calls: [],
    destinations: [],
    sendFaults: [],
    createFaults: [],
    created: [],
    forgetCreates: () => {
      memory = createCreateMemory();
    },
    checkFaults: [],
    rateLimit: null,
    online: true,
    gate: Promise.resolve(),
    inFlight: 0,
    delayMs: 1,
    peakInFlight: 0,
    reported: [],
    emit: (e) => listeners.forEach((l) => l(e)),
    desk: undefined as unknown as SyncDesk, // set below (the object refers to `fake`)
  };
  const enter = async () => {
    fake.inFlight += 1;
    fake.peakInFlight = Math.max(fake.peakInFlight, fake.inFlight);
    await fake.gate;
    await new Promise((r) => setTimeout(r, fake.delayMs));
  };
  const leave = () => {
    fake.inFlight -= 1;
  };
  /** A reply as main sends it: with the figures it has after the request. */
  const withFigures = <R extends object>(reply: R): R & { rateLimit: RateLimit | null } => ({ ...reply, rateLimit: fake.rateLimit });
  const failure = (kind: DeskError['kind']) =>
    err({ kind, message: `fake ${kind}`, ...(kind === 'rate-limited' ? { retryAfterMs: 30_000 } : {}) });

  let memory: CreateMemory<CreateComplaintResponse> = createCreateMemory();
  const sendCreate = async (request: CreateComplaintRequest, destination: string | undefined) => {
    fake.calls.push({ method: 'create', id: request.customerName });
    fake.destinations.push(destination);
    await enter();
    try {
      const fault = fake.createFaults.shift();
      if (fault && fault !== 'apply-then-drop' && fault !== 'apply-then-server') return withFigures(failure(fault));
      const id = `srv-${fake.created.length + 1}`;
      fake.created.push({ id, customerName: request.customerName, orderNumber: request.orderNumber });
      fake.statuses.set(id, 'new');
      if (fault === 'apply-then-drop') return withFigures(failure('unknown-outcome'));
      if (fault === 'apply-then-server') return withFigures(failure('server'));
      return withFigures(ok({ success: true, id }));
    } finally {
      leave();
    }
  };

  fake.desk = {
    getComplaint: async ({ id, destination }) => {
      fake.calls.push({ method: 'detail', id });
      fake.destinations.push(destination);
      await enter();
      try {
        const fault = fake.checkFaults.shift();
        if (fault) return withFigures(failure(fault));
        const status = fake.statuses.get(id);
        if (status === undefined) return withFigures(failure('not-found'));
        const made = fake.created.find((c) => c.id === id);
        return withFigures(ok(detailOf(id, status, made ? { customerName: made.customerName, orderNumber: made.orderNumber } : {})));
      } finally {
        leave();
      }
    },
    setComplaintStatus: async ({ complaintId, status, destination }) => {
      fake.calls.push({ method: 'set', id: complaintId });
      fake.destinations.push(destination);
      await enter();
      try {
        const fault = fake.sendFaults.shift();
        if (fault && fault !== 'apply-then-drop' && fault !== 'apply-then-server') return withFigures(failure(fault));
        if (!fake.statuses.has(complaintId)) return withFigures(failure('not-found'));
        fake.statuses.set(complaintId, status);
        fake.applied.push({ complaintId, status });
        if (fault === 'apply-then-drop') return withFigures(failure('unknown-outcome'));
        if (fault === 'apply-then-server') return withFigures(failure('server'));
        return withFigures(ok({ success: true as const }));
      } finally {
        leave();
      }
    },
    // As main does (electron/services/create-memory.ts): one request per reference, and
    // `resume` answers with the outcome of the request already sent, never sending.
    createComplaint: ({ request, destination, ref, resume }) => {
      const key = `${destination} ${ref}`;
      return resume === true ? memory.resume(key) : memory.send(key, () => sendCreate(request, destination));
    },
    getRateLimit: async () => ok(fake.rateLimit),
    getConnectivity: async () => ok({ online: fake.online, since: new Date(0).toISOString() }),
    reportPending: async ({ pending }) => {
      fake.reported.push(pending);
      return ok({});
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return fake;
}

/** Timers that never fire on their own: the tests drive flushes with syncNow(). */
export function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    pending,
    setTimeout: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (handle: unknown) => {
      pending.delete(handle as number);
    },
  };
}

/**
 * Timers on a test clock (`clock.t`): they fire only through advanceTo(t), which fires, in
 * order, every timer due by t and moves the clock; moving `clock.t` alone (a "sleep")
 * fires nothing.
 */
export function virtualTimers(clock: { t: number }) {
  const timers = new Map<number, { fn: () => void; due: number }>();
  let next = 1;
  return {
    setTimeout: (fn: () => void, ms: number) => {
      timers.set(next, { fn, due: clock.t + ms });
      return next++;
    },
    clearTimeout: (handle: unknown) => {
      timers.delete(handle as number);
    },
    dueTimes: () => [...timers.values()].map((timer) => timer.due),
    advanceTo(t: number) {
      for (;;) {
        const [first] = [...timers.entries()].filter(([, timer]) => timer.due <= t).sort((a, b) => a[1].due - b[1].due);
        if (!first) break;
        timers.delete(first[0]);
        clock.t = Math.max(clock.t, first[1].due);
        first[1].fn();
      }
      clock.t = t;
    },
  };
}

