/**
 * BizKitHub's answers drift from what the reference shows, through the sandbox's drift
 * switches: a status the app does not know is shown as sent and makes the change a
 * Conflict the agent decides once; `200 {"success": false}` ends, after a few tries, as
 * Failed with BizKitHub's code and words and the agent's Retry / Discard.
 */
import { join } from 'node:path';
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
  resetSandbox,
  row,
  sandboxRequests,
  syncStatus,
} from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());
test.beforeEach(async () => {
  await resetSandbox(host);
});

async function shoot(page: import('@playwright/test').Page, name: string): Promise<void> {
  if (process.env.DESK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.DESK_SCREENSHOT_DIR, name), fullPage: true });
}

test('an unknown status is shown as sent; a change to it is a Conflict, not retried forever', async ({ page }) => {
  test.setTimeout(120_000);
  const id = SEED.jana;
  await sandboxControl(host, 'faults', { unknownStatus: { status: 'escalated', complaintId: id } });
  await openApp(page, host);
  await addAndFetch(page, [id]);
  await expect(row(page, id)).toContainText('escalated');

  await changeStatus(page, id, 'open');
  await expect(page.getByText('Confirmed: escalated')).toBeVisible();
  await shoot(page, 'drift-unknown-status-complaint.png');
  await nav(page, 'Pending changes').click();
  const entry = pendingRow(page, id);
  await expect(entry).toContainText('Conflict', { timeout: 60_000 });
  await expect(entry).toContainText('Server now says: escalated');
  await expect(entry).toContainText('A status this app does not know');
  await shoot(page, 'drift-unknown-status.png');
  // Asked once: no more checks go out while it waits for the agent.
  const checks = async () => (await sandboxRequests(host)).filter((r) => r.complaintId === id && r.path.endsWith('/detail')).length;
  const asked = await checks();
  await page.waitForTimeout(3_000);
  expect(await checks()).toBe(asked);
  expect(await appliedStatuses(host, id)).toEqual([]);

  await entry.getByRole('button', { name: 'Apply mine anyway' }).click();
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 30_000 });
  expect(await appliedStatuses(host, id)).toEqual(['open']);
});

test('200 {"success": false}: Failed after a few tries, with BizKitHub’s code and words; Retry / Discard', async ({ page }) => {
  test.setTimeout(120_000);
  const id = SEED.petr;
  await sandboxControl(host, 'faults', {
    declined: { code: 'COMPLAINT_LOCKED', message: 'Complaint is locked for review', complaintId: id },
  });
  await openApp(page, host);
  await addAndFetch(page, [id]);
  await changeStatus(page, id, 'wait');
  await nav(page, 'Pending changes').click();
  const entry = pendingRow(page, id);
  await expect(entry).toContainText('Failed', { timeout: 60_000 });
  await expect(entry).toContainText('BizKitHub declined it (COMPLAINT_LOCKED — Complaint is locked for review)');
  await expect(entry.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(entry.getByRole('button', { name: 'Discard' })).toBeVisible();
  await shoot(page, 'drift-declined.png');

  const sends = async () => (await sandboxRequests(host)).filter((r) => r.complaintId === id && r.path.endsWith('/set-status')).length;
  const tried = await sends();
  expect(tried).toBeGreaterThanOrEqual(2);
  expect(tried).toBeLessThanOrEqual(5);
  await page.waitForTimeout(3_000);
  expect(await sends()).toBe(tried);
  expect(await appliedStatuses(host, id)).toEqual([]);

  // BizKitHub accepts it again: Retry sends it.
  await sandboxControl(host, 'faults', { declined: null });
  await entry.getByRole('button', { name: 'Retry' }).click();
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 30_000 });
  expect(await appliedStatuses(host, id)).toEqual(['wait']);
  await openFromWorklist(page, id);
});
