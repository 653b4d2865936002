/**
 * Issue 5, the worklist: add many IDs at once (spaces, commas, new lines) with a typo
 * among them, a CSV file, an unknown ID; search by customer and order number; filter by
 * status and by unsent changes; the keyboard alone (Ctrl+K, arrows, Enter, number keys,
 * Delete); removal refused while a complaint has unsent changes.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import {
  SEED,
  addAndFetch,
  addIds,
  appliedStatuses,
  changeStatus,
  nav,
  openApp,
  openFromWorklist,
  row,
  setOutage,
  statusSelect,
  syncStatus,
  worklist,
} from './desk-page';

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
const summary = (page: Page) => page.getByText(/complaints? on this computer/);

test('many IDs pasted at once, a typo among them, a CSV file, an unknown ID', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByText('No complaints yet.')).toBeVisible();

  // Spaces, commas, new lines, a doubled separator; "š" typed on a Czech keyboard for "3".
  const typo = '4qbx6l8lkjcwcpzš';
  await addIds(page, `${SEED.jana}, ${SEED.petr}\n${SEED.lucie}   ${SEED.tomas},,${typo}\n\n${SEED.ondrej}`);
  await expect(page.getByText('Added 5 complaints.')).toBeVisible();
  await expect(page.getByText('1 not added — it stays in the box to be fixed:')).toBeVisible();
  await expect(page.getByRole('list', { name: /not added/ })).toContainText(
    new RegExp(`${typo}\\s*contains an accented or non-Latin character \\(š\\)`),
  );
  // Nothing is lost by a typo: it stays in the box to be fixed.
  await expect(idsBox(page)).toHaveValue(typo);
  await expect(idsBox(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(rows(page)).toHaveCount(5);
  for (const id of [SEED.jana, SEED.petr, SEED.lucie, SEED.tomas, SEED.ondrej]) {
    await expect(row(page, id)).toContainText(/refreshed/);
  }
  await expect(row(page, SEED.petr)).toContainText('Petr Dvořák');
  await expect(row(page, SEED.petr)).toContainText('Order 2026-001187');
  await expect(summary(page)).toHaveText('5 complaints on this computer');

  // Fixing the typo and adding it again.
  await addIds(page, '4qbx6l8lkjcwcpzs');
  await expect(page.getByText('1 was already on the list.')).toBeVisible();
  await expect(idsBox(page)).toHaveValue('');

  // A CSV export from another tool: a header row, quoted fields, CRLF, an ID already listed.
  const csv = [
    'complaintId;customer;note',
    `${SEED.marketa};"Veselá, Markéta";first`,
    `"${SEED.zuzana}";Němcová;"said ""urgent"""`,
    `${SEED.jana};Nováková;already there`,
    `${SEED.veronika};Hájková;`,
  ].join('\r\n');
  await page.locator('input[type="file"]').setInputFiles({
    name: 'export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await expect(page.getByText('Read 4 IDs from export.csv.')).toBeVisible();
  await expect(page.getByText('Added 3 complaints.')).toBeVisible();
  await expect(page.getByText('1 was already on the list.')).toBeVisible();
  await expect(rows(page)).toHaveCount(8);
  await expect(row(page, SEED.zuzana)).toContainText('Zuzana Němcová');

  // An ID BizKitHub does not know: kept and shown as such, not dropped.
  const unknown = 'zzzz0000unknown1';
  await addIds(page, unknown);
  await expect(row(page, unknown)).toContainText('Not found in the demo sandbox');
  await expect(rows(page)).toHaveCount(9);
  await row(page, unknown).getByRole('link').click();
  await expect(page.getByText('The demo sandbox does not know this complaint ID.')).toBeVisible();
  await expect(statusSelect(page)).toBeDisabled();

  // Everything is still there after a reload (cached for offline reading).
  await page.reload();
  await nav(page, 'Worklist').click();
  await expect(rows(page)).toHaveCount(9);
  await expect(row(page, SEED.zuzana)).toContainText('Zuzana Němcová');
});

test('search by customer and order number; filter by status and by unsent changes', async ({ page }) => {
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana, SEED.petr, SEED.lucie, SEED.zuzana, SEED.ondrej, SEED.katerina]);
  await changeStatus(page, SEED.ondrej, 'wait'); // open → wait, sent
  await expect.poll(() => appliedStatuses(host, SEED.ondrej), { timeout: 30_000 }).toEqual(['wait']);
  await expect(syncStatus(page)).toContainText('0 pending');
  await nav(page, 'Worklist').click();

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('Dvořák');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(SEED.petr);
  await expect(page.getByText('1 of 6 shown')).toBeVisible();

  // The order number, as printed on the customer's paperwork.
  await search.fill('2026-001102');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(SEED.lucie);

  // Typed without diacritics, as agents do on the road.
  await search.fill('novakova');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(SEED.jana);

  await search.fill('no such customer');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByText('Nothing matches the search and filters.')).toBeVisible();
  await search.fill('');
  await expect(rows(page)).toHaveCount(6);

  // Filter by confirmed status.
  const filter = page.getByRole('combobox', { name: 'Filter' });
  await filter.selectOption({ label: 'Waiting' });
  await expect(rows(page)).toHaveCount(3);
  await expect(worklist(page)).toContainText(SEED.lucie);
  await expect(worklist(page)).toContainText(SEED.zuzana);
  await expect(worklist(page)).toContainText(SEED.ondrej);
  await filter.selectOption({ label: 'Rejected' });
  await expect(rows(page)).toHaveCount(1);
  await expect(worklist(page)).toContainText(SEED.katerina);
  await filter.selectOption({ label: 'All confirmed statuses' });
  await expect(rows(page)).toHaveCount(6);

  // Only complaints with unsent changes (held in the undo window, or offline).
  await setOutage(host, true);
  await changeStatus(page, SEED.jana, 'open');
  await nav(page, 'Worklist').click();
  const onlyPending = page.getByRole('checkbox', { name: 'Only with unsent changes' });
  await onlyPending.check();
  await expect(rows(page)).toHaveCount(1);
  await expect(worklist(page)).toContainText(SEED.jana);
  await expect(worklist(page)).toContainText('Open · pending');

  // Filters combine: unsent changes AND confirmed status "New".
  await filter.selectOption({ label: 'New' });
  await expect(rows(page)).toHaveCount(1);
  await filter.selectOption({ label: 'Open' });
  await expect(rows(page)).toHaveCount(0);
  await onlyPending.uncheck();
  await expect(rows(page)).toHaveCount(1);
  await expect(worklist(page)).toContainText(SEED.petr);
  await setOutage(host, false);
});

test('keyboard only: Ctrl+K, arrows, Enter, number keys, Escape, Delete', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);

  // Ctrl+K from another view: back to the worklist, focus in "Complaint IDs".
  await nav(page, 'Settings').click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).focus();
  await page.keyboard.press('Control+k');
  await expect(idsBox(page)).toBeFocused();
  await page.keyboard.type(`${SEED.jana} ${SEED.petr} ${SEED.lucie}`);
  await page.keyboard.press('Control+Enter'); // Enter alone adds a line; Ctrl+Enter adds
  await expect(page.getByText('Added 3 complaints.')).toBeVisible();
  for (const id of [SEED.jana, SEED.petr, SEED.lucie]) await expect(row(page, id)).toContainText(/refreshed/);

  // Tab into the list (one tab stop), arrows move, Enter opens.
  const links = worklist(page).getByRole('link');
  await links.first().focus();
  await expect(links.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(links.nth(1)).toBeFocused();
  const secondId = (await links.nth(1).locator('.wl-row__id').textContent())?.trim() ?? '';
  expect([SEED.jana, SEED.petr, SEED.lucie]).toContain(secondId);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${secondId}` })).toBeVisible();

  // Number keys set the status (1 New … 3 Waiting … 6 Closed), outside text fields.
  const before = await statusSelect(page).inputValue();
  const key = before === 'wait' ? '2' : '3';
  const target = before === 'wait' ? 'open' : 'wait';
  await page.keyboard.press(key);
  await expect(statusSelect(page)).toHaveValue(target);
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Status changed to');
  await expect.poll(() => appliedStatuses(host, secondId), { timeout: 30_000 }).toEqual([target]);

  // Escape goes back to the worklist.
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();

  // "?" opens the shortcuts.
  await page.getByRole('heading', { level: 1, name: 'Worklist' }).focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard shortcuts' })).toBeVisible();
});

test('removing a complaint is refused while it has unsent changes, allowed once they are sent', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana, SEED.petr]);

  await setOutage(host, true);
  await changeStatus(page, SEED.jana, 'open');
  const notices = page.getByRole('region', { name: 'Notifications' });

  // From the detail view…
  await page.getByRole('button', { name: 'Remove from list' }).click();
  await expect(notices).toContainText(
    `${SEED.jana} stays on the list: it has 1 unsent change. Send or cancel it first (Pending changes).`,
  );
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${SEED.jana}` })).toBeVisible();

  // …and with Delete in the worklist.
  await nav(page, 'Worklist').click();
  await row(page, SEED.jana).getByRole('link').focus();
  await page.keyboard.press('Delete');
  await expect(notices).toContainText(`${SEED.jana} stays on the list`);
  await expect(row(page, SEED.jana)).toBeVisible();
  await expect(rows(page)).toHaveCount(2);

  // A complaint without unsent changes goes.
  await row(page, SEED.petr).getByRole('link').focus();
  await page.keyboard.press('Delete');
  await expect(notices).toContainText(`Removed ${SEED.petr} from the list.`);
  await expect(rows(page)).toHaveCount(1);

  // Once the change is sent, the complaint can be removed.
  await setOutage(host, false);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 60_000 });
  expect(await appliedStatuses(host, SEED.jana)).toEqual(['open']);
  await openFromWorklist(page, SEED.jana);
  await page.getByRole('button', { name: 'Remove from list' }).click();
  await expect(notices).toContainText(`Removed ${SEED.jana} from the list.`);
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  await expect(page.getByText('No complaints yet.')).toBeVisible();
});
