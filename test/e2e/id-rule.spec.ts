/**
 * Issue 13, finding 4: one complaint ID rule everywhere (letters, digits, - and _,
 * 1–64 characters), each refusal with the rule it broke; refused CSV cells are listed,
 * never put back into the box; a link with a bad ID adds nothing; a status change on a
 * complaint never downloaded asks first ("not yet verified with BizKitHub").
 * Finding 10: the empty worklist offers the sandbox's demo complaints.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_COMPLAINT_IDS } from '../../common/demo-complaints';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addIds, nav, openApp, pendingRows, row, setOutage, statusSelect, syncStatus, worklist } from './desk-page';

let host: RunningHost;

// A host per test: main's journal of unsent work outlives a browser profile, so a change
// another test left unsent would come back into this test's fresh profile (as after a lost
// database) and change what it starts from.
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => host?.stop());

const idsBox = (page: Page) => page.getByRole('textbox', { name: 'Complaint IDs' });
const rows = (page: Page) => worklist(page).getByRole('listitem');
const refusedList = (page: Page) => page.getByRole('list', { name: /not added/ });

test('typed and CSV IDs: refused ones name the rule they broke; CSV leftovers never go into the box', async ({ page }) => {
  await openApp(page, host);

  await addIds(page, `${SEED.jana} <script>x žluť a\u200bb ${'Q'.repeat(65)}`);
  await expect(page.getByText('Added 1 complaint.')).toBeVisible();
  const refused = refusedList(page);
  await expect(refused.getByRole('listitem')).toHaveCount(4);
  await expect(refused).toContainText('<script>x');
  await expect(refused).toContainText('contains “<”, which an ID cannot have');
  await expect(refused).toContainText('contains an accented or non-Latin character (ž)');
  await expect(refused).toContainText('contains an invisible character (U+200B)');
  await expect(refused).toContainText('too long: 65 characters, at most 64');
  // Typos stay in the box to be fixed, exactly as typed.
  await expect(idsBox(page)).toHaveValue(`<script>x\nžluť\na\u200bb\n${'Q'.repeat(65)}`);

  await idsBox(page).fill('typed-but-not-added');
  const csv = [
    'complaintId;note',
    `${SEED.petr};ok`,
    '"ID s mezerou";space',
    '"=HYPERLINK(""http://x"")";formula',
    `${'x'.repeat(5000)};huge`,
    `${SEED.lucie};ok`,
  ].join('\r\n');
  await page.locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByText('Read 5 IDs from bad.csv.')).toBeVisible();
  await expect(page.getByText('Added 2 complaints.')).toBeVisible();
  await expect(page.getByText('3 cells of bad.csv not added:')).toBeVisible();
  await expect(refused.getByRole('listitem')).toHaveCount(3);
  await expect(refused.getByRole('listitem').nth(0)).toContainText('row 3');
  await expect(refused.getByRole('listitem').nth(0)).toContainText('contains a space or a line break');
  await expect(refused.getByRole('listitem').nth(1)).toContainText('contains “=”');
  await expect(refused.getByRole('listitem').nth(2)).toContainText('too long: 5,000 characters');
  // The box keeps what the agent typed; no cell was split back into it.
  await expect(idsBox(page)).toHaveValue('typed-but-not-added');
  await expect(rows(page)).toHaveCount(3);
  // The list of refusals scrolls inside its own box: the worklist stays on screen.
  await expect(row(page, SEED.jana)).toBeInViewport();
});

test('a link with a bad ID adds nothing and says why', async ({ page }) => {
  await openApp(page, host);
  await page.goto(`${host.url}#/complaint/${encodeURIComponent('abc\u200bdef')}`);
  await expect(page.getByRole('alert')).toContainText('is not a complaint ID: contains an invisible character (U+200B)');
  await expect(page.getByRole('button', { name: 'Add to list and download' })).toHaveCount(0);

  await page.goto(`${host.url}#/complaint/${'z'.repeat(5000)}`);
  await expect(page.getByRole('alert')).toContainText('too long: 5,000 characters, at most 64');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('…');
  await expect(page.getByRole('button', { name: 'Add to list and download' })).toHaveCount(0);

  // A good ID from a link can be added from its page, and is downloaded.
  await page.goto(`${host.url}#/complaint/${SEED.petr}`);
  await page.getByRole('button', { name: 'Add to list and download' }).click();
  await expect(statusSelect(page)).toHaveValue('open');
  await nav(page, 'Worklist').click();
  await expect(rows(page)).toHaveCount(1);
});

test('a status change on a complaint never downloaded asks first', async ({ page }) => {
  await openApp(page, host);
  await setOutage(host, true);
  const typo = 'u19tor9ukid7jbpx';
  await addIds(page, typo);
  await row(page, typo).getByRole('link').click();
  await expect(statusSelect(page)).toBeEnabled();

  await statusSelect(page).selectOption('open');
  const dialog = page.getByRole('dialog', { name: 'Not yet verified with the demo sandbox' });
  await expect(dialog).toContainText('has never been downloaded');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(syncStatus(page)).toContainText('0 pending');

  await page.keyboard.press('2');
  await dialog.getByRole('button', { name: 'Change anyway' }).click();
  await expect(syncStatus(page)).toContainText('1 pending');
  // Asked once per complaint: the next key press just changes it.
  await page.keyboard.press('3');
  await expect(dialog).toHaveCount(0);
  await expect(statusSelect(page)).toHaveValue('wait');
  await nav(page, 'Pending changes').click();
  await expect(pendingRows(page)).toHaveCount(1);
});

test('the empty worklist offers the demo complaints', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByText('The built-in sandbox has 30 demo complaints.')).toBeVisible();
  await expect(page.getByText('DevTools → Network → Offline')).toBeVisible();
  await page.getByRole('button', { name: 'Add the demo complaints' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Added 30 demo complaints.');
  await expect(page.getByText(`${DEMO_COMPLAINT_IDS.length} complaints on this computer`)).toBeVisible();
  await expect(row(page, SEED.jana)).toContainText(/refreshed/);
  await expect(page.getByRole('button', { name: 'Add the demo complaints' })).toHaveCount(0);
});
