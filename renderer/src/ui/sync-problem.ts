/**
 * Why changes are not going out right now, in words (shared by the header's sync
 * indicator, the Pending changes view and a complaint's page): paused for the key, rate
 * limited until a time (with about how long), sending slowly to stay within the rate limit
 * (with an estimate), BizKitHub having problems (with the next retry), or the watchdog
 * ("Not sending for N min: <last error>"). In demo mode no text names BizKitHub: nothing
 * reaches it.
 */
import type { DeskError } from '../../../common/errors';
import type { OutboxEntry } from '../../../common/outbox-rules';
import type { SyncStatus } from '../sync/sync-meta';
import { formatTime, t, toDate, type MessageKey } from '../i18n/index.svelte';
import { explainError } from './errors';

export interface SyncProblem {
  text: string;
  /** Needs the agent (key rejected) or has lasted long (watchdog). */
  severe: boolean;
}

/** Error kinds whose words name BizKitHub: in demo mode they name the demo sandbox. */
const DEMO_ERROR_KEYS: Partial<Record<DeskError['kind'], MessageKey>> = {
  server: 'syncState.demoError.server',
  'not-found': 'syncState.demoError.not-found',
  invalid: 'syncState.demoError.invalid',
  malformed: 'syncState.demoError.malformed',
};

/** explainError, with the demo sandbox named instead of BizKitHub in demo mode. */
export function explainSyncError(error: Pick<DeskError, 'kind'> | null | undefined, demo: boolean): string {
  const demoKey = error && demo ? DEMO_ERROR_KEYS[error.kind] : undefined;
  return demoKey ? t(demoKey) : explainError(error);
}

/** "BizKitHub is having problems — retrying in 20 s" (or "retrying now" once that time has come). */
export function serverProblemText(retryAt: number, now: number, demo: boolean): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return t(demo ? 'syncState.serverProblemNowDemo' : 'syncState.serverProblemNow');
  return t(demo ? 'syncState.serverProblemDemo' : 'syncState.serverProblem', { seconds });
}

/** "Rate limited — resuming at 14:32 (about 1 min)". */
function rateLimitedText(until: number | null | undefined, now: number): string {
  const at = toDate(until);
  if (!at || until === null || until === undefined) return t('sync.pausedRateLimitedSoon');
  const minutes = Math.max(1, Math.round((until - now) / 60_000));
  return t('syncState.rateLimited', { time: formatTime(at), minutes });
}

export function syncProblem(
  status: SyncStatus | undefined,
  oldestActiveAt: number | null | undefined,
  now: number,
  demo = false,
): SyncProblem | null {
  if (!status) return null;
  if (status.pausedReason === 'auth') return { text: t('sync.pausedAuth'), severe: true };
  if (status.pausedReason === 'rate-limited') return { text: rateLimitedText(status.pausedUntil, now), severe: false };
  if (status.rateWaitUntil !== null && status.rateWaitUntil !== undefined && status.rateWaitUntil > now) {
    return { text: rateLimitedText(status.rateWaitUntil, now), severe: false };
  }
  if (status.pacedLeftMs !== null && status.pacedLeftMs > 0) {
    const minutes = Math.max(1, Math.round(status.pacedLeftMs / 60_000));
    return { text: t('sync.paced', { minutes }), severe: false };
  }
  if (status.online && status.retry) {
    return { text: serverProblemText(status.retry.at, now, demo), severe: status.stalled };
  }
  if (status.stalled) {
    const since = Math.max(oldestActiveAt ?? 0, status.lastSuccessAt ?? 0);
    const minutes = since > 0 ? Math.max(1, Math.floor((now - since) / 60_000)) : 3;
    const error = explainSyncError(status.lastError, demo);
    return {
      text: error ? t('sync.stalled', { minutes, error }) : t('sync.stalledNoError', { minutes }),
      severe: true,
    };
  }
  return null;
}

/**
 * What keeps one complaint's change from going, for its page: the queue's own problem when
 * there is one (paused, rate limited, offline), else the change's own trouble and its next
 * try; null while it simply goes (or waits out its undo window).
 */
export function changeProblem(
  entry: Pick<OutboxEntry, 'state' | 'lastError' | 'nextAttemptAt'> | undefined,
  status: SyncStatus | undefined,
  now: number,
  demo = false,
): string | null {
  if (!entry || !status || (entry.state !== 'queued' && entry.state !== 'needs-check')) return null;
  if (!status.online) return t('syncState.changeOffline');
  const queue = syncProblem({ ...status, retry: null, stalled: false }, null, now, demo);
  if (queue) return t('syncState.changeNotSent', { problem: queue.text });
  const error = entry.lastError;
  if (error === null) return null;
  if (['server', 'unknown-outcome', 'malformed', 'internal'].includes(error.kind)) {
    return t('syncState.changeNotSent', { problem: serverProblemText(entry.nextAttemptAt, now, demo) });
  }
  if (error.kind === 'network') return t('syncState.changeOffline');
  const words = explainSyncError(error, demo);
  return words ? t('syncState.changeNotSent', { problem: words }) : null;
}
