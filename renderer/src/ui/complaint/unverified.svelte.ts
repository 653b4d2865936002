/**
 * "Not yet verified with BizKitHub": a complaint that was never downloaded (no detail
 * cached, e.g. added offline) may carry a typo'd ID that only fails once the change is
 * sent. Its first status change asks first; once confirmed, that complaint does not ask
 * again while the app runs (a reload asks again), so keys 1–6 stay quick.
 */
import type { ComplaintStatus } from '../../../../common/status';

// Bookkeeping, not UI state: nothing renders from it.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const confirmed = new Set<string>();

export interface UnverifiedGuard {
  /** The status waiting for the agent's answer, if the question is open. */
  readonly asking: ComplaintStatus | null;
  /** Applies `status` now, or opens the question first. */
  request(status: ComplaintStatus): void;
  confirm(): void;
  cancel(): void;
}

export function createUnverifiedGuard(options: {
  id: () => string;
  /** True while the complaint has never been downloaded. */
  unverified: () => boolean;
  apply: (status: ComplaintStatus) => void;
  /** The question was cancelled: show the status as it was. */
  restore: () => void;
}): UnverifiedGuard {
  let asking = $state<ComplaintStatus | null>(null);
  return {
    get asking() {
      return asking;
    },
    request(status) {
      if (options.unverified() && !confirmed.has(options.id())) asking = status;
      else options.apply(status);
    },
    confirm() {
      const status = asking;
      asking = null;
      if (status === null) return;
      confirmed.add(options.id());
      options.apply(status);
    },
    cancel() {
      asking = null;
      options.restore();
    },
  };
}
