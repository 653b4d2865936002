/**
 * The probe for eslint.config.js's facade rule: inside electron/main/ only the facade's
 * implementation and the entry files import Electron; the startup and its helpers reach it
 * through electron-facade.ts (which is why a Node test can run them against a fake).
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function facadeProblems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => /through the facade/.test(m.message)).map((m) => `${m.ruleId}@${m.line}`);
}

const VALUE_IMPORT = `import { app } from 'electron';\nexport const quit = () => app.quit();\n`;
const UPDATER_IMPORT = `import { autoUpdater } from 'electron-updater';\nexport const u = autoUpdater;\n`;
const TYPE_IMPORT = `import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n`;

describe('lint: electron/main/ reaches Electron through the facade', () => {
  it('fires on a value import of electron or electron-updater in a startup module', async () => {
    expect(await facadeProblems(VALUE_IMPORT, 'electron/main/probe.ts')).toEqual(['@typescript-eslint/no-restricted-imports@1']);
    expect(await facadeProblems(UPDATER_IMPORT, 'electron/main/probe.ts')).toEqual(['@typescript-eslint/no-restricted-imports@1']);
  });

  it('lets types through, and the facade implementation and the entry import Electron', async () => {
    expect(await facadeProblems(TYPE_IMPORT, 'electron/main/probe.ts')).toEqual([]);
    expect(await facadeProblems(VALUE_IMPORT, 'electron/main/electron-real.ts')).toEqual([]);
    expect(await facadeProblems(UPDATER_IMPORT, 'electron/main/main.ts')).toEqual([]);
  });
});
