import { MAX_ANSWER_BYTES } from '../../../common/api-schemas';
import type { DeskError, ErrorKind } from '../../../common/errors';
import { formatNumber, t, type MessageKey } from '../i18n/index.svelte';

type Explained = Pick<DeskError, 'kind'> & Partial<Pick<DeskError, 'code' | 'serverMessage' | 'refusal'>>;

/**
 * A plain-words explanation of an error kind, in the agent's language. A refusal by
 * BizKitHub (`declined`) carries its own code and words; a refused answer says why.
 */
export function explainError(error: Explained | null | undefined): string {
  if (!error) return '';
  if (error.kind === 'declined') {
    const said = [error.code, error.serverMessage].filter((part) => part !== undefined && part !== '').join(' — ');
    return t('error.declined', { server: said === '' ? t('error.declinedNoReason') : said });
  }
  if (error.kind === 'answer-refused') {
    const size = `${formatNumber(MAX_ANSWER_BYTES / (1024 * 1024))} MB`;
    return t('error.answer-refused', { why: error.refusal ? t(`refusal.${error.refusal}`, { size }) : '' });
  }
  const key = `error.${error.kind}` as const satisfies `error.${ErrorKind}`;
  return t(key as MessageKey);
}

/** For unexpected exceptions (a Dexie failure, a bug): a short readable string. */
export function describeException(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
