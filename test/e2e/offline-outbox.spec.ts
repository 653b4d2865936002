/**
 * Issue 4's end-to-end promise: go offline (sandbox outage), change several statuses on
 * several complaints, see them pending (also after a page reload), bring the sandbox
 * back, and watch them drain on their own: every change applied exactly once, in order.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import {
  SEED,
  addAndFetch,
  appliedStatuses,
  changeStatus,
  nav,
  openApp,
  pendingRow,
  pendingRows,
  row,
  setOutage,
  statusSelect,
  syncStatus,
} from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test('changes made offline survive a reload and drain by themselves, each applied once, in order', async ({ page }) => {
  // The connectivity probe backs off while offline (1 s doubling): allow for it.
  test.setTimeout(150_000);
  const ids = [SEED.jana, SEED.petr, SEED.lucie, SEED.ondrej];

  await openApp(page, host);
  await expect(syncStatus(page)).toContainText('Online');
  await addAndFetch(page, ids);

  await setOutage(host, true);

  // Five changes on four complaints; Jana's two must reach the server in this order.
  await changeStatus(page, SEED.jana, 'open');
  // Past the 4 s undo window: a separate change (within it, it would replace the first).
  await page.waitForTimeout(4500);
  await changeStatus(page, SEED.jana, 'wait');
  await changeStatus(page, SEED.petr, 'wait');
  await changeStatus(page, SEED.lucie, 'resolve');
  await changeStatus(page, SEED.ondrej, 'reject');

  // The host notices the outage on the first failed attempt; nothing is lost meanwhile.
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('5 pending');

  await nav(page, 'Pending changes').click();
  await expect(pendingRows(page)).toHaveCount(5);
  for (const id of ids) await expect(pendingRow(page, id).first()).toBeVisible();
  for (const state of await pendingRows(page).all()) await expect(state).toContainText('Queued');
  await expect(pendingRow(page, SEED.jana)).toHaveCount(2);
  await expect(page.getByText('Offline: these changes are safe on this computer')).toBeVisible();

  // A reload (or a crash of the window) keeps every change.
  await page.reload();
  await expect(syncStatus(page)).toContainText('Offline');
  await expect(syncStatus(page)).toContainText('5 pending');
  await expect(pendingRows(page)).toHaveCount(5);
  for (const state of await pendingRows(page).all()) await expect(state).toContainText('Queued');

  // The worklist and the detail view show the pending status distinctly from the confirmed one.
  await nav(page, 'Worklist').click();
  await expect(row(page, SEED.jana)).toContainText('Waiting · pending');
  await expect(row(page, SEED.petr)).toContainText('Waiting · pending');
  await row(page, SEED.lucie).getByRole('link').click();
  await expect(statusSelect(page)).toHaveValue('resolve');
  await expect(page.getByText('Confirmed: Waiting')).toBeVisible();
  await expect(page.getByText('Pending: Resolved')).toBeVisible();
  await nav(page, 'Worklist').click();

  // Nothing reached the server during the outage.
  for (const id of ids) expect(await appliedStatuses(host, id)).toEqual([]);

  // Back online: no click, no reload; the queue drains by itself.
  await setOutage(host, false);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 60_000 });
  await expect(syncStatus(page)).toContainText('Online');

  expect(await appliedStatuses(host, SEED.jana)).toEqual(['open', 'wait']);
  expect(await appliedStatuses(host, SEED.petr)).toEqual(['wait']);
  expect(await appliedStatuses(host, SEED.lucie)).toEqual(['resolve']);
  expect(await appliedStatuses(host, SEED.ondrej)).toEqual(['reject']);

  // The worklist now shows the confirmed statuses, nothing pending.
  await expect(row(page, SEED.jana)).not.toContainText('pending');
  await expect(row(page, SEED.jana)).toContainText('Waiting');
  await expect(row(page, SEED.ondrej)).toContainText('Rejected');

  // And the history says what was sent.
  await nav(page, 'Pending changes').click();
  await expect(page.getByText('Nothing waiting: every change has been sent.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Sent and discarded changes' }).getByRole('row')).toHaveCount(6);
});
