/**
 * The header says what is happening (demo mode, so every text names the demo sandbox and
 * never BizKitHub): server errors say "having problems — retrying in N s", a complaint's
 * page says the problem of its own pending change, a 429 says "Rate limited — resuming at
 * HH:MM (about N min)", and the sent notice names the demo sandbox.
 */
import { expect, test } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, changeStatus, openApp, resetSandbox, syncStatus } from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.beforeEach(async () => resetSandbox(host));
test.afterAll(async () => host?.stop());

test('5xx: "The demo sandbox is having problems — retrying in N s" in the header and on the complaint', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana]);
  await sandboxControl(host, 'faults', { errorRate: 1 });
  await changeStatus(page, SEED.jana, 'open');
  await expect(syncStatus(page)).toContainText(/The demo sandbox is having problems — retrying (in \d+ s|now)/, { timeout: 30_000 });
  await expect(syncStatus(page)).not.toContainText('BizKitHub');
  await expect(page.getByText(/^Not sent yet: The demo sandbox is having problems — retrying/)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: '/tmp/header-5xx.png' });
  await sandboxControl(host, 'faults', { errorRate: 0 });
  const notices = page.getByRole('region', { name: 'Notifications' });
  await expect(notices).toContainText('Status Open sent to the demo sandbox.', { timeout: 60_000 });
  await expect(syncStatus(page)).toContainText('0 pending');
});

test('429 with Retry-After: "Rate limited — resuming at HH:MM (about 1 min)"', async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page, host);
  await addAndFetch(page, [SEED.petr]);
  await sandboxControl(host, 'faults', { rateLimited: { retryAfterSec: 60 } });
  await changeStatus(page, SEED.petr, 'wait');
  await expect(syncStatus(page)).toContainText(/Rate limited — resuming at .+ \(about 1 min\)/, { timeout: 30_000 });
  await page.screenshot({ path: '/tmp/header-429.png' });
  await sandboxControl(host, 'faults', { rateLimited: null });
});
