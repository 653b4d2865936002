/**
 * Smoke suite of the real desktop app (issue 12, item 7): the hardened window, saving a
 * key, an offline change and its flush on reconnect against a sandbox this test starts,
 * hide-to-tray on close and reopening, the export dialog (stubbed in main), a deep link.
 * Runs in CI on Linux (xvfb), Windows and macOS; see playwright.config.ts here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startSandboxWithControl } from '../../electron/sandbox/control-api';
import type { Sandbox } from '../../electron/sandbox/sandbox-server';
import { isPackagedProject, launchDesk, packagedExecutable, type RunningApp } from './launch';

const KEY = 'DEV_electronSmokeTestKey00000001';
const JANA = 'u19tor9ukid7jbpo';
const PETR = 'x5okkmksxxknmc65';

let sandbox: Sandbox;

test.beforeEach(async ({}, info) => {
  test.skip(isPackagedProject(info) && packagedExecutable() === null, 'DESK_PACKAGED_EXECUTABLE is not set (electron-builder --dir output)');
  // Playwright drives Electron through --remote-debugging-port and --inspect, which the
  // packaged app refuses at startup (electron/main/startup-switches.ts, unit-tested with the
  // startup in test/unit/main/desk-app.test.ts): the packaged build cannot be driven this way.
  test.skip(isPackagedProject(info), 'the packaged app refuses the debugging switches Playwright needs to drive it');
});
test.beforeAll(async () => {
  sandbox = await startSandboxWithControl({ port: 0 });
});
test.afterAll(async () => sandbox?.close());

async function control(pathAndQuery: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sandbox.controlUrl}/__sandbox/${pathAndQuery}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}
const applied = async (id: string) =>
  ((await control(`applied?complaintId=${id}`)) as Array<{ status: string }>).map((c) => c.status);

const nav = (desk: RunningApp, name: string) => desk.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const syncStatus = (desk: RunningApp) => desk.page.getByRole('status').filter({ hasText: /pending/ }).first();

async function changeStatus(desk: RunningApp, id: string, status: string): Promise<void> {
  await nav(desk, 'Worklist').click();
  await desk.page.getByRole('textbox', { name: 'Complaint IDs' }).fill(id);
  await desk.page.getByRole('button', { name: 'Add', exact: true }).click();
  await desk.page.getByRole('grid', { name: 'Worklist' }).or(desk.page.getByRole('table', { name: 'Worklist' })).or(desk.page.getByRole('list', { name: 'Worklist' })).getByText(id).first().click();
  await desk.page.getByRole('combobox', { name: 'Status', exact: true }).selectOption(status);
}

test('the real app: hardened window, a key saved, offline change flushed on reconnect, hide to tray, export dialog', async ({}, info) => {
  const desk = await launchDesk(info);
  try {
    // The hardened window, as main created it and as the page sees it.
    const prefs = await desk.app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0];
      // getLastWebPreferences is in Electron's API docs but not in its 45 typings.
      const contents = win?.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
      const p = contents?.getLastWebPreferences?.() ?? null;
      return {
        url: win?.webContents.getURL(),
        backgroundThrottling: win?.webContents.getBackgroundThrottling(),
        prefs: p && { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity },
      };
    });
    expect(prefs.url).toBe('app://desk/index.html');
    expect(prefs.backgroundThrottling).toBe(false);
    if (prefs.prefs) expect(prefs.prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(await desk.page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await desk.page.evaluate(() => Object.keys((window as unknown as { desk: object }).desk).includes('saveExport'))).toBe(true);

    // Point the live API at this test's sandbox, then save a key (keychain, or session where CI has none).
    await nav(desk, 'Settings').click();
    await desk.page.getByRole('textbox', { name: 'API URL' }).fill(sandbox.url);
    await desk.page.getByRole('button', { name: 'Save address' }).click();
    await desk.page.getByRole('textbox', { name: 'API key' }).fill(KEY);
    await desk.page.getByRole('button', { name: 'Save key' }).click();
    await expect(desk.page.getByRole('button', { name: 'Remove key' })).toBeVisible();
    await expect(desk.page.getByText(KEY)).toHaveCount(0);

    // Offline: the change waits; back online, main's probe notices and the queue drains.
    await control('faults', { outage: true });
    await changeStatus(desk, JANA, 'open');
    await expect(syncStatus(desk)).toContainText('1 pending');
    await control('faults', { outage: false });
    await expect.poll(() => applied(JANA), { timeout: 30_000 }).toEqual(['open']);
    await expect(syncStatus(desk)).toContainText('0 pending');

    // Closing with an unsent change hides the window to the tray; the app keeps running.
    await control('faults', { outage: true });
    await changeStatus(desk, PETR, 'wait');
    await expect(syncStatus(desk)).toContainText('1 pending');
    await desk.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await expect
      .poll(() => desk.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible())))
      .toEqual([false]);
    // Sent while hidden.
    await control('faults', { outage: false });
    await expect.poll(() => applied(PETR), { timeout: 30_000 }).toEqual(['wait']);
    // Reopen (what the tray's Open and a second start do).
    await desk.app.evaluate(({ app }) => app.emit('second-instance', {}, [process.execPath], process.cwd()));
    await expect
      .poll(() => desk.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible())))
      .toEqual([true]);

    // Export for support through main's save dialog (stubbed): saved, then cancelled.
    const file = path.join(desk.userDataDir, 'export-smoke.json');
    await desk.app.evaluate(({ dialog }, target) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
    }, file);
    await nav(desk, 'Pending changes').click();
    await desk.page.getByRole('button', { name: 'Export for support' }).click();
    await expect(desk.page.getByText(`Saved ${file}.`)).toBeVisible();
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY);
    await desk.app.evaluate(({ dialog }) => {
      dialog.showSaveDialog = (async () => ({ canceled: true, filePath: '' })) as typeof dialog.showSaveDialog;
    });
    await desk.page.getByRole('button', { name: 'Export for support' }).click();
    await expect(desk.page.getByText('Export cancelled: nothing was saved.')).toBeVisible();
  } finally {
    await desk.stop();
  }
});

test('a deep link opens the complaint (demo mode)', async ({}, info) => {
  const desk = await launchDesk(info, [`bizkithub-complaints://complaint/${JANA}`]);
  try {
    await expect(desk.page.getByRole('combobox', { name: 'Status', exact: true })).toBeVisible();
    await expect(desk.page.getByText(JANA).first()).toBeVisible();
  } finally {
    await desk.stop();
  }
});
