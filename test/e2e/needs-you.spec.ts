/**
 * Issue 13, finding 7: conflicts and failures do not look like ordinary pending changes.
 * The header counts them apart ("2 need you"), Pending changes carries a badge, their
 * worklist rows are marked, a conflict shows the server's status and the timeline event
 * that set it, and each state has one way to drop a change, explained (Cancel before it
 * is sent, Discard after BizKitHub refused it).
 */
import { expect, test } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, addIds, changeStatus, nav, openApp, pendingRow, row, setOutage, statusSelect, syncStatus } from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test('a conflict and a failure need the agent: counted apart, badged, marked, explained', async ({ page }) => {
  test.setTimeout(120_000);
  const conflicted = SEED.jana; // new: agent → open, office → wait
  const typo = 'u19tor9ukid7jbpz'; // never downloaded, unknown to BizKitHub: fails
  const untouched = SEED.petr; // no change: its row is not marked

  await openApp(page, host);
  await addAndFetch(page, [conflicted, untouched]);
  await setOutage(host, true);
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 20_000 });
  await changeStatus(page, conflicted, 'open');
  await nav(page, 'Worklist').click();
  await addIds(page, typo);
  await row(page, typo).getByRole('link').click();
  await statusSelect(page).selectOption('wait');
  await page.getByRole('dialog', { name: 'Not yet verified with the demo sandbox' }).getByRole('button', { name: 'Change anyway' }).click();
  await expect(syncStatus(page)).toContainText('2 pending');
  await expect(syncStatus(page)).not.toContainText('need you');

  await sandboxControl(host, 'staff-status', { complaintId: conflicted, status: 'wait' });
  await setOutage(host, false);
  await page.getByRole('button', { name: 'Sync now' }).click();

  // Counted apart from pending, and a link to where they are.
  await expect(syncStatus(page)).toContainText('2 need you', { timeout: 60_000 });
  await expect(syncStatus(page)).toContainText('2 pending');
  // The badge does not change the link's name (the status says the count in words).
  const pendingLink = nav(page, 'Pending changes');
  await expect(pendingLink).toContainText('2');

  await nav(page, 'Worklist').click();
  await expect(row(page, conflicted)).toContainText('Needs you: changed by someone else');
  await expect(row(page, typo)).toContainText('Needs you: not sent');
  await expect(row(page, untouched)).not.toContainText('Needs you');

  await pendingLink.click();
  const conflict = pendingRow(page, conflicted);
  await expect(conflict).toContainText('Server now says: Waiting');
  await expect(conflict).toContainText(/Demo sandbox: changed to Waiting on /);
  // One way to drop per state, explained once above the table.
  await expect(page.getByText('Cancel takes back a change that has not been sent')).toBeVisible();
  await expect(conflict.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  const failed = pendingRow(page, typo);
  await expect(failed).toContainText('Failed');
  await expect(failed.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(failed.getByRole('button', { name: 'Discard' })).toBeVisible();

  await failed.getByRole('button', { name: 'Discard' }).click();
  await conflict.getByRole('button', { name: "Keep server's" }).click();
  await expect(syncStatus(page)).not.toContainText('need you');
  await expect(syncStatus(page)).toContainText('0 pending');
  await expect(pendingLink).toHaveText('Pending changes');
});

test('a change waiting to be sent keeps its Cancel', async ({ page }) => {
  await openApp(page, host);
  await addAndFetch(page, [SEED.lucie]);
  await setOutage(host, true);
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 20_000 });
  await changeStatus(page, SEED.lucie, 'resolve');
  await nav(page, 'Pending changes').click();
  const entry = pendingRow(page, SEED.lucie);
  await expect(entry).toContainText('Queued');
  await entry.getByRole('button', { name: 'Cancel' }).click();
  await expect(syncStatus(page)).toContainText('0 pending');
  await setOutage(host, false);
});
