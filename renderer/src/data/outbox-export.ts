/**
 * The outbox for support ("Export for support" in Pending changes): every entry and the
 * sync state, with nothing personal in it. Built field by field rather than by copying
 * entries, so a field added to entries later stays out until someone decides it may leave.
 */
import type { DeskError } from '../../../common/errors';
import { OUTBOX_STATES, type OutboxEntry, type OutboxState } from '../../../common/outbox-rules';
import { redact } from '../../../common/redact';
import { DB_VERSION, type DeskDatabase } from './db';
import { readSyncMeta } from './sync-meta-store';

/** A DeskError without its free text (which may quote server data): kind and codes only. */
type ExportedError = Pick<DeskError, 'kind' | 'code' | 'httpStatus' | 'retryAfterMs'>;

function exportError(error: DeskError | null): ExportedError | null {
  if (error === null) return null;
  const { kind, code, httpStatus, retryAfterMs } = error;
  return { kind, code, httpStatus, retryAfterMs };
}

export interface OutboxExport {
  format: 'bizkithub-desk-outbox';
  dbVersion: number;
  exportedAt: string;
  sync: {
    online: boolean;
    pausedReason: null | 'auth' | 'rate-limited';
    pausedUntil: number | null;
    lastSuccessAt: number | null;
    lastAttemptAt: number | null;
    lastError: ExportedError | null;
  };
  counts: Record<OutboxState, number>;
  entries: Array<Omit<OutboxEntry, 'lastError' | 'create'> & { lastError: ExportedError | null }>;
}

/**
 * Every outbox entry and the sync state. Complaint IDs, statuses, times, error kinds and
 * codes only: no detail (names, emails, bank accounts), no error text; the JSON passes
 * redact() so nothing key-like survives.
 */
export async function exportOutbox(db: DeskDatabase, now: number = Date.now()): Promise<OutboxExport> {
  const [entries, meta] = await db.transaction('r', db.outbox, db.meta, () =>
    Promise.all([db.outbox.orderBy('seq').toArray(), readSyncMeta(db)]),
  );
  const counts = Object.fromEntries(
    OUTBOX_STATES.map((s) => [s, 0]),
  ) as Record<OutboxState, number>;
  for (const e of entries) counts[e.state] += 1;
  const data: OutboxExport = {
    format: 'bizkithub-desk-outbox',
    dbVersion: DB_VERSION,
    exportedAt: new Date(now).toISOString(),
    sync: {
      online: meta.online,
      pausedReason: meta.pausedReason,
      pausedUntil: meta.pausedUntil,
      lastSuccessAt: meta.lastSuccessAt,
      lastAttemptAt: meta.lastAttemptAt,
      lastError: exportError(meta.lastError),
    },
    counts,
    // Field by field: a create's request (names, emails, bank accounts) never leaves.
    entries: entries.map((e) => ({
      seq: e.seq,
      kind: e.kind ?? 'status',
      complaintId: e.complaintId,
      localRef: e.localRef,
      targetStatus: e.targetStatus,
      baseStatus: e.baseStatus,
      createdAt: e.createdAt,
      state: e.state,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastError: exportError(e.lastError),
      updatedAt: e.updatedAt,
      sentAt: e.sentAt,
      resolution: e.resolution,
      serverStatusSeen: e.serverStatusSeen,
    })),
  };
  return JSON.parse(redact(JSON.stringify(data))) as OutboxExport;
}
