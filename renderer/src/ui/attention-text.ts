/**
 * The desktop notifications' words (../sync/attention.ts decides when, as codes): title
 * and body in the agent's language at the moment a notice is shown.
 */
import type { MessageKey } from '../i18n/en';
import type { Params } from '../i18n/types';
import type { AttentionEntry, AttentionNotice } from '../sync/attention';

export type Translate = (key: MessageKey, params?: Params) => string;

/** At most this many complaint IDs are named in one notification. */
export const MAX_NAMED_IDS = 3;

function idList(entries: readonly AttentionEntry[], t: Translate): string {
  const ids = [...new Set(entries.map((e) => e.complaintId))];
  const named = ids.slice(0, MAX_NAMED_IDS).join(', ');
  return ids.length > MAX_NAMED_IDS ? t('attention.moreIds', { ids: named, more: ids.length - MAX_NAMED_IDS }) : named;
}

/** The notification's title and body, in the agent's language. */
export function attentionText(notice: AttentionNotice, t: Translate): { title: string; body: string } {
  switch (notice.kind) {
    case 'synced':
      return notice.complete
        ? { title: t('attention.synced', { count: notice.count }), body: t('attention.syncedBody') }
        : { title: t('attention.syncedPartly', { count: notice.count }), body: t('attention.syncedPartlyBody') };
    case 'conflict': {
      const count = notice.entries.length;
      return {
        title: t('attention.conflict', { count }),
        body: t('attention.conflictBody', { count, ids: idList(notice.entries, t) }),
      };
    }
    case 'failed': {
      const count = notice.entries.length;
      return {
        title: t('attention.failed', { count }),
        body: t('attention.failedBody', { count, ids: idList(notice.entries, t) }),
      };
    }
    case 'uncertain': {
      const count = notice.entries.length;
      return { title: t('attention.uncertain', { count }), body: t('attention.uncertainBody', { count }) };
    }
    case 'auth':
      return { title: t('attention.auth'), body: t('attention.authBody') };
  }
}
