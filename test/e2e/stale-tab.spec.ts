/**
 * A tab left open from an earlier `npm start`: the host restarted on the same address
 * has a new token and refuses the tab's calls. The tab says so ("This tab belongs to an
 * earlier run of the app") over the whole page and takes no change; the new address works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost } from './browser-host';
import { SEED, addAndFetch, appliedStatuses, openApp, openFromWorklist, statusSelect, syncStatus } from './desk-page';

test('a stale tab says it belongs to an earlier run and accepts no change', async ({ page, context }) => {
  test.setTimeout(120_000);
  const userDataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-stale-'));
  let host = await startHost({ userDataDir });
  try {
    const port = Number(new URL(host.url).port);
    await openApp(page, host);
    await addAndFetch(page, [SEED.jana]);
    await openFromWorklist(page, SEED.jana);
    await expect(statusSelect(page)).toHaveValue('new');

    // A new run on the same address: the open tab is now a stale one.
    await host.stop();
    host = await startHost({ userDataDir, port });
    const notice = page.getByRole('alertdialog', { name: 'This tab belongs to an earlier run of the app' });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toContainText('Open the new address');

    // Nothing underneath takes a change: not the status keys, not even a scripted choice.
    await page.keyboard.press('2');
    await page.locator('main select').first().selectOption('open', { timeout: 2_000 }).catch(() => undefined);

    // A reload keeps the old token: still stale. The new address works.
    await page.reload();
    await expect(page.getByRole('alertdialog', { name: 'This tab belongs to an earlier run of the app' })).toBeVisible({ timeout: 30_000 });
    const fresh = await context.newPage();
    await openApp(fresh, host);
    await expect(fresh.getByRole('alertdialog')).toHaveCount(0);
    // No change was saved in the stale tab (the new one would show and send it).
    await expect(syncStatus(fresh)).toContainText('0 pending');
    await openFromWorklist(fresh, SEED.jana);
    await expect(statusSelect(fresh)).toHaveValue('new');
    expect(await appliedStatuses(host, SEED.jana)).toEqual([]);
  } finally {
    await host.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
