/**
 * A change made offline while the office changed the same complaint: when the network is
 * back, the engine's check finds the server's status is neither what the agent saw nor
 * what the agent wants, sends nothing, and asks. "Apply mine anyway" sends it;
 * "Keep server's" sends nothing and shows the server's status.
 */
import { expect, test } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import {
  SEED,
  addAndFetch,
  appliedStatuses,
  changeStatus,
  nav,
  openApp,
  openFromWorklist,
  pendingRow,
  pendingRows,
  row,
  serverStatus,
  setOutage,
  statusSelect,
  syncStatus,
} from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test('a status changed by the office meanwhile becomes a conflict; the agent decides per complaint', async ({ page }) => {
  test.setTimeout(120_000);
  const mine = SEED.jana; // new: agent → open, office → wait; "Apply mine anyway"
  const theirs = SEED.petr; // open: agent → resolve, office → reject; "Keep server's"

  await openApp(page, host);
  await addAndFetch(page, [mine, theirs]);

  await setOutage(host, true);
  await changeStatus(page, mine, 'open');
  await changeStatus(page, theirs, 'resolve');
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('2 pending');

  // Office staff change both complaints in BizKitHub meanwhile.
  await sandboxControl(host, 'staff-status', { complaintId: mine, status: 'wait' });
  await sandboxControl(host, 'staff-status', { complaintId: theirs, status: 'reject' });

  await setOutage(host, false);
  await nav(page, 'Pending changes').click();
  await expect(pendingRow(page, mine)).toContainText('Conflict', { timeout: 60_000 });
  await expect(pendingRow(page, theirs)).toContainText('Conflict', { timeout: 30_000 });
  await expect(pendingRow(page, mine)).toContainText('Server now says: Waiting');
  await expect(pendingRow(page, theirs)).toContainText('Server now says: Rejected');
  // A conflict waits for the agent: still counted as pending, nothing was sent.
  await expect(syncStatus(page)).toContainText('2 pending');
  await expect(syncStatus(page)).toContainText('Online');
  expect(await appliedStatuses(host, mine)).toEqual([]);
  expect(await appliedStatuses(host, theirs)).toEqual([]);

  // The detail view points at the conflict too.
  await openFromWorklist(page, mine);
  await expect(page.getByRole('link', { name: /Someone else changed this complaint meanwhile/ })).toBeVisible();
  await nav(page, 'Pending changes').click();

  // Apply mine anyway: sent over the office's status, exactly once.
  await pendingRow(page, mine).getByRole('button', { name: 'Apply mine anyway' }).click();
  await expect(pendingRow(page, mine)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => appliedStatuses(host, mine), { timeout: 30_000 }).toEqual(['open']);
  expect(await serverStatus(host, mine)).toBe('open');

  // Keep server's: nothing sent, the app shows the office's status.
  await pendingRow(page, theirs).getByRole('button', { name: "Keep server's" }).click();
  await expect(pendingRows(page)).toHaveCount(0);
  await expect(syncStatus(page)).toContainText('0 pending');
  await expect(page.getByText('Nothing waiting: every change has been sent.')).toBeVisible();
  const history = page.getByRole('table', { name: 'Sent and discarded changes' });
  await expect(history.getByRole('row').filter({ hasText: theirs })).toContainText('kept the server’s status');
  await expect(history.getByRole('row').filter({ hasText: mine })).toContainText('Sent (applied anyway)');

  await nav(page, 'Worklist').click();
  await expect(row(page, theirs)).toContainText('Rejected');
  await expect(row(page, theirs)).not.toContainText('pending');
  await openFromWorklist(page, theirs);
  await expect(statusSelect(page)).toHaveValue('reject');
  await expect(page.getByText('Confirmed: Rejected')).toBeVisible();

  // Whatever the engine does next (periodic passes, a manual "Sync now"), nothing more goes out.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncStatus(page)).toContainText('0 pending');
  expect(await appliedStatuses(host, theirs)).toEqual([]);
  expect(await serverStatus(host, theirs)).toBe('reject');
  expect(await appliedStatuses(host, mine)).toEqual(['open']);
});
