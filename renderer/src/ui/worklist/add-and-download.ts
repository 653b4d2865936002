/**
 * Adds complaint IDs to the worklist and downloads their details. One download at a time
 * per destination; IDs added while it runs join it. It shows its progress ("Downloading
 * 1,234 of 5,000"), can be cancelled, and respects the rate budget as the background
 * refresher does (sync/refresher.ts): before each request it asks main for the rate
 * limit and stops once no more than `reserveFraction` of it is left, which stays for the
 * agent's status changes. It also stops on an error every further request would hit
 * (offline, rate limited, key problem). What is not downloaded stays "Not downloaded
 * yet"; the background refresher picks those up at its own pace.
 * Every ID is checked against the one rule again here (common/complaint-id.ts): callers
 * already refuse bad IDs with a reason, this keeps any path from storing one.
 */
import { isComplaintId } from '../../../../common/complaint-id';
import type { DeskError } from '../../../../common/errors';
import type { DeskApi } from '../../../../common/ipc-contract';
import { backgroundReserve, budgetLow } from '../../../../common/rate-budget';
import type { DeskDatabase } from '../../data/db';
import { addComplaints, refreshComplaint, STOPPING_KINDS } from '../../data/worklist';
import { createStore, type Readable } from '../../runtime/store';

export type DownloadOutcome = 'running' | 'done' | 'cancelled' | 'rate-limit' | 'stopped';

export interface DownloadProgress {
  total: number;
  /** Answered (downloaded, not found or failed). */
  done: number;
  notFound: number;
  outcome: DownloadOutcome;
  /** Why it stopped, when outcome is 'stopped'. */
  stoppedBy: DeskError | null;
}

type DownloadDesk = Pick<DeskApi, 'getComplaint' | 'getRateLimit'>;

export interface DownloadOptions {
  concurrency: number;
  /** Stop once no more than this fraction of the rate limit is left. Default 0.2 (the refresher's). */
  reserveFraction?: number;
  now?: () => number;
}

/** One destination's downloads: IDs queue up, `concurrency` lanes work through them. */
export class DetailDownloads {
  private readonly store = createStore<DownloadProgress | null>(null);
  private queue: string[] = [];
  private next = 0;
  private lanes = 0;
  private halt: DownloadOutcome | null = null;
  private progress: DownloadProgress = { total: 0, done: 0, notFound: 0, outcome: 'done', stoppedBy: null };

  constructor(
    private readonly db: DeskDatabase,
    private readonly desk: DownloadDesk,
  ) {}

  /** The current or last download (null before the first). */
  get state(): Readable<DownloadProgress | null> {
    return this.store;
  }

  /** Queues IDs; starts lanes unless they are running. */
  start(ids: readonly string[], options: DownloadOptions): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    if (this.lanes === 0) {
      // A new download: the last one's counts are done with.
      this.queue = [];
      this.next = 0;
      this.halt = null;
      this.progress = { total: 0, done: 0, notFound: 0, outcome: 'running', stoppedBy: null };
    }
    this.queue.push(...ids);
    this.publish({ total: this.queue.length, outcome: 'running' });
    const wanted = Math.max(1, Math.floor(options.concurrency) || 1);
    const lanes: Promise<void>[] = [];
    while (this.lanes < wanted && this.lanes < this.queue.length - this.next) {
      this.lanes += 1;
      lanes.push(this.lane(options).finally(() => this.laneEnded()));
    }
    return Promise.all(lanes).then(() => undefined);
  }

  /** Stops taking new IDs; the requests in flight finish and are stored. */
  cancel(): void {
    if (this.progress.outcome === 'running') this.halt ??= 'cancelled';
  }

  /** Forgets a finished download's summary. */
  dismiss(): void {
    if (this.lanes === 0) this.store.set(null);
  }

  private async lane(options: DownloadOptions): Promise<void> {
    const now = options.now ?? Date.now;
    while (this.halt === null && this.next < this.queue.length) {
      if (await this.budgetIsLow(options.reserveFraction ?? 0.2, now())) {
        this.halt ??= 'rate-limit';
        return;
      }
      if (this.halt !== null) return;
      const id = this.queue[this.next++] as string;
      const result = await refreshComplaint(this.db, this.desk, id, now);
      const notFound = !result.ok && result.error.kind === 'not-found';
      this.publish({ done: this.progress.done + 1, notFound: this.progress.notFound + (notFound ? 1 : 0) });
      if (!result.ok && STOPPING_KINDS.has(result.error.kind) && this.halt === null) {
        this.halt = 'stopped';
        this.publish({ stoppedBy: result.error });
      }
    }
  }

  private async budgetIsLow(fraction: number, at: number): Promise<boolean> {
    try {
      const limit = await this.desk.getRateLimit({});
      return limit.ok && budgetLow(limit.value, 0, backgroundReserve(fraction), at);
    } catch {
      return false; // no answer about the limit: the requests' own errors still stop it
    }
  }

  private laneEnded(): void {
    this.lanes -= 1;
    if (this.lanes === 0) this.publish({ outcome: this.halt ?? 'done' });
  }

  private publish(patch: Partial<DownloadProgress>): void {
    this.progress = { ...this.progress, ...patch };
    this.store.set(this.progress);
  }
}

const downloads = new WeakMap<DeskDatabase, DetailDownloads>();

/** The destination database's downloads (one queue per database). */
export function detailDownloads(db: DeskDatabase, desk: DownloadDesk): DetailDownloads {
  let found = downloads.get(db);
  if (!found) {
    found = new DetailDownloads(db, desk);
    downloads.set(db, found);
  }
  return found;
}

export async function addAndDownload(
  db: DeskDatabase,
  desk: DownloadDesk,
  concurrency: number,
  ids: readonly string[],
): Promise<{ added: string[]; alreadyThere: string[] }> {
  const valid = ids.filter((id) => isComplaintId(id));
  if (valid.length === 0) return { added: [], alreadyThere: [] };
  const result = await addComplaints(db, valid);
  void detailDownloads(db, desk).start(result.added, { concurrency }).catch(() => undefined);
  return result;
}
