/**
 * A refused complaint ID in the UI's language: what rule it broke (common/complaint-id.ts
 * gives the reason code and the offending character), and how it is shown without
 * letting a 5,000-character cell or an invisible character take over the layout.
 */
import { COMPLAINT_ID_MAX_LENGTH, type ComplaintIdProblem } from '../../../common/complaint-id';
import { formatNumber, t } from '../i18n/index.svelte';

/** An ID that was not added, and why. */
export interface RefusedId {
  text: string;
  problem: ComplaintIdProblem;
  /** The CSV row (1-based, header included), when it came from a file. */
  row?: number;
}

export function complaintIdReason(problem: ComplaintIdProblem): string {
  const params = { char: problem.char ?? '', length: formatNumber(problem.length), max: COMPLAINT_ID_MAX_LENGTH };
  switch (problem.reason) {
    case 'empty':
      return t('idRule.empty');
    case 'too-long':
      return t('idRule.tooLong', params);
    case 'space':
      return t('idRule.space');
    case 'invisible':
      return t('idRule.invisible', params);
    case 'accented':
      return t('idRule.accented', params);
    case 'character':
      return t('idRule.character', params);
  }
}

const SHOWN_CHARS = 40;

/**
 * The refused text as shown: invisible and space characters made visible (⎵, U+200B),
 * long text cut for display only with the cut said ("…"); the reason says how long it was.
 */
export function showRefused(text: string): string {
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === SHOWN_CHARS) return `${out}…`;
    count++;
    if (ch === ' ') out += '⎵';
    else if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]/u.test(ch)) {
      out += `[U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;
    } else out += ch;
  }
  return out;
}
