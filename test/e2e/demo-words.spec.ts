/**
 * In demo mode (the browser host's default start, no key) nothing reaches BizKitHub, so the
 * worklist, a complaint's page and Pending changes name the demo sandbox instead; the demo
 * banner is the one place that says BizKitHub is not reached.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { addIds, nav, openApp, resetSandbox, row } from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.beforeEach(async () => resetSandbox(host));
test.afterAll(async () => host?.stop());

test('demo mode: the worklist, a complaint page and Pending changes say "demo sandbox", never BizKitHub', async ({ page }) => {
  await openApp(page, host);
  const main = page.getByRole('main');
  const unknown = 'zzzz0000unknown2';
  await addIds(page, unknown);
  await expect(row(page, unknown)).toContainText('Not found in the demo sandbox');
  await expect(main).not.toContainText('BizKitHub');

  await row(page, unknown).getByRole('link').click();
  await expect(page.getByText('The demo sandbox does not know this complaint ID.')).toBeVisible();
  await expect(main).not.toContainText('BizKitHub');
  await page.screenshot({ path: '/tmp/demo-words-complaint.png' });

  await nav(page, 'Pending changes').click();
  await expect(main).toContainText('Changes saved on this computer that the demo sandbox has not confirmed yet.');
  await expect(main).not.toContainText('BizKitHub');
  await page.screenshot({ path: '/tmp/demo-words-pending.png' });
});
