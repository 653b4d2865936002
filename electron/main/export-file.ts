/**
 * Export for support in the desktop app, with its Electron parts injected: main shows the
 * save dialog, writes the file itself and says what really happened (saved where,
 * cancelled, or failed and why). `will-download` stays cancelled for the page.
 */
import path from 'node:path';
import type { DeskError } from '../../common/errors';
import type { SaveExportResult } from '../../common/ipc-contract';
import { err, ok, type Result } from '../../common/result';

export interface ExportPorts {
  /** Electron's dialog.showSaveDialog, bound to the window. */
  showSaveDialog(options: {
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  writeFile(file: string, contents: string): Promise<void>;
  /** Where the dialog starts (the Downloads or Documents folder). */
  defaultDir: string;
}

export async function saveExportFile(
  ports: ExportPorts,
  fileName: string,
  contents: string,
): Promise<Result<SaveExportResult, DeskError>> {
  // The contract allows a plain name only; basename is a second fence.
  const name = path.basename(fileName);
  let chosen: { canceled: boolean; filePath?: string | undefined };
  try {
    chosen = await ports.showSaveDialog({
      defaultPath: path.join(ports.defaultDir, name),
      filters: [{ name: 'JSON', extensions: ['json'] }],
    });
  } catch (e) {
    return err({ kind: 'io', message: `The save dialog failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (chosen.canceled || !chosen.filePath) return ok({ outcome: 'cancelled' });
  try {
    await ports.writeFile(chosen.filePath, contents);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = e instanceof Error ? e.message : String(e);
    return err({ kind: 'io', message: reason, ...(typeof code === 'string' ? { code } : {}) });
  }
  return ok({ outcome: 'saved', path: chosen.filePath });
}
