/**
 * What the start-up check against main's journal could not settle, said where the app
 * would otherwise say that everything was sent (the header, Pending changes, Sync now):
 * the journal could not be asked at all, or it holds unsent changes this computer's
 * database lacks and cannot get back (a filed complaint sealed with a key that is gone).
 * It lasts for the workspace's life: a restart asks again.
 */
import type { MessageKey } from '../i18n/index.svelte';

/** The notice slot it is told in (once: at start, again after Sync now, never twice on screen). */
export const JOURNAL_GAP_SLOT = 'journal-gap';

export type JournalGap = { kind: 'unchecked' } | { kind: 'missing'; count: number };

export interface GapText {
  key: MessageKey;
  params: Record<string, number>;
}

/** The full sentence (Pending changes, Sync now, the notice at start). */
export function journalGapMessage(gap: JournalGap): GapText {
  return gap.kind === 'missing' ? { key: 'journal.missing', params: { count: gap.count } } : { key: 'journal.unchecked', params: {} };
}

/** The header's short line. */
export function journalGapLine(gap: JournalGap): GapText {
  return gap.kind === 'missing' ? { key: 'journal.gap.missing', params: { count: gap.count } } : { key: 'journal.gap.unchecked', params: {} };
}
