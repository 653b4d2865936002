/**
 * Adds complaint IDs to the worklist and downloads their details in the background,
 * stopping early on an error that would fail every further download the same way.
 * Every ID is checked against the one rule again here (common/complaint-id.ts): callers
 * already refuse bad IDs with a reason, this keeps any path from storing one.
 */
import { isComplaintId } from '../../../../common/complaint-id';
import type { DeskError } from '../../../../common/errors';
import type { DeskApi } from '../../../../common/ipc-contract';
import type { DeskDatabase } from '../../data/db';
import { runPool } from '../../data/pool';
import { addComplaints, refreshComplaint } from '../../data/worklist';

/** Errors after which fetching more details would fail the same way. */
const STOP_FETCHING: ReadonlySet<DeskError['kind']> = new Set([
  'auth',
  'rate-limited',
  'network',
  'not-configured',
  'no-keychain',
  'forbidden',
]);

export function fetchInBackground(db: DeskDatabase, desk: DeskApi, concurrency: number, ids: readonly string[]): void {
  if (ids.length === 0) return;
  let stop = false;
  void runPool(
    ids,
    concurrency,
    async (id) => {
      const result = await refreshComplaint(db, desk, id);
      if (!result.ok && STOP_FETCHING.has(result.error.kind)) stop = true;
    },
    () => stop,
  ).catch(() => undefined);
}

export async function addAndDownload(
  db: DeskDatabase,
  desk: DeskApi,
  concurrency: number,
  ids: readonly string[],
): Promise<{ added: string[]; alreadyThere: string[] }> {
  const valid = ids.filter((id) => isComplaintId(id));
  if (valid.length === 0) return { added: [], alreadyThere: [] };
  const result = await addComplaints(db, valid);
  fetchInBackground(db, desk, concurrency, result.added);
  return result;
}
