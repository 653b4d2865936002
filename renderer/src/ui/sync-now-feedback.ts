/**
 * What pressing "Sync now" did, in words: every press gets a visible answer, also when
 * nothing could be sent (offline, paused by the rate limit or the key, another window
 * sending). Pure: the report of the flush and the status after it → a message key.
 */
import type { MessageKey } from '../i18n/index.svelte';
import type { FlushReport } from '../sync/engine-types';
import type { SyncStatus } from '../sync/sync-meta';
import { JOURNAL_GAP_SLOT, journalGapMessage, type JournalGap } from './journal-gap';
import type { NoticeTone } from './notices.svelte';

export interface SyncNowFeedback {
  tone: NoticeTone;
  key: MessageKey;
  params: Record<string, string | number>;
  /** The notice slot, when not Sync now's own. */
  slot?: string;
}

export function syncNowFeedback(
  report: FlushReport,
  status: Pick<SyncStatus, 'pending' | 'pausedReason' | 'pausedUntil' | 'online'>,
  /** Changes waiting for another destination's key (never sent from here). */
  waitingElsewhere: number,
  /** What the start-up check could not settle: then "every change has been sent" is never said. */
  journalGap: JournalGap | null = null,
): SyncNowFeedback | null {
  if (report.skipped === 'stopped') return null;
  if (report.error !== null) return { tone: 'error', key: 'syncNow.localError', params: { error: report.error } };
  // Sync now tries even when the app believes it is offline; still offline after it (the
  // attempt found no network): say that, not "waits for its next try".
  const confirmedAny = report.sent + report.reconciled > 0;
  if (report.skipped === 'offline' || (!status.online && !confirmedAny && status.pending > 0)) {
    return { tone: 'warning', key: 'syncNow.offline', params: { n: status.pending } };
  }
  if (report.skipped === 'busy') return { tone: 'info', key: 'syncNow.busy', params: {} };
  if (report.skipped === 'paused' || status.pausedReason !== null) {
    if (status.pausedReason === 'auth') return { tone: 'error', key: 'syncNow.pausedAuth', params: {} };
    const until = status.pausedUntil !== null ? new Date(status.pausedUntil) : null;
    return {
      tone: 'warning',
      key: 'syncNow.rateLimited',
      params: { time: until ? until.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '—' },
    };
  }
  const confirmed = report.sent + report.reconciled;
  const needYou = report.conflicts + report.failed + report.uncertain;
  if (needYou > 0) return { tone: 'warning', key: 'syncNow.needYou', params: { count: needYou, sent: confirmed } };
  if (confirmed > 0) return { tone: 'success', key: 'syncNow.sent', params: { count: confirmed } };
  if (status.pending > 0) return { tone: 'info', key: 'syncNow.waiting', params: { count: status.pending } };
  if (waitingElsewhere > 0) return { tone: 'info', key: 'syncNow.waitingElsewhere', params: { count: waitingElsewhere } };
  if (journalGap !== null) return { tone: 'error', ...journalGapMessage(journalGap), slot: JOURNAL_GAP_SLOT };
  return { tone: 'success', key: 'syncNow.nothing', params: {} };
}
