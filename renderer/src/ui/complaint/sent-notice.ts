/**
 * The change notice's Undo belongs to the undo window, not to a change already on
 * BizKitHub: once the change is sent, its notice is replaced by one saying so, without
 * Undo. Followed here, outside the complaint view, because the notice
 * outlives it (Esc back to the worklist). The follow ends when the change is sent,
 * cancelled (Undo), or when its notice is gone (replaced, dismissed, timed out).
 */
import type { DeskDatabase } from '../../data/db';
import { liveEntry } from '../../data/outbox-queries';
import { notices, showNotice } from '../notices.svelte';

const CHECK_NOTICE_MS = 2000;

export function replaceNoticeWhenSent(db: DeskDatabase, seq: number, noticeId: number, sentMessage: () => string): void {
  const present = (): boolean => notices.list.some((n) => n.id === noticeId);
  let done = false;
  let watch: ReturnType<typeof setInterval> | undefined;
  // Filled right below; a holder because the first answer could in principle come synchronously.
  const held: { subscription?: { unsubscribe(): void } } = {};
  const stop = (): void => {
    done = true;
    clearInterval(watch);
    held.subscription?.unsubscribe();
  };
  held.subscription = liveEntry(db, seq).subscribe({
    next: (entry) => {
      if (done) return;
      if (!present()) return stop();
      if (entry === undefined || entry.state === 'discarded') return stop();
      if (entry.state === 'sent') {
        stop();
        showNotice({ tone: 'success', slot: 'status-change', message: sentMessage });
      }
    },
    error: () => stop(),
  });
  if (done) held.subscription.unsubscribe();
  else {
    watch = setInterval(() => {
      if (!present()) stop();
    }, CHECK_NOTICE_MS);
  }
}
