import { MAX_ANSWER_BYTES } from '../../../common/api-schemas';
import type { DeskError, ErrorKind } from '../../../common/errors';
import { classifyStorageError, type StorageFailure } from '../../../common/storage-errors';
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

/** A storage failure's cause, worded for the agent (part of a sentence). */
export function storageCause(failure: StorageFailure): string {
  return t(`storage.cause.${failure}` as MessageKey);
}

/**
 * For unexpected exceptions (a Dexie failure, a bug): a short readable string. A storage
 * failure is worded by its cause (a full disk), never the browser's raw text.
 */
export function describeException(cause: unknown): string {
  const failure = classifyStorageError(cause);
  if (failure !== null) return storageCause(failure);
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}

const REFUSAL_KEYS: Partial<Record<StorageFailure, MessageKey>> = {
  'disk-full': 'storage.refused.disk-full',
  'write-aborted': 'storage.refused.write-aborted',
  'backing-store': 'storage.refused.backing-store',
  closed: 'storage.refused.closed',
  unavailable: 'storage.refused.unavailable',
};

/**
 * A change the storage refused, as the whole message ("Not saved: this computer's disk is
 * full. …"); null when the exception is not a storage failure (the caller words it).
 */
export function storageRefusal(cause: unknown): string | null {
  const failure = classifyStorageError(cause);
  const key = failure === null ? undefined : REFUSAL_KEYS[failure];
  return key === undefined ? null : t(key);
}
