/** The worklist's frozen order (#13, finding 1): what is shown, and how many the live order would change. */
import { describe, expect, it } from 'vitest';
import { absorbAdded, changedCount, filtersKey, longestIncreasingRun, shownIds, type FrozenList } from '../../../../renderer/src/ui/worklist/frozen-order';

const frozen = (ids: string[], known = ids): FrozenList => ({ ids, known: new Set(known), key: 'k' });

describe('frozen order', () => {
  it('keeps the frozen order; removed ones leave, added ones appear where new ones go', () => {
    const list = frozen(['C', 'B', 'A']);
    expect(shownIds(list, ['A', 'C', 'B'], new Set(['A', 'B', 'C']), true)).toEqual(['C', 'B', 'A']);
    expect(shownIds(list, ['C', 'A'], new Set(['A', 'C']), true)).toEqual(['C', 'A']);
    expect(shownIds(list, ['D', 'C', 'B', 'A'], new Set(['A', 'B', 'C', 'D']), true)).toEqual(['D', 'C', 'B', 'A']);
    expect(shownIds(list, ['C', 'B', 'A', 'D'], new Set(['A', 'B', 'C', 'D']), false)).toEqual(['C', 'B', 'A', 'D']);
  });

  it('counts the fewest moves, and complaints that left or joined the filter', () => {
    const list = frozen(['E', 'D', 'C', 'B', 'A']);
    const shown = [...list.ids];
    expect(changedCount(list, shown, ['E', 'D', 'C', 'B', 'A'])).toBe(0);
    // A changed last: "Last changed first" puts it on top, one move (not five).
    expect(changedCount(list, shown, ['A', 'E', 'D', 'C', 'B'])).toBe(1);
    // B left the filter, F joined it (a colleague's change), A moved.
    expect(changedCount(list, shown, ['A', 'F', 'E', 'D', 'C'])).toBe(3);
  });

  it('takes added complaints in once, so they stay put afterwards', () => {
    const empty = frozen([]);
    const taken = absorbAdded(empty, ['B', 'A'], new Set(['A', 'B', 'X']), true);
    expect(taken.ids).toEqual(['B', 'A']);
    expect([...taken.known].sort()).toEqual(['A', 'B', 'X']);
    expect(absorbAdded(taken, ['A', 'B'], new Set(['A', 'B', 'X']), true)).toBe(taken);
    // A moved in the live order: one change, the shown order stays.
    expect(shownIds(taken, ['A', 'B'], new Set(['A', 'B', 'X']), true)).toEqual(['B', 'A']);
    expect(changedCount(taken, ['B', 'A'], ['A', 'B'])).toBe(1);
  });

  it('longest increasing run and the filters key', () => {
    expect(longestIncreasingRun([])).toBe(0);
    expect(longestIncreasingRun([3, 1, 2, 5, 4])).toBe(3);
    expect(filtersKey({ search: 'a', status: 'new', onlyPending: false, sort: 'newest' })).not.toBe(
      filtersKey({ search: 'a', status: 'new', onlyPending: false, sort: 'oldest' }),
    );
  });
});
