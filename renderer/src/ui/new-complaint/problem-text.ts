/** A form field's refusal (common/new-complaint.ts) in the UI's language. */
import type { FieldProblem } from '../../../../common/new-complaint';
import { formatNumber, t } from '../../i18n/index.svelte';

export function problemText(problem: FieldProblem): string {
  switch (problem.code) {
    case 'too-long':
      return t('newComplaint.problem.too-long', { max: formatNumber(problem.max), length: formatNumber(problem.length) });
    case 'min':
      return t('newComplaint.problem.min', { min: formatNumber(problem.min) });
    case 'max':
    case 'too-many':
      return t(`newComplaint.problem.${problem.code}`, { max: formatNumber(problem.max) });
    default:
      return t(`newComplaint.problem.${problem.code}`);
  }
}
