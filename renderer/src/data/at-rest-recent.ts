/**
 * The record cache of the at-rest middleware (./at-rest.ts): per record, its personal part
 * as last opened or sealed, with the sealed value it came from. Kept apart from the
 * middleware because it is a policy of its own: a small LRU keyed by table and primary key,
 * valid only under the sealer that filled it, compared by the sealed bytes.
 */
import type { Sealer, SealedValue } from './sealing';

type Row = Record<string, unknown>;

/** Where the cache lives: the database's sealer slot (./at-rest.ts `SealerSlot`). */
export interface RecentSlot {
  readonly sealer: Sealer | null;
  recent?: Map<string, Opened>;
}

/**
 * A record's personal part as last opened or sealed, with the sealed value it came from.
 * A drain rewrites a complaint's row several times per change with only its pending
 * figures changed: the personal fields are the very objects that were read, so the sealed
 * value is written again as it was (the same bytes: no new encryption under its IV), and
 * a read of that same value gives the same objects without opening it again.
 */
export interface Opened {
  sealer: Sealer;
  sealed: SealedValue;
  fields: Row;
}

const RECENT_MAX = 256;

export function recentKey(table: string, primaryKey: unknown): string | null {
  return typeof primaryKey === 'string' || typeof primaryKey === 'number' ? `${table}\u0000${String(primaryKey)}` : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function rememberOpened(slot: RecentSlot, key: string | null, entry: Opened): void {
  if (key === null) return;
  const recent = (slot.recent ??= new Map());
  recent.delete(key);
  recent.set(key, entry);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
}

/** The opened fields of `sealed` when it is the value last seen for this record, under the current key. */
export function recentlyOpened(slot: RecentSlot, key: string | null, sealed: SealedValue): Row | null {
  const entry = key === null ? undefined : slot.recent?.get(key);
  if (!entry || entry.sealer !== slot.sealer) return null;
  return entry.sealed.kid === sealed.kid && sameBytes(entry.sealed.iv, sealed.iv) && sameBytes(entry.sealed.ct, sealed.ct)
    ? entry.fields
    : null;
}

/** The sealed value to write again when `toSeal` holds exactly the objects last opened or sealed for this record. */
export function unchangedSeal(slot: RecentSlot, key: string | null, toSeal: Row): SealedValue | null {
  const entry = key === null ? undefined : slot.recent?.get(key);
  if (!entry || entry.sealer !== slot.sealer) return null;
  const fields = Object.keys(toSeal);
  if (fields.length !== Object.keys(entry.fields).length) return null;
  return fields.every((field) => entry.fields[field] === toSeal[field]) ? entry.sealed : null;
}
