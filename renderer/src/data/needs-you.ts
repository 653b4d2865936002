/**
 * What needs the agent: unsent changes the engine will not send on its own, a conflict
 * (someone else changed the complaint), a failure (BizKitHub refused it) or a new
 * complaint that may already exist (an uncertain create). They are counted apart from
 * ordinary pending changes ("2 need you" in the header, a badge on Pending changes, the
 * worklist row marked), so they do not hide among them.
 * One indexed query on the outbox's `state`: a drain's writes to other states do not
 * re-run it.
 */
import { liveQuery, type Observable } from 'dexie';
import type { DeskDatabase } from './db';

export const NEEDS_YOU_STATES = ['conflict', 'failed', 'uncertain'] as const;
export type NeedsYouState = (typeof NEEDS_YOU_STATES)[number];

export interface NeedsYou {
  count: number;
  /** Complaint ID → the state that needs the agent (a conflict wins over a failure). */
  byComplaint: ReadonlyMap<string, NeedsYouState>;
}

export function liveNeedsYou(db: DeskDatabase): Observable<NeedsYou> {
  return liveQuery(async (): Promise<NeedsYou> => {
    // One exact range per state, not anyOf: liveQuery observes an anyOf cursor's whole span
    // (conflict … uncertain holds queued, sending and sent), so every write of a drain re-ran it.
    const entries = (
      await Promise.all(NEEDS_YOU_STATES.map((state) => db.outbox.where('state').equals(state).toArray()))
    ).flat();
    const byComplaint = new Map<string, NeedsYouState>();
    for (const entry of entries) {
      if (entry.state !== 'conflict' && entry.state !== 'failed' && entry.state !== 'uncertain') continue;
      if (byComplaint.get(entry.complaintId) !== 'conflict') byComplaint.set(entry.complaintId, entry.state);
    }
    return { count: entries.length, byComplaint };
  });
}
