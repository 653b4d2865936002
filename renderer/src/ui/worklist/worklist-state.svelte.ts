/**
 * The worklist's place, kept while the agent opens a complaint and comes back: search, status filter, order, "only unsent", scroll position, the focused
 * row, the frozen order and the selection. The view is unmounted while a complaint is
 * open, so this lives outside it: one per destination (demo and live each keep their
 * own), in memory, and its small part (no rows; the search text, which is personal, sealed
 * with the data key: ../../data/session-text.ts) in sessionStorage so a reload keeps it too.
 */
import { z } from 'zod';
import { ComplaintStatusSchema, type ComplaintStatus } from '../../../../common/status';
import type { CachedComplaint } from '../../data/db';
import type { SessionTextSealer } from '../../data/session-text';
import type { WorklistOrder } from '../../data/worklist-query';
import type { FrozenList } from './frozen-order';

export type SortOrder = 'newest' | 'oldest' | 'customer' | 'created';

const SavedSchema = z.object({
  /** Sealed (SessionTextSealer); '' when there is none. */
  search: z.string().max(2000),
  status: ComplaintStatusSchema.or(z.literal('')),
  onlyPending: z.boolean(),
  sort: z.enum(['newest', 'oldest', 'customer', 'created']),
  scrollTop: z.number().nonnegative().finite(),
  focusedId: z.string().max(64).nullable(),
});
type Saved = z.infer<typeof SavedSchema>;

export class WorklistPlace {
  search = $state('');
  status = $state<ComplaintStatus | ''>('');
  onlyPending = $state(false);
  sort = $state<SortOrder>('newest');
  /** Checked rows (IDs), for removing many at once. */
  // Replaced whole, never mutated ($state.raw): a plain Set is right here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  selected = $state.raw<ReadonlySet<string>>(new Set());
  /** The last checkbox clicked: Shift+click selects from it. */
  anchorId: string | null = null;
  scrollTop = 0;
  focusedId: string | null = null;
  /** Set when a row is opened: coming back puts the keyboard on that row again. */
  refocus = false;
  /** Memory only (20,000 IDs do not belong in sessionStorage): the list as last sorted. */
  frozen: FrozenList | null = null;
  /** The last live order and rows shown, so coming back draws the list at once. */
  order: WorklistOrder | null = null;
  rows: Record<string, CachedComplaint> = {};

  constructor(
    private readonly storageKey: string,
    private readonly sealer: SessionTextSealer | null = null,
  ) {
    const saved = readSaved(storageKey);
    if (saved) {
      this.search = saved.search === '' || sealer === null ? '' : (sealer.open(storageKey, saved.search) ?? '');
      this.status = saved.status;
      this.onlyPending = saved.onlyPending;
      this.sort = saved.sort;
      this.scrollTop = saved.scrollTop;
      this.focusedId = saved.focusedId;
    }
  }

  save(): void {
    const saved: Saved = {
      search: this.search === '' ? '' : (this.sealer?.seal(this.storageKey, this.search) ?? ''),
      status: this.status,
      onlyPending: this.onlyPending,
      sort: this.sort,
      scrollTop: this.scrollTop,
      focusedId: this.focusedId,
    };
    try {
      globalThis.sessionStorage?.setItem(this.storageKey, JSON.stringify(saved));
    } catch {
      // Storage full or blocked: the place is still kept in memory for this window.
    }
  }
}

function readSaved(key: string): Saved | null {
  try {
    const text = globalThis.sessionStorage?.getItem(key);
    if (!text) return null;
    const parsed = SavedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// Bookkeeping, not state a component reads.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const places = new Map<string, WorklistPlace>();

/** The worklist's place for a destination's database (created on first use). */
export function worklistPlace(destination: string, sealer: SessionTextSealer | null = null): WorklistPlace {
  let place = places.get(destination);
  if (!place) {
    place = new WorklistPlace(`desk.worklist.${destination}`, sealer);
    places.set(destination, place);
  }
  return place;
}
