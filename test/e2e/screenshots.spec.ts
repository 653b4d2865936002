/**
 * Screenshots of the main views for the README and docs, light and dark, at 1280×800:
 * <view>-<light|dark>.png. Tagged @screenshots: it runs with the normal suite (one host,
 * one state, both themes from the same state, so it is cheap), and on its own with
 * `npx playwright test --grep @screenshots`. The pictures go to test-results/screenshots/;
 * with UPDATE_SCREENSHOTS=1 they replace the committed ones in docs/screenshots/, so a
 * plain test run leaves the tree clean.
 *
 * The data is the sandbox's fixed seed. The state shown: eight complaints, one change
 * waiting while offline (Jana Nováková, New → Open), and one conflict (Petr Dvořák: the
 * agent chose Resolved, the office Rejected meanwhile), and the New complaint form with
 * one field to fix. Times are relative ("just now"),
 * timeline dates come from the seed, the time zone is pinned in the config.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import {
  SEED,
  addAndFetch,
  changeStatus,
  fileNewComplaint,
  nav,
  openApp,
  openFromWorklist,
  openNewComplaint,
  pendingRow,
  setOutage,
  syncStatus,
} from './desk-page';

const OUT_DIR = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url),
);

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

/** Notices come and go with time: none in a screenshot. Focus rings neither. */
async function settle(page: Page): Promise<void> {
  const dismiss = page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 799);
}

async function shoot(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveCSS('color-scheme', colorScheme);
    await settle(page);
    await page.screenshot({ path: `${OUT_DIR}${view}-${colorScheme}.png`, animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('main views, light and dark', { tag: '@screenshots' }, async ({ page }) => {
  test.setTimeout(90_000);
  mkdirSync(OUT_DIR, { recursive: true });

  await openApp(page, host);
  const ids = [SEED.jana, SEED.petr, SEED.lucie, SEED.tomas, SEED.katerina, SEED.jiri, SEED.ondrej, SEED.zuzana];
  await addAndFetch(page, ids);

  // A conflict: offline, the agent resolves Petr's complaint; the office rejects it meanwhile.
  await setOutage(host, true);
  await changeStatus(page, SEED.petr, 'resolve');
  await sandboxControl(host, 'staff-status', { complaintId: SEED.petr, status: 'reject' });
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });
  await setOutage(host, false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await nav(page, 'Pending changes').click();
  await expect(pendingRow(page, SEED.petr)).toContainText('Conflict', { timeout: 30_000 });

  // Offline again, with one change waiting to be sent.
  await setOutage(host, true);
  await changeStatus(page, SEED.jana, 'open');
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('2 pending');

  await nav(page, 'Worklist').click();
  await expect(page.getByText('8 complaints on this computer')).toBeVisible();
  await shoot(page, 'worklist');

  await openFromWorklist(page, SEED.jana);
  await expect(page.getByText('Pending: Open')).toBeVisible();
  await shoot(page, 'detail');

  await nav(page, 'Settings').click();
  await expect(page.getByText('No key configured.')).toBeVisible();
  await shoot(page, 'settings');

  // The next-try hint depends on the app's coarse clock (it ticks every 15 s): wait for
  // the retry time to have passed, so the picture is the same on every run.
  await nav(page, 'Pending changes').click();
  await expect(pendingRow(page, SEED.jana)).toContainText('Queued');
  await expect(pendingRow(page, SEED.petr)).toContainText('Conflict');
  await expect(pendingRow(page, SEED.jana)).not.toContainText('next try', { timeout: 20_000 });
  await shoot(page, 'pending');

  // Filing a complaint at the customer's door (still offline): the form, one field to fix.
  await openNewComplaint(page);
  await fileNewComplaint(page, { customerName: 'Eliška Malá', orderNumber: '2026-009999', email: 'eliska@example.cz' });
  await expect(page.getByText('Check the field marked below. Nothing you typed was lost.')).toBeVisible();
  await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
  await shoot(page, 'new-complaint');

  await setOutage(host, false);
});
