/**
 * The worklist keeps the order it showed while the agent works through it: a status
 * change moves a complaint in "Last changed first" and may take it out of the filter, and a list that re-sorted itself under the agent made ↓ skip rows
 * or land on one outside the filter. These pure helpers compare the frozen list with the
 * live one: what to show now, and how many complaints the live order would move.
 */

export interface FrozenList {
  /** The list as it was last sorted (filters applied then). */
  ids: readonly string[];
  /** Every complaint in the worklist at that moment: an ID not in it was added since. */
  known: ReadonlySet<string>;
  /** The filters and order it was taken for (see filtersKey). */
  key: string;
}

/**
 * What the agent sees: the frozen list without complaints removed since, and complaints
 * added since (not in `known`) where the live order puts new ones: first when newest
 * first, else last. Added ones appear at once: the agent just asked for them.
 */
export function shownIds(
  frozen: FrozenList,
  live: readonly string[],
  exists: ReadonlySet<string>,
  newestFirst: boolean,
): string[] {
  const kept = frozen.ids.filter((id) => exists.has(id));
  const added = live.filter((id) => !frozen.known.has(id));
  if (added.length === 0) return kept;
  return newestFirst ? [...added, ...kept] : [...kept, ...added];
}

/**
 * The frozen list with complaints added since taken in (where shownIds shows them), and
 * every complaint now in the worklist known: one added later only joins when the agent
 * sorts again. The same object when nothing was added.
 */
export function absorbAdded(
  frozen: FrozenList,
  live: readonly string[],
  exists: ReadonlySet<string>,
  newestFirst: boolean,
): FrozenList {
  let unknown = false;
  for (const id of exists) {
    if (!frozen.known.has(id)) {
      unknown = true;
      break;
    }
  }
  if (!unknown) return frozen;
  const added = live.filter((id) => !frozen.known.has(id));
  const ids = newestFirst ? [...added, ...frozen.ids] : [...frozen.ids, ...added];
  return { ids, known: exists, key: frozen.key };
}

/**
 * How many complaints the live list would show differently: ones that left or joined the
 * filter, plus the fewest that moved (the rest keep their relative order: the longest
 * increasing run of their live positions). Complaints added since are already shown.
 */
export function changedCount(frozen: FrozenList, shown: readonly string[], live: readonly string[]): number {
  const livePos = new Map<string, number>();
  live.forEach((id, i) => livePos.set(id, i));
  const shownSet = new Set(shown);
  let changed = 0;
  for (const id of live) if (!shownSet.has(id)) changed += 1;
  const positions: number[] = [];
  for (const id of shown) {
    const at = livePos.get(id);
    if (at === undefined) changed += 1;
    else positions.push(at);
  }
  return changed + positions.length - longestIncreasingRun(positions);
}

/** Length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): number {
  const tails: number[] = [];
  for (const value of values) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = value;
  }
  return tails.length;
}

/** The filters and order a frozen list belongs to: another key means the agent asked for another list. */
export function filtersKey(filters: { search: string; status: string; onlyPending: boolean; sort: string }): string {
  return JSON.stringify([filters.search, filters.status, filters.onlyPending, filters.sort]);
}
