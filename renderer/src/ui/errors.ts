import type { DeskError, ErrorKind } from '../../../common/errors';
import { t, type MessageKey } from '../i18n/index.svelte';

/** A plain-words explanation of an error kind, in the agent's language. */
export function explainError(error: Pick<DeskError, 'kind'> | null | undefined): string {
  if (!error) return '';
  const key = `error.${error.kind}` as const satisfies `error.${ErrorKind}`;
  return t(key as MessageKey);
}

/** For unexpected exceptions (a Dexie failure, a bug): a short readable string. */
export function describeException(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
