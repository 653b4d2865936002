/** What the sync engine's pieces (./engine.ts and the modules it composes) share. */
import type { DeskError } from '../../../common/errors';
import type { DeskApi } from '../../../common/ipc-contract';
import type { RunState, STOPPED } from '../runtime/run-state';

export type SyncDesk = Pick<
  DeskApi,
  'getComplaint' | 'setComplaintStatus' | 'createComplaint' | 'getRateLimit' | 'getConnectivity' | 'reportPending' | 'onEvent'
>;

export interface FlushReport {
  /** Applied by a request of this flush. */
  sent: number;
  /** Found already applied by a `detail` check: nothing sent. */
  reconciled: number;
  conflicts: number;
  failed: number;
  /** Creates whose answer was lost: they may exist on BizKitHub, the agent decides. */
  uncertain: number;
  /** Back in the queue with a delay (backoff, unknown outcome, pause). */
  retrying: number;
  /** Why the (last) pass did not send: offline, paused, another window holds the lock, engine stopped. */
  skipped: null | 'offline' | 'paused' | 'busy' | 'stopped';
  /** A local failure (e.g. the database); the queue is untouched. */
  error: string | null;
}

export function emptyReport(): FlushReport {
  return { sent: 0, reconciled: 0, conflicts: 0, failed: 0, uncertain: 0, retrying: 0, skipped: null, error: null };
}

export function mergeReport(total: FlushReport, pass: FlushReport): FlushReport {
  total.sent += pass.sent;
  total.reconciled += pass.reconciled;
  total.conflicts += pass.conflicts;
  total.failed += pass.failed;
  total.uncertain += pass.uncertain;
  total.retrying += pass.retrying;
  total.skipped = pass.skipped;
  total.error = pass.error ?? total.error;
  return total;
}

/** A pass stops early (a queue-wide pause, offline, another destination); `wakeAt`: when to try again. */
export interface Halt {
  halted: boolean;
  wakeAt: number | null;
}

export type DeskReply<T> = { ok: true; value: T } | { ok: false; error: DeskError };

/** A desk call that gives up when the engine stops (STOPPED); a throwing desk is an internal error. */
export function deskCall<T>(run: RunState, fn: () => Promise<DeskReply<T>>): Promise<DeskReply<T> | typeof STOPPED> {
  return run.call(async () => {
    try {
      return await fn();
    } catch (cause) {
      return { ok: false as const, error: { kind: 'internal' as const, message: `Desk call threw: ${String(cause)}` } };
    }
  });
}

