/**
 * Selecting many worklist rows: a click toggles one, Shift+click sets
 * the whole range from the last clicked row to this one (as in a file manager), "Select
 * all not found" adds every shown complaint BizKitHub does not know. Pure functions over
 * the shown IDs; the selection itself lives in the worklist's place.
 */

/** One row toggled, or (with `range`) every row between `anchorId` and `id` set to `checked`. */
export function selectRows(
  selected: ReadonlySet<string>,
  shown: readonly string[],
  id: string,
  checked: boolean,
  range: { anchorId: string | null } | null,
): Set<string> {
  const next = new Set(selected);
  const to = shown.indexOf(id);
  const from = range?.anchorId != null ? shown.indexOf(range.anchorId) : -1;
  const ids = range !== null && from >= 0 && to >= 0 ? shown.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  for (const each of ids) {
    if (checked) next.add(each);
    else next.delete(each);
  }
  return next;
}

/** The shown rows among `matching` (e.g. the complaints not found), added to the selection. */
export function selectMatching(selected: ReadonlySet<string>, shown: readonly string[], matching: ReadonlySet<string>): Set<string> {
  const next = new Set(selected);
  for (const id of shown) if (matching.has(id)) next.add(id);
  return next;
}

/** The selection without complaints that are gone (removed, or no longer in the worklist). */
export function keepExisting(selected: ReadonlySet<string>, exists: ReadonlySet<string>): ReadonlySet<string> {
  for (const id of selected) if (!exists.has(id)) return new Set([...selected].filter((each) => exists.has(each)));
  return selected;
}
