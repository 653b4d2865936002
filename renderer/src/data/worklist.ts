/**
 * The agent's worklist: complaint IDs the agent already has (the API cannot list
 * complaints), cached with their last `detail`. Network calls go through `desk` and
 * always happen outside Dexie transactions.
 */
import type { ComplaintDetail } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import type { DeskApi } from '../../../common/ipc-contract';
import { isLocalRef } from '../../../common/new-complaint';
import { isUnsent, UNSENT_STATES } from '../../../common/outbox-rules';
import { err, ok, type Result } from '../../../common/result';
import { scanComplaints, type ComplaintGlance } from './complaint-scan';
import { entriesOfComplaint, newCachedComplaint, type DeskDatabase } from './db';
import { runPool } from './pool';
import { searchWordsOf } from './search-words';

/**
 * IDs added per transaction. Each new row's search tokens are computed in the transaction
 * that writes it (./at-rest.ts): a big import in one transaction would hold the page for
 * seconds, so it is written in steps, the page free in between.
 */
const ADD_STEP = 200;

/**
 * Adds IDs (already parsed and validated, e.g. by parseComplaintIds) that are not there
 * yet. Up to ADD_STEP at once, all or none; a longer list in steps of that many.
 */
export async function addComplaints(
  db: DeskDatabase,
  ids: readonly string[],
  now: number = Date.now(),
): Promise<{ added: string[]; alreadyThere: string[] }> {
  const unique = [...new Set(ids)];
  if (unique.length <= ADD_STEP) return addStep(db, unique, now);
  const report: { added: string[]; alreadyThere: string[] } = { added: [], alreadyThere: [] };
  for (let i = 0; i < unique.length; i += ADD_STEP) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const step = await addStep(db, unique.slice(i, i + ADD_STEP), now);
    report.added.push(...step.added);
    report.alreadyThere.push(...step.alreadyThere);
  }
  return report;
}

function addStep(db: DeskDatabase, unique: readonly string[], now: number): Promise<{ added: string[]; alreadyThere: string[] }> {
  return db.transaction('rw', db.complaints, async () => {
    const existing = await db.complaints.bulkGet([...unique]);
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

export interface RemoveManyReport {
  removed: string[];
  /** Kept: each has unsent changes (how many), which removal would orphan. */
  refused: Array<{ id: string; pending: number }>;
}

/**
 * Removes many complaints at once (cleaning up after a big import), in one transaction:
 * those with unsent changes are kept and named, so nothing unsent is ever lost. The
 * outbox is read once through its state index rather than once per complaint.
 */
export async function removeComplaints(db: DeskDatabase, ids: readonly string[]): Promise<RemoveManyReport> {
  const wanted = [...new Set(ids)];
  return db.transaction('rw', db.complaints, db.outbox, async () => {
    const unsent = new Map<string, number>();
    await db.outbox
      .where('state')
      .anyOf([...UNSENT_STATES])
      .each((entry) => unsent.set(entry.complaintId, (unsent.get(entry.complaintId) ?? 0) + 1));
    const removed: string[] = [];
    const refused: RemoveManyReport['refused'] = [];
    for (const id of wanted) {
      const pending = unsent.get(id);
      if (pending === undefined) removed.push(id);
      else refused.push({ id, pending });
    }
    await db.complaints.bulkDelete(removed);
    return { removed, refused };
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
      timelineStale: false,
      // BizKitHub's detail replaces what was filed here (see ./new-complaints.ts).
      draft: undefined,
      lastChangeAt: statusMoved ? Math.max(row.lastChangeAt, now) : row.lastChangeAt,
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
  // A complaint filed here and not yet created has no detail to ask for (the reference
  // is this app's, BizKitHub would answer "does not exist").
  if (isLocalRef(id)) {
    return err({ kind: 'invalid', message: 'This complaint is not yet on BizKitHub: there is no detail to download.' });
  }
  // The database's destination: main refuses if another is current, so one API's answer
  // never lands in another destination's worklist.
  const result = await desk.getComplaint({ id, destination: db.destination });
  if (result.ok) await applyDetail(db, id, result.value, now());
  else if (result.error.kind !== 'wrong-destination') await applyFetchError(db, id, result.error, now());
  return result;
}

/** Errors after which further requests would fail the same way: refreshAll (and a big import's download) stops. */
export const STOPPING_KINDS: ReadonlySet<DeskError['kind']> = new Set([
  'auth',
  'rate-limited',
  'network',
  'not-configured',
  'no-keychain',
  'forbidden',
  'wrong-destination',
]);

export interface RefreshAllReport {
  refreshed: number;
  notFound: number;
  failed: number;
  /** Set when refreshing stopped early (offline, rate limit, key problem); the rest were not tried. */
  stoppedBy: DeskError | null;
}

export interface RefreshAllOptions {
  /** Requests at once. Default 4. */
  concurrency?: number;
  now?: () => number;
  /** Only the complaints for which this holds (default: all); told only what a scan sees without opening a row. */
  filter?: (row: ComplaintGlance) => boolean;
  /** At most this many requests (the oldest fetches are tried first). Default: no limit. */
  limit?: number;
  /**
   * Asked before each request; false stops refreshing (the rest are not tried), e.g. when
   * the rate limit is nearly used up or the caller was stopped.
   */
  mayContinue?: () => boolean | Promise<boolean>;
}

/**
 * Refreshes the worklist's complaints (all, or those `filter` picks), `concurrency` at a
 * time, oldest fetch first (never fetched before all). Stops early on an error that the
 * next requests would hit as well (offline, rate limit, key problem) or when `mayContinue`
 * says so. Scans the rows outside any transaction (./complaint-scan.ts: no row is opened);
 * each answer is stored by itself.
 */
export async function refreshAll(
  db: DeskDatabase,
  desk: DetailDesk,
  options: RefreshAllOptions = {},
): Promise<RefreshAllReport> {
  const { filter, mayContinue } = options;
  const candidates: Array<{ id: string; fetchedAt: number }> = [];
  await scanComplaints(db, (row) => {
    if (filter === undefined || filter(row)) candidates.push({ id: row.id, fetchedAt: row.fetchedAt ?? -1 });
  });
  candidates.sort((a, b) => a.fetchedAt - b.fetchedAt);
  const ids = candidates.slice(0, Math.max(0, options.limit ?? candidates.length)).map((c) => c.id);
  const report: RefreshAllReport = { refreshed: 0, notFound: 0, failed: 0, stoppedBy: null };
  let halted = false;
  await runPool(
    ids,
    options.concurrency ?? 4,
    async (id) => {
      if (mayContinue !== undefined && !(await mayContinue())) {
        halted = true;
        return;
      }
      if (report.stoppedBy !== null) return; // another lane hit a stopping error meanwhile
      const result = await refreshComplaint(db, desk, id, options.now);
      if (result.ok) report.refreshed += 1;
      else if (result.error.kind === 'not-found') report.notFound += 1;
      else {
        report.failed += 1;
        if (STOPPING_KINDS.has(result.error.kind)) report.stoppedBy ??= result.error;
      }
    },
    () => halted || report.stoppedBy !== null,
  );
  return report;
}
