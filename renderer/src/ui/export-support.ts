/**
 * Export for support, saying what really happened. The desktop app asks main
 * (`desk.saveExport`: its save dialog, its own file write): saved where, cancelled, or
 * failed and why. Main cancels every page download there, so an <a download> would fail
 * silently. The browser host has no dialog: the page downloads the file, and the UI can
 * only say the download started.
 */
import type { DeskApi } from '../desk';

export type ExportOutcome =
  | { outcome: 'saved'; path: string }
  | { outcome: 'cancelled' }
  | { outcome: 'downloaded'; file: string }
  | { outcome: 'failed'; reason: string };

export interface ExportDeps {
  desk: Pick<DeskApi, 'saveExport'>;
  host: 'electron' | 'browser' | undefined;
  /** The page download (browser host). */
  download: (fileName: string, contents: string) => void;
}

export function exportFileName(now: Date): string {
  return `bizkithub-desk-outbox-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}

export async function exportForSupport(deps: ExportDeps, fileName: string, contents: string): Promise<ExportOutcome> {
  if (deps.host !== 'electron') {
    try {
      deps.download(fileName, contents);
      return { outcome: 'downloaded', file: fileName };
    } catch (cause) {
      return { outcome: 'failed', reason: cause instanceof Error ? cause.message : String(cause) };
    }
  }
  const result = await deps.desk.saveExport({ fileName, contents });
  if (!result.ok) return { outcome: 'failed', reason: result.error.message };
  return result.value;
}

/** The page download: a Blob behind an <a download> (browser host only). */
export function downloadInPage(fileName: string, contents: string): void {
  const blob = new Blob([contents], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
