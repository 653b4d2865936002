/**
 * The New complaint form as typed: an agent who leaves the form (to look up an order, to
 * answer the phone) or reloads the app finds it as they left it. In memory while the app
 * runs, and kept on this computer sealed (data/new-complaint-draft.ts) so a reload or a
 * restart does not lose it. Cleared once the complaint is saved or the agent discards it.
 */
import { emptyNewComplaintForm, type NewComplaintForm } from '../../../../common/new-complaint';
import type { DeskDatabase } from '../../data/db';
import { deleteDraft, readDraft, saveDraft } from '../../data/new-complaint-draft';

export const newComplaintDraft = $state<{ form: NewComplaintForm | null }>({ form: null });

/** Typing is kept this long after the last key, not at every key. */
const SAVE_DELAY_MS = 400;
let pendingSave: ReturnType<typeof setTimeout> | undefined;

export function currentDraft(defaultType: string): NewComplaintForm {
  newComplaintDraft.form ??= emptyNewComplaintForm(defaultType);
  return newComplaintDraft.form;
}

/** The draft kept on this computer, when memory has none (after a reload); null otherwise. */
export async function restoreDraft(db: DeskDatabase): Promise<NewComplaintForm | null> {
  const kept = await readDraft(db).catch(() => null);
  if (kept === null) return null;
  newComplaintDraft.form = kept;
  return newComplaintDraft.form;
}

/** Anything typed beyond the type the form starts with. */
export function isFilled(form: NewComplaintForm, defaultType: string): boolean {
  const { variantCode, items, ...texts } = form;
  return (
    variantCode.trim() !== defaultType.trim() ||
    items.some((item) => item.label.trim() !== '' || item.quantity.trim() !== '' || item.price.trim() !== '') ||
    Object.values(texts).some((value) => value.trim() !== '')
  );
}

/** Keeps the form on this computer shortly after the last change (an empty form is not kept). */
export function keepDraft(db: DeskDatabase, form: NewComplaintForm, defaultType: string): void {
  clearTimeout(pendingSave);
  const copy = $state.snapshot(form) as NewComplaintForm;
  pendingSave = setTimeout(() => {
    const kept = isFilled(copy, defaultType) ? saveDraft(db, copy) : deleteDraft(db);
    void kept.catch(() => undefined);
  }, SAVE_DELAY_MS);
}

/** Forgets the draft: in memory, and on this computer when the database is given. */
export function clearDraft(db?: DeskDatabase): void {
  clearTimeout(pendingSave);
  newComplaintDraft.form = null;
  if (db) void deleteDraft(db).catch(() => undefined);
}

/** A form of its own (correcting a filed complaint), reactive like the draft. */
export function reactiveForm(form: NewComplaintForm): NewComplaintForm {
  const state = $state(form);
  return state;
}
