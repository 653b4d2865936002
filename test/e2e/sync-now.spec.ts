/**
 * #13 finding 8: every press of Sync now gets a visible answer, also when nothing could
 * be sent, and says why.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, appliedStatuses, changeStatus, nav, openApp, setOutage, syncStatus } from './desk-page';

let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test('Sync now answers every press: nothing to send, cannot send yet, sent', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  const notices = page.getByRole('region', { name: 'Notifications' });
  const syncNow = page.getByRole('button', { name: 'Sync now' });

  await syncNow.click();
  await expect(notices).toContainText('Nothing to send: every change has been sent.');

  await addAndFetch(page, [SEED.petr]);
  await setOutage(host, true);
  await changeStatus(page, SEED.petr, 'wait');
  await syncNow.click();
  await expect(notices).toContainText(/1 change waits for its next try\.|Offline: nothing can be sent now/);
  expect(await appliedStatuses(host, SEED.petr)).toEqual([]);

  await setOutage(host, false);
  await expect.poll(() => appliedStatuses(host, SEED.petr), { timeout: 30_000 }).toEqual(['wait']);

  // Within the undo window nothing leaves by itself; Sync now sends it and says so.
  await nav(page, 'Worklist').click();
  await addAndFetch(page, [SEED.lucie]);
  await changeStatus(page, SEED.lucie, 'resolve');
  await syncNow.click();
  await expect(notices).toContainText('Sent 1 change.');
  await expect(syncStatus(page)).toContainText('0 pending');
  expect(await appliedStatuses(host, SEED.lucie)).toEqual(['resolve']);
});
