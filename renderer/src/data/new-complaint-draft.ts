/**
 * The New complaint form as typed, kept on this computer across a reload or a restart:
 * one row of the `meta` table, the whole form sealed with the database's data key (the
 * at-rest machinery of ./sealing.ts, the row's key as associated data), so the profile's
 * IndexedDB files hold no readable name, email or bank account. Without a data key
 * nothing is written. A draft that cannot be opened (another key, altered) or does not
 * have the form's shape reads as no draft.
 */
import { z } from 'zod';
import type { NewComplaintForm } from '../../../common/new-complaint';
import type { DeskDatabase } from './db';
import { isSealedValue, UNREADABLE, type SealedValue } from './sealing';

const DRAFT_KEY = 'newComplaintDraft';
const TABLE = 'meta';

interface DraftRow {
  key: typeof DRAFT_KEY;
  draft: SealedValue;
}

const text = z.string().max(20_000);
const DraftFormSchema = z.object({
  variantCode: text,
  description: text,
  customerName: text,
  email: text,
  phone: text,
  orderNumber: text,
  items: z.array(z.object({ label: text, quantity: text, price: text })).max(500),
  refundCountry: text,
  refundBankAccount: text,
  refundVariableSymbol: text,
});

// The meta table is typed for its sync row; other rows are reached by name (as ./destinations.ts does).
function drafts(db: DeskDatabase) {
  return db.table<DraftRow, string>(TABLE);
}

/** Keeps the draft (sealed); false when it could not be kept (no data key yet). */
export async function saveDraft(db: DeskDatabase, form: NewComplaintForm): Promise<boolean> {
  const sealer = db.sealer;
  if (sealer === null) return false;
  await drafts(db).put({ key: DRAFT_KEY, draft: sealer.seal(TABLE, DRAFT_KEY, form) });
  return true;
}

/** The kept draft, or null when there is none or it cannot be read. */
export async function readDraft(db: DeskDatabase): Promise<NewComplaintForm | null> {
  const sealer = db.sealer;
  const row = await drafts(db).get(DRAFT_KEY);
  if (sealer === null || row === undefined || !isSealedValue(row.draft)) return null;
  const opened = sealer.open(TABLE, DRAFT_KEY, row.draft);
  if (opened === UNREADABLE) return null;
  const parsed = DraftFormSchema.safeParse(opened);
  return parsed.success ? parsed.data : null;
}

export async function deleteDraft(db: DeskDatabase): Promise<void> {
  await drafts(db).delete(DRAFT_KEY);
}
