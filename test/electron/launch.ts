/**
 * Starts the real desktop app for the smoke suite: the built app (`electron .`) or the
 * packaged one (DESK_PACKAGED_EXECUTABLE), each with its own user-data folder, updates
 * off, and English. Stops it without the "unsent changes" question (app.exit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page, type TestInfo } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningApp {
  app: ElectronApplication;
  page: Page;
  userDataDir: string;
  stop(): Promise<void>;
}

export function packagedExecutable(): string | null {
  return process.env.DESK_PACKAGED_EXECUTABLE?.trim() || null;
}

export function isPackagedProject(info: TestInfo): boolean {
  return info.project.metadata.packaged === true;
}

export async function launchDesk(info: TestInfo, extraArgs: string[] = []): Promise<RunningApp> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'desk-electron-'));
  const packaged = isPackagedProject(info);
  const common = [`--user-data-dir=${userDataDir}`, '--lang=en-US', ...extraArgs];
  const app = await electron.launch({
    ...(packaged ? { executablePath: packagedExecutable() ?? '' } : {}),
    args: packaged ? common : [ROOT, ...common],
    cwd: ROOT,
    env: { ...process.env, BIZKITHUB_DESK_UPDATES: 'off', LANG: 'en_US.UTF-8' } as Record<string, string>,
  });
  const page = await app.firstWindow();
  await page.getByRole('status').filter({ hasText: /Online|Offline/ }).first().waitFor();
  return {
    app,
    page,
    userDataDir,
    async stop() {
      await app.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => undefined);
      await app.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
