/**
 * Why a new complaint's create did not end, in the agent's words. The general wording of
 * an error kind (./errors.ts) promises a check before resending, which a create never
 * gets: its lost answers are worded here.
 */
import type { DeskError } from '../../../../common/errors';
import { CREATE_NOT_REMEMBERED } from '../../../../common/new-complaint';
import { t } from '../../i18n/index.svelte';
import { explainError } from '../errors';

export function createProblemText(error: DeskError): string {
  if (error.code === CREATE_NOT_REMEMBERED) return t('newComplaint.lost.restart');
  switch (error.kind) {
    case 'unknown-outcome':
      return t('newComplaint.lost.answer');
    case 'server':
      return t('newComplaint.lost.server');
    case 'malformed':
      return t('newComplaint.lost.noId');
    default:
      return explainError(error);
  }
}
