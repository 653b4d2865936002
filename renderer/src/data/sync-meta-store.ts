/**
 * The sync engine's state as stored: the `meta` table's 'sync' row (SyncMeta, ./db.ts).
 * The engine keeps its own copy in memory (../sync/sync-meta.ts) and mirrors it here so
 * it survives reloads; other windows and the support export read it from here.
 */
import { SYNC_META_KEY, type DeskDatabase, type SyncMeta } from './db';

export function defaultSyncMeta(): SyncMeta {
  return {
    key: SYNC_META_KEY,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastError: null,
    pausedReason: null,
    pausedUntil: null,
    online: true,
  };
}

/** The stored state, or the defaults when nothing was stored yet. */
export async function readSyncMeta(db: DeskDatabase): Promise<SyncMeta> {
  return (await db.meta.get(SYNC_META_KEY)) ?? defaultSyncMeta();
}

/** Replaces the stored state (one put of the 'sync' row). */
export async function writeSyncMeta(db: DeskDatabase, meta: SyncMeta): Promise<void> {
  await db.meta.put(meta);
}
