/**
 * Operations on rows in their stored form, below the at-rest middleware (./at-rest.ts):
 * they read or write what IndexedDB holds without opening or sealing anything. The sync
 * engine's clear-field patch (every change rewrites a complaint's pending figures, and
 * re-sealing unchanged personal data for that would be waste) and the complaint scan's
 * glance (which rows need a download, from the clear flags, without opening every seal).
 * Apart from the middleware because they are its exceptions: each must know the stored
 * form the middleware writes, so they live beside it, under its policies.
 */
import type { DBCoreTransaction } from 'dexie';
import { AT_REST_POLICIES, WORDS_DIGEST, type SealerSlot } from './at-rest';
import { isSealedValue } from './sealing';

type Row = Record<string, unknown>;

/** What patchClearFields did: patched the stored row, found no row, or left it to an ordinary put. */
export type ClearPatch = 'patched' | 'absent' | 'refused';

/** Fields of a stored row that only the middleware (./at-rest.ts) writes. */
const STORED_FORM_FIELDS: readonly string[] = ['sealed', 'plain', 'atRest', 'tokensPending', 'fetchFailed', WORDS_DIGEST];

/** What a scan of the cached complaints needs to pick those to download (./complaint-scan.ts). */
export interface ComplaintGlance {
  id: string;
  localRef?: string;
  fetchedAt: number | null;
  existsOnServer: boolean | null;
  /** The last download failed (`fetchError` holds a value). */
  fetchFailed: boolean;
}

/**
 * A stored complaint row's glance from its clear part only; null when only opening its
 * seal can tell: a row from before the flags, or sealed under another key (it reads as
 * "not downloaded yet" once opened, see `unreadable`).
 */
export function glanceAtStoredComplaint(stored: unknown, keyId: string | null): ComplaintGlance | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const row = stored as Row;
  if (typeof row.id !== 'string') return null;
  const glance = (fetchFailed: boolean): ComplaintGlance => ({
    id: row.id as string,
    ...(typeof row.localRef === 'string' ? { localRef: row.localRef } : {}),
    fetchedAt: typeof row.fetchedAt === 'number' ? row.fetchedAt : null,
    existsOnServer: typeof row.existsOnServer === 'boolean' ? row.existsOnServer : null,
    fetchFailed,
  });
  if (row.atRest !== 1) return glance(row.fetchError !== undefined && row.fetchError !== null);
  const { sealed } = row;
  if (sealed !== undefined && (!isSealedValue(sealed) || keyId === null || sealed.kid !== keyId)) return null;
  if (row.fetchFailed !== 0 && row.fetchFailed !== 1) return sealed === undefined ? glance(false) : null;
  return glance(row.fetchFailed === 1);
}

/**
 * Sets clear fields of one stored row in place, inside the caller's read-write transaction
 * (`trans`, over `table`): the row is read and written in its stored form, so its sealed
 * part is neither opened nor sealed again and its search tokens are not looked at. For
 * writes that change only what is clear (the sync engine's pending figures and statuses on
 * every change). 'refused' when an ordinary put must do it: `patch` names a personal or a
 * stored-form field, or the row is not in this middleware's form with everything sealed (a
 * row of an earlier release, or one with fields kept clear for a memory-only key, is
 * rewritten by the ordinary path, which seals it).
 */
export async function patchClearFields(
  slot: SealerSlot,
  trans: DBCoreTransaction,
  table: string,
  key: string | number,
  patch: Readonly<Row>,
): Promise<ClearPatch> {
  const policy = AT_REST_POLICIES[table];
  const core = slot.stored;
  if (policy === undefined || core === undefined) return 'refused';
  const fields = Object.keys(patch);
  if (fields.some((f) => policy.personal.includes(f) || f === policy.tokenIndex || STORED_FORM_FIELDS.includes(f))) return 'refused';
  const down = core.table(table);
  const stored: unknown = await down.get({ trans, key });
  if (stored === undefined) return 'absent';
  if (typeof stored !== 'object' || stored === null) return 'refused';
  const row = stored as Row;
  if (row.atRest !== 1 || row.plain !== undefined || row.tokensPending !== undefined) return 'refused';
  const next: Row = { ...row };
  for (const field of fields) {
    if (patch[field] === undefined) delete next[field];
    else next[field] = patch[field];
  }
  await down.mutate({ type: 'put', trans, values: [next] });
  return 'patched';
}
