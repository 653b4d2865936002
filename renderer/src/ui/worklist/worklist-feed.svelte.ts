/**
 * The worklist's live reads (see data/worklist-query.ts), combined in memory: the order,
 * the status filter's keys, "only unsent" and the search's keys. Manual subscriptions
 * rather than `$derived(query)`, so each keeps its last result while the next one is on
 * its way (no flash of an empty list on every keystroke).
 * Create it while a component initialises: it owns effects.
 */
import type { ComplaintStatus } from '../../../../common/status';
import type { DeskDatabase } from '../../data/db';
import type { PacedQuery } from '../../data/paced-query';
import {
  loadFirstPage,
  liveKeysMatchingSearch,
  liveKeysWithPending,
  liveKeysWithStatus,
  liveOrder,
  type WorklistOrder,
} from '../../data/worklist-query';
import { loadSortKeys, sortByKeys, type SortKeyKind, type SortKeys } from '../../data/worklist-sort';
import { locale } from '../../i18n/index.svelte';
import { describeException } from '../errors';
import type { WorklistPlace } from './worklist-state.svelte';

type Tagged<K, V> = { key: K; value: V };

/** Between two reads of the same key list while complaints are being written. */
const FEED_GAP_MS = 300;
/** Rows of the first screen read before the whole order (more than any screen shows). */
const FIRST_PAGE = 100;
/** Keystrokes closer together than this are one burst of typing. */
const TYPING_PAUSE_MS = 120;

export interface WorklistFeed {
  /** The search as queried (typing waits for a short pause). */
  readonly search: string;
  readonly order: WorklistOrder | null;
  /** Every complaint in the worklist. */
  readonly exists: ReadonlySet<string>;
  /** The filtered list in the chosen order; null while a filter's keys are on their way. */
  readonly live: string[] | null;
  readonly filtered: boolean;
  /** A typed search or a filter is still on its way. */
  readonly searching: boolean;
  readonly error: string | null;
  /** Reads every list now (they are paced while complaints are written): before the agent re-sorts. */
  refresh(): Promise<void>;
}

export function createWorklistFeed(db: DeskDatabase, place: WorklistPlace): WorklistFeed {
  let search = $state(place.search.trim().toLowerCase());
  let error = $state<string | null>(null);
  let order = $state.raw<WorklistOrder | null>(place.order);
  let statusKeys = $state.raw<Tagged<ComplaintStatus, Set<string>> | null>(null);
  let pendingKeys = $state.raw<Set<string> | null>(null);
  let searchMatches = $state.raw<Tagged<string, Set<string>> | null>(null);
  let sortKeys = $state.raw<Tagged<SortKeyKind, SortKeys> | null>(null);
  const sortKind = $derived<SortKeyKind | null>(place.sort === 'customer' || place.sort === 'created' ? place.sort : null);
  /** How many complaints the keys were read for: complaints added since are read again. */
  let sortKeysTotal = -1;

  async function readSortKeys(kind: SortKeyKind): Promise<void> {
    try {
      const value = await loadSortKeys(db, kind);
      if (sortKind === kind) sortKeys = { key: kind, value };
    } catch (cause) {
      error = describeException(cause);
    }
  }

  // A search typed after a pause (or pasted) is queried at once; while the agent types on,
  // each keystroke would start a new query: those wait until typing pauses.
  let lastTypedAt = -Infinity;
  $effect(() => {
    const value = place.search.trim().toLowerCase();
    const now = performance.now();
    const burst = now - lastTypedAt < TYPING_PAUSE_MS;
    lastTypedAt = now;
    if (!burst) {
      search = value;
      return;
    }
    const timer = setTimeout(() => (search = value), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  });

  // Bookkeeping of the live subscriptions, never rendered: a plain Set is right here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const following = new Set<{ refresh(): Promise<void> }>();

  const pace = { minGapMs: () => FEED_GAP_MS };

  function follow<T>(query: PacedQuery<T>, next: (value: T) => void): () => void {
    const subscription = query.subscribe({
      next: (value) => {
        error = null;
        next(value);
      },
      error: (cause: unknown) => (error = describeException(cause)),
    });
    following.add(subscription);
    return () => {
      following.delete(subscription);
      subscription.unsubscribe();
    };
  }

  // The whole order reads every key of the index: with a big worklist the first screen is
  // drawn from its own short read first (the default list only, nothing to restore: a
  // filter or a kept scroll position needs the whole list).
  if (order === null && search === '' && place.status === '' && !place.onlyPending && place.scrollTop === 0 && place.focusedId === null) {
    loadFirstPage(db, place.sort === 'newest', FIRST_PAGE).then(
      (first) => {
        if (order === null) order = first;
      },
      () => undefined, // the whole order follows (and reports its own error)
    );
  }

  $effect(() =>
    follow(
      liveOrder(db, pace),
      (value) => {
        order = value;
        place.order = value;
      },
    ),
  );

  $effect(() => {
    const status = place.status;
    if (status === '') return;
    const stop = follow(liveKeysWithStatus(db, status, pace), (value) => (statusKeys = { key: status, value }));
    return () => {
      stop();
      statusKeys = null;
    };
  });

  $effect(() => {
    if (!place.onlyPending) return;
    const stop = follow(liveKeysWithPending(db, pace), (value) => (pendingKeys = value));
    return () => {
      stop();
      pendingKeys = null;
    };
  });

  $effect(() => {
    const needle = search;
    if (needle === '') return;
    const stop = follow(liveKeysMatchingSearch(db, needle, pace), (value) => (searchMatches = { key: needle, value }));
    return () => {
      stop();
      searchMatches = null;
    };
  });

  // Read once per choice of order, and again when complaints are added or removed.
  $effect(() => {
    const kind = sortKind;
    const total = order?.total ?? 0;
    if (kind === null) {
      sortKeys = null;
      sortKeysTotal = -1;
      return;
    }
    if (sortKeys?.key === kind && total === sortKeysTotal) return;
    sortKeysTotal = total;
    void readSortKeys(kind);
  });

  // Replaced whole, never mutated: a plain Set is right here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const exists = $derived(new Set(order?.ids ?? []));
  const ready = $derived(
    order !== null &&
      (place.status === '' || statusKeys?.key === place.status) &&
      (!place.onlyPending || pendingKeys !== null) &&
      (search === '' || searchMatches?.key === search) &&
      (sortKind === null || sortKeys?.key === sortKind),
  );
  const filtered = $derived(place.status !== '' || place.onlyPending || search !== '');
  const live = $derived.by((): string[] | null => {
    if (!ready || order === null) return null;
    const lastChangedFirst = order.ids.slice().reverse();
    const ordered =
      place.sort === 'oldest'
        ? order.ids
        : sortKind !== null && sortKeys !== null
          ? sortByKeys(lastChangedFirst, sortKeys.value, sortKind, locale())
          : lastChangedFirst;
    const sets: Set<string>[] = [];
    if (place.status !== '' && statusKeys) sets.push(statusKeys.value);
    if (place.onlyPending && pendingKeys) sets.push(pendingKeys);
    if (search !== '' && searchMatches) sets.push(searchMatches.value);
    return sets.length === 0 ? ordered : ordered.filter((id) => sets.every((set) => set.has(id)));
  });

  return {
    get search() {
      return search;
    },
    get order() {
      return order;
    },
    get exists() {
      return exists;
    },
    get live() {
      return live;
    },
    get filtered() {
      return filtered;
    },
    get searching() {
      return !ready || place.search.trim().toLowerCase() !== search;
    },
    get error() {
      return error;
    },
    async refresh() {
      const kind = sortKind;
      await Promise.all([...[...following].map((subscription) => subscription.refresh()), kind === null ? null : readSortKeys(kind)]);
    },
  };
}
