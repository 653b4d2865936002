import { expect, test } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';

interface SandboxState { seedComplaintIds: string[] }
interface AppliedChange { complaintId: string; status: string }

let host: RunningHost;
let seedIds: string[];

test.beforeAll(async () => {
  host = await startHost();
  seedIds = (await sandboxControl<SandboxState>(host, 'state')).seedComplaintIds;
});
test.afterAll(async () => host?.stop());

test('add a complaint, open it, change its status: the sandbox records exactly that change', async ({ page }) => {
  const id = seedIds[0]!;
  await page.goto(host.url);
  await expect(page.getByRole('status').filter({ hasText: /pending/ })).toContainText('0 pending');

  await page.getByRole('textbox', { name: 'Complaint IDs' }).fill(id);
  await page.getByRole('button', { name: 'Add', exact: true }).click();

  const worklist = page.getByRole('list', { name: 'Worklist' }).or(page.getByRole('table', { name: 'Worklist' })).or(page.getByRole('grid', { name: 'Worklist' }));
  const row = worklist.getByText(id, { exact: false }).first();
  await expect(row).toBeVisible();
  await row.click();

  const status = page.getByRole('combobox', { name: 'Status' });
  // Downloaded first (a complaint never downloaded asks before its first change, #13).
  await expect(page.getByRole('heading', { name: 'Customer', exact: true })).toBeVisible();
  await expect(status).toHaveValue('new');
  await status.selectOption('open');

  // The change drains on its own (online), and the timeline shows it.
  await expect(page.getByRole('status').filter({ hasText: /pending/ })).toContainText('0 pending');
  await expect.poll(async () => sandboxControl<AppliedChange[]>(host, `applied?complaintId=${id}`)).toEqual([
    expect.objectContaining({ complaintId: id, status: 'open' }),
  ]);
  await expect(status).toHaveValue('open');
  await page.screenshot({ path: 'test-results/detail-after-change.png', fullPage: true });
});
