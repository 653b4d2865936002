/**
 * "Export unsent changes" when the local database cannot be opened (written by a newer
 * version, kept open by another window): main's journal of unsent work is the one copy
 * the app can still read, so the agent can save it as a file and keep it (or hand it to
 * support, or file a complaint again by hand). What was filed is in it with its personal
 * data, so it is written only where the agent saves it, by the same path as the export
 * for support (./export-support.ts): main's save dialog, or the browser host's download.
 */
import type { Destination } from '../../../common/destination';
import type { DeskApi } from '../desk';
import { exportForSupport, type ExportDeps, type ExportOutcome } from './export-support';

export type JournalExportOutcome = (ExportOutcome & { count: number }) | { outcome: 'empty'; count: 0 };

export interface JournalExportDeps extends ExportDeps {
  desk: Pick<DeskApi, 'saveExport' | 'exportJournal'>;
}

export function journalExportFileName(now: Date): string {
  return `bizkithub-desk-unsent-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}

/** Asks main for the destination's unsent entries and saves them where the agent says. */
export async function exportUnsentChanges(deps: JournalExportDeps, destination: Destination, now: Date = new Date()): Promise<JournalExportOutcome> {
  const reply = await deps.desk.exportJournal({ destination });
  if (!reply.ok) return { outcome: 'failed', reason: reply.error.message, count: 0 };
  const count = reply.value.entries.length;
  if (count === 0) return { outcome: 'empty', count: 0 };
  const saved = await exportForSupport(deps, journalExportFileName(now), `${JSON.stringify(reply.value, null, 2)}\n`);
  return { ...saved, count };
}
