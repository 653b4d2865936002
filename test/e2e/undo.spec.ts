/**
 * Undo: a change that has not been sent can be taken back, and then nothing at all
 * reaches BizKitHub: not the change, not a compensating change back.
 * - `Undo` on the change's notice, online: new changes are held for a short undo window
 *   before sending, so Undo cancels them.
 * - `Cancel` in the pending list, offline.
 * - Choosing the previous status again before the change was sent cancels it too.
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

test('Undo on the notice, online: the change is never sent', async ({ page }) => {
  const id = SEED.jana; // new
  await openApp(page, host);
  await addAndFetch(page, [id]);

  await changeStatus(page, id, 'open');
  const notices = page.getByRole('region', { name: 'Notifications' });
  await expect(notices).toContainText('Status changed to Open');
  await notices.getByRole('button', { name: 'Undo' }).click();

  await expect(notices).toContainText('Undone: the status is New again');
  await expect(statusSelect(page)).toHaveValue('new');
  await expect(syncStatus(page)).toContainText('0 pending');

  // A later change to the same complaint is sent after anything queued before it (strict
  // per-complaint order): once it has been applied, the server's log is complete. Only it
  // may be there: neither the undone "Open" nor a compensating "New".
  await statusSelect(page).selectOption('wait');
  await expect.poll(() => appliedStatuses(host, id), { timeout: 30_000 }).toEqual(['wait']);
  await expect(syncStatus(page)).toContainText('0 pending');
});

test('Cancel in the pending list, offline, and choosing the previous status again: nothing is sent for them', async ({ page }) => {
  test.setTimeout(120_000);
  const cancelled = SEED.petr; // open → wait, then Cancel
  const backAgain = SEED.marketa; // new → open → new again
  const kept = SEED.ondrej; // open → resolve, sent

  await openApp(page, host);
  await addAndFetch(page, [cancelled, backAgain, kept]);
  await setOutage(host, true);

  await changeStatus(page, cancelled, 'wait');
  await changeStatus(page, kept, 'resolve');
  await changeStatus(page, backAgain, 'open');
  await expect(syncStatus(page)).toContainText('3 pending');

  // Back to the status it had: that cancels the unsent change instead of queueing another.
  await statusSelect(page).selectOption('new');
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(
    'Back to New: the unsent change was cancelled',
  );
  await expect(syncStatus(page)).toContainText('2 pending');

  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });
  await nav(page, 'Pending changes').click();
  await expect(pendingRows(page)).toHaveCount(2);
  const entry = pendingRow(page, cancelled);
  await expect(entry).toContainText('Queued');
  await entry.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Cancelled the change to ${cancelled}.`);
  await expect(pendingRows(page)).toHaveCount(1);
  await expect(syncStatus(page)).toContainText('1 pending');

  await nav(page, 'Worklist').click();
  await expect(row(page, cancelled)).toContainText('Open');
  await expect(row(page, cancelled)).not.toContainText('pending');
  await expect(row(page, backAgain)).not.toContainText('pending');

  await setOutage(host, false);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 60_000 });
  expect(await appliedStatuses(host, kept)).toEqual(['resolve']);
  expect(await appliedStatuses(host, cancelled)).toEqual([]);
  expect(await appliedStatuses(host, backAgain)).toEqual([]);
});
