/**
 * The worklist's orders besides "last changed" (the `lastChangeAt` index): by the
 * customer's name (as downloaded, or as filed for a complaint not yet downloaded) and by
 * when BizKitHub created the complaint (the date of its timeline's first event; the API
 * names no creation time). Neither has an index (names are sealed at rest), so the keys
 * are read from the rows once, when the agent chooses the order or asks to sort again,
 * not on every write of a drain.
 */
import type { CachedComplaint, DeskDatabase } from './db';

export type SortKeyKind = 'customer' | 'created';

/** Per complaint ID, what it sorts by; a complaint without one (not downloaded, no dates) is absent. */
export type SortKeys = ReadonlyMap<string, string | number>;

export function sortKeyOf(row: CachedComplaint, kind: SortKeyKind): string | number | null {
  if (kind === 'customer') {
    const name = row.detail?.customerName ?? row.draft?.customerName ?? '';
    return name.trim() === '' ? null : name.trim();
  }
  const first = row.detail?.events?.find((event) => typeof event.date === 'string');
  const at = first?.date ? Date.parse(first.date) : Number.NaN;
  return Number.isFinite(at) ? at : null;
}

export async function loadSortKeys(db: DeskDatabase, kind: SortKeyKind): Promise<SortKeys> {
  const keys = new Map<string, string | number>();
  await db.complaints.each((row) => {
    const key = sortKeyOf(row, kind);
    if (key !== null) keys.set(row.id, key);
  });
  return keys;
}

/**
 * `ids` (last changed first) in the chosen order: names A–Z in the agent's language,
 * creation newest first; those without a key after the others; ties keep `ids`' order.
 */
export function sortByKeys(ids: readonly string[], keys: SortKeys, kind: SortKeyKind, locale: string): string[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const position = new Map(ids.map((id, index) => [id, index]));
  return [...ids].sort((a, b) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
    } else {
      const byKey = kind === 'customer' ? collator.compare(String(ka), String(kb)) : Number(kb) - Number(ka);
      if (byKey !== 0) return byKey;
    }
    return (position.get(a) ?? 0) - (position.get(b) ?? 0);
  });
}
