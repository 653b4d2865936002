/**
 * The New complaint form as typed, kept while the app runs: an agent who leaves the form
 * (to look up an order, to answer the phone) finds it as they left it. Cleared once the
 * complaint is saved. Personal data: memory only, never written anywhere by this module.
 */
import { emptyNewComplaintForm, type NewComplaintForm } from '../../../../common/new-complaint';

export const newComplaintDraft = $state<{ form: NewComplaintForm | null }>({ form: null });

export function currentDraft(defaultType: string): NewComplaintForm {
  newComplaintDraft.form ??= emptyNewComplaintForm(defaultType);
  return newComplaintDraft.form;
}

export function clearDraft(): void {
  newComplaintDraft.form = null;
}

/** A form of its own (correcting a filed complaint), reactive like the draft. */
export function reactiveForm(form: NewComplaintForm): NewComplaintForm {
  const state = $state(form);
  return state;
}
