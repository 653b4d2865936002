/**
 * The agent's worklist: complaint IDs the agent already has (the API cannot list
 * complaints), cached with their last `detail`. Network calls go through `desk` and
 * always happen outside Dexie transactions.
 */
import type { ComplaintDetail } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import type { DeskApi } from '../../../common/ipc-contract';
import { isUnsent } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import { entriesOfComplaint, newCachedComplaint, searchTextOf, type DeskDatabase } from './db';
import { runPool } from './pool';
import { searchWordsOf } from './search-words';

/** Adds IDs (already parsed and validated, e.g. by parseComplaintIds) that are not there yet. */
export async function addComplaints(
  db: DeskDatabase,
  ids: readonly string[],
  now: number = Date.now(),
): Promise<{ added: string[]; alreadyThere: string[] }> {
  const unique = [...new Set(ids)];
  return db.transaction('rw', db.complaints, async () => {
    const existing = await db.complaints.bulkGet(unique);
    const added: string[] = [];
    const alreadyThere: string[] = [];
    unique.forEach((id, i) => (existing[i] ? alreadyThere : added).push(id));
    await db.complaints.bulkAdd(added.map((id) => newCachedComplaint(id, now)));
    return { added, alreadyThere };
  });
}

/** Removes a complaint from the worklist; refused while it has unsent changes. Its sent history stays until pruned. */
export async function removeComplaint(
  db: DeskDatabase,
  id: string,
): Promise<Result<void, { reason: 'unsent-changes'; pending: number }>> {
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const pending = await entriesOfComplaint(db, id)
      .filter((e) => isUnsent(e.state))
      .count();
    if (pending > 0) return err({ reason: 'unsent-changes' as const, pending });
    await db.complaints.delete(id);
    return ok(undefined);
  });
}

/**
 * Stores a fresh `detail`: detail, existence and the confirmed status. Never touches
 * pendingStatus/pendingCount (those follow the outbox). A complaint no longer in the
 * worklist is not re-added. Used by refreshComplaint and by the sync engine.
 */
export async function applyDetail(db: DeskDatabase, id: string, detail: ComplaintDetail, now: number): Promise<void> {
  await db.transaction('rw', db.complaints, async () => {
    const row = await db.complaints.get(id);
    if (!row) return;
    const statusMoved = row.serverStatus !== null && row.serverStatus !== detail.status;
    await db.complaints.put({
      ...row,
      detail,
      existsOnServer: true,
      serverStatus: detail.status,
      fetchedAt: now,
      fetchError: null,
      lastChangeAt: statusMoved ? Math.max(row.lastChangeAt, now) : row.lastChangeAt,
      searchText: searchTextOf(id, detail),
      searchWords: searchWordsOf(id, detail),
    });
  });
}

/** Records a failed fetch: not-found marks the complaint as gone (kept); other errors keep the previous detail. */
export async function applyFetchError(db: DeskDatabase, id: string, error: DeskError, now: number): Promise<void> {
  await db.transaction('rw', db.complaints, async () => {
    const row = await db.complaints.get(id);
    if (!row) return;
    if (error.kind === 'not-found') {
      await db.complaints.put({ ...row, existsOnServer: false, fetchedAt: now, fetchError: null });
    } else {
      await db.complaints.put({ ...row, fetchError: error });
    }
  });
}

type DetailDesk = Pick<DeskApi, 'getComplaint'>;

/** Fetches one complaint's detail and stores the answer (see applyDetail / applyFetchError). */
export async function refreshComplaint(
  db: DeskDatabase,
  desk: DetailDesk,
  id: string,
  now: () => number = Date.now,
): Promise<Result<ComplaintDetail, DeskError>> {
  const result = await desk.getComplaint({ id });
  if (result.ok) await applyDetail(db, id, result.value, now());
  else await applyFetchError(db, id, result.error, now());
  return result;
}

/** Errors after which further requests would fail the same way: refreshAll stops. */
const STOPPING_KINDS: ReadonlySet<DeskError['kind']> = new Set([
  'auth',
  'rate-limited',
  'network',
  'not-configured',
  'no-keychain',
  'forbidden',
]);

export interface RefreshAllReport {
  refreshed: number;
  notFound: number;
  failed: number;
  /** Set when refreshing stopped early (offline, rate limit, key problem); the rest were not tried. */
  stoppedBy: DeskError | null;
}

/** Refreshes every complaint in the worklist, `concurrency` at a time, oldest fetch first. */
export async function refreshAll(
  db: DeskDatabase,
  desk: DetailDesk,
  options: { concurrency?: number; now?: () => number } = {},
): Promise<RefreshAllReport> {
  const rows = await db.complaints.toArray();
  rows.sort((a, b) => (a.fetchedAt ?? -1) - (b.fetchedAt ?? -1));
  const report: RefreshAllReport = { refreshed: 0, notFound: 0, failed: 0, stoppedBy: null };
  await runPool(
    rows.map((r) => r.id),
    options.concurrency ?? 4,
    async (id) => {
      const result = await refreshComplaint(db, desk, id, options.now);
      if (result.ok) report.refreshed += 1;
      else if (result.error.kind === 'not-found') report.notFound += 1;
      else {
        report.failed += 1;
        if (STOPPING_KINDS.has(result.error.kind)) report.stoppedBy ??= result.error;
      }
    },
    () => report.stoppedBy !== null,
  );
  return report;
}
