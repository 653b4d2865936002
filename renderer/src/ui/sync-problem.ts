/**
 * Why changes are not going out right now, in words (shared by the header's sync
 * indicator and the Pending changes view): paused for the key, rate limited until a
 * time, sending slowly to stay within the rate limit (with an estimate), or the watchdog ("Not sending for N min: <last error>").
 */
import type { SyncStatus } from '../sync/sync-meta';
import { formatTime, t, toDate } from '../i18n/index.svelte';
import { explainError } from './errors';

export interface SyncProblem {
  text: string;
  /** Needs the agent (key rejected) or has lasted long (watchdog). */
  severe: boolean;
}

export function syncProblem(
  status: SyncStatus | undefined,
  oldestActiveAt: number | null | undefined,
  now: number,
): SyncProblem | null {
  if (!status) return null;
  if (status.pausedReason === 'auth') return { text: t('sync.pausedAuth'), severe: true };
  if (status.pausedReason === 'rate-limited') {
    const until = toDate(status.pausedUntil);
    return {
      text: until ? t('sync.pausedRateLimited', { time: formatTime(until) }) : t('sync.pausedRateLimitedSoon'),
      severe: false,
    };
  }
  if (status.pacedLeftMs !== null && status.pacedLeftMs > 0) {
    const minutes = Math.max(1, Math.round(status.pacedLeftMs / 60_000));
    return { text: t('sync.paced', { minutes }), severe: false };
  }
  if (status.stalled) {
    const since = Math.max(oldestActiveAt ?? 0, status.lastSuccessAt ?? 0);
    const minutes = since > 0 ? Math.max(1, Math.floor((now - since) / 60_000)) : 3;
    const error = explainError(status.lastError);
    return {
      text: error ? t('sync.stalled', { minutes, error }) : t('sync.stalledNoError', { minutes }),
      severe: true,
    };
  }
  return null;
}
