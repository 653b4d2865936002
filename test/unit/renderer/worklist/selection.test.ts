/** Selecting many worklist rows (#13, finding 5): toggle, Shift-range, "Select all not found". */
import { describe, expect, it } from 'vitest';
import { keepExisting, selectMatching, selectRows } from '../../../../renderer/src/ui/worklist/selection';

const shown = ['A', 'B', 'C', 'D', 'E'];

describe('selection', () => {
  it('toggles one row, or sets the range from the last one clicked', () => {
    expect([...selectRows(new Set(), shown, 'B', true, null)]).toEqual(['B']);
    expect([...selectRows(new Set(['B']), shown, 'E', true, { anchorId: 'B' })].sort()).toEqual(['B', 'C', 'D', 'E']);
    expect([...selectRows(new Set(['A', 'B', 'C', 'D']), shown, 'B', false, { anchorId: 'D' })]).toEqual(['A']);
    // No anchor (or one no longer shown): just the row.
    expect([...selectRows(new Set(), shown, 'C', true, { anchorId: 'Z' })]).toEqual(['C']);
  });

  it('adds the shown rows that match, drops the ones that are gone', () => {
    expect([...selectMatching(new Set(['A']), shown, new Set(['C', 'E', 'Z']))]).toEqual(['A', 'C', 'E']);
    const selected = new Set(['A', 'B']);
    expect(keepExisting(selected, new Set(shown))).toBe(selected);
    expect([...keepExisting(selected, new Set(['B']))]).toEqual(['B']);
  });
});
