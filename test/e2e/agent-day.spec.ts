/**
 * The agent's day, polished: a New complaint form survives a reload (kept sealed on this
 * computer) and Cancel on a filled form asks first; a complaint not yet on BizKitHub
 * shows what was typed; ↓ from Search goes into the list; Alt+↓ / Alt+↑ on a complaint's
 * page go to the next and previous complaint of the worklist; the worklist sorts by
 * customer name and by creation on BizKitHub; Help lists the keys; notices follow a
 * language switch.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, changeStatus, dumpBrowserStorage, nav, openApp, openNewComplaint, resetSandbox, worklist } from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());
test.beforeEach(async () => resetSandbox(host));

const CUSTOMER = 'Bohumila Šťastná';
const BANK_ACCOUNT = '19-2000145399/0800';

test('the New complaint form is kept across a reload, sealed, and Cancel asks before throwing it away', async ({ page }) => {
  await openApp(page, host);
  await openNewComplaint(page);
  await page.getByRole('textbox', { name: 'Customer name' }).fill(CUSTOMER);
  await page.getByRole('textbox', { name: 'Description' }).fill('Nefunguje nabíjení od prvního dne');
  await page.getByRole('textbox', { name: 'Bank account' }).fill(BANK_ACCOUNT);

  // Kept on this computer shortly after typing, and not readable there.
  await expect
    .poll(async () => Object.values(await dumpBrowserStorage(page)).some((text) => text.includes('newComplaintDraft')), { timeout: 10_000 })
    .toBe(true);
  const stored = Object.entries(await dumpBrowserStorage(page)).filter(([place]) => place !== 'dom');
  for (const [, text] of stored) {
    expect(text).not.toContain(CUSTOMER);
    expect(text).not.toContain(BANK_ACCOUNT);
  }

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'New complaint' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue(CUSTOMER);
  await expect(page.getByRole('textbox', { name: 'Bank account' })).toHaveValue(BANK_ACCOUNT);

  // Cancel asks; backing out keeps the form.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const question = page.getByRole('dialog');
  await expect(question).toContainText('Throw away what you typed?');
  await question.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue(CUSTOMER);

  // Throwing it away empties the form, also after a reload.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Throw away' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  await page.reload();
  await openNewComplaint(page);
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue('');
  // An empty form leaves without a question.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
});

test('a complaint not yet on BizKitHub shows what was typed, its row does not say "Not downloaded yet"', async ({ page }) => {
  await openApp(page, host);
  await openNewComplaint(page);
  await page.context().setOffline(true);
  await page.getByRole('textbox', { name: 'Type', exact: true }).or(page.getByRole('combobox', { name: 'Type', exact: true })).fill('reklamace');
  await page.getByRole('textbox', { name: 'Customer name' }).fill(CUSTOMER);
  await page.getByRole('textbox', { name: 'Description' }).fill('Nefunguje nabíjení od prvního dne');
  await page.getByRole('textbox', { name: 'Bank account' }).fill(BANK_ACCOUNT);
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(page.getByRole('main')).toContainText(BANK_ACCOUNT);
  await nav(page, 'Worklist').click();
  const row = worklist(page).getByRole('listitem').filter({ hasText: CUSTOMER });
  await expect(row).toContainText('Not yet on BizKitHub');
  await expect(row).not.toContainText('Not downloaded yet');
  // Created on BizKitHub: the row shows the ID and what was filed until it is downloaded,
  // never "Not downloaded yet" beside it.
  await page.context().setOffline(false);
  await expect(row).not.toContainText('Not yet on BizKitHub', { timeout: 30_000 });
  await expect(row).not.toContainText('Not downloaded yet');
});

test('↓ from Search into the list; Alt+↓ / Alt+↑ go along the worklist on a complaint; Help lists the keys', async ({ page }) => {
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana, SEED.petr, SEED.lucie]);
  const search = page.getByRole('searchbox', { name: 'Search' }).or(page.getByRole('textbox', { name: 'Search' }));
  await search.focus();
  await page.keyboard.press('ArrowDown');
  const rows = worklist(page).getByRole('listitem');
  const firstLink = rows.first().getByRole('link');
  await expect(firstLink).toBeFocused();
  const order = await rows.evaluateAll((items) => items.map((item) => item.textContent ?? ''));
  const idsInOrder = [SEED.jana, SEED.petr, SEED.lucie].sort(
    (a, b) => order.findIndex((text) => text.includes(a)) - order.findIndex((text) => text.includes(b)),
  );

  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${idsInOrder[0]}` })).toBeVisible();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${idsInOrder[1]}` })).toBeVisible();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${idsInOrder[2]}` })).toBeVisible();
  // The end of the list: nothing further.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${idsInOrder[2]}` })).toBeVisible();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${idsInOrder[1]}` })).toBeVisible();
  // Esc: back on that complaint's row.
  await page.keyboard.press('Escape');
  await expect(worklist(page).getByRole('listitem').filter({ hasText: idsInOrder[1]! }).getByRole('link')).toBeFocused();

  // Sorted by customer name, and by when BizKitHub created them.
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('customer');
  await expect(rows.nth(0)).toContainText('Jana Nováková');
  await expect(rows.nth(1)).toContainText('Lucie Černá');
  await expect(rows.nth(2)).toContainText('Petr Dvořák');
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('created');
  // The seed files them on different days: the newest filed first (Jana, then Petr, then Lucie).
  await expect(rows.nth(0)).toContainText(SEED.jana);
  await expect(rows.nth(1)).toContainText(SEED.petr);
  await expect(rows.nth(2)).toContainText(SEED.lucie);

  await nav(page, 'Help').click();
  const keys = page.getByRole('table', { name: 'Keyboard shortcuts' });
  for (const action of ['Select the complaint', 'Select every complaint from the last one selected', 'Add the IDs typed', 'From Search into the worklist', 'Next / previous complaint']) {
    await expect(keys).toContainText(action);
  }
  await expect(keys).toContainText('Space');
  await expect(keys).toContainText('Enter');
  await expect(page.getByRole('main')).toContainText('changed on this computer');
  // Developer tools are the browser host's: its Help still shows how to try offline.
  await expect(page.getByRole('main')).toContainText('What the app tells you');
});

test('notices follow a language switch: the status change and "Saved." say it in Czech', async ({ page }) => {
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana]);
  await changeStatus(page, SEED.jana, 'open');
  const notices = page.getByRole('region', { name: 'Notifications' });
  await expect(notices).toContainText(/Status (changed to|Open sent)/);

  await nav(page, 'Settings').click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Čeština' });
  await expect(page.getByRole('heading', { level: 1, name: 'Nastavení' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Uloženo.');
  await expect(page.getByRole('main')).not.toContainText('Saved.');
  await expect(page.getByRole('region', { name: 'Oznámení' })).toContainText(/Stav (změněn na Otevřená|Otevřená odeslán)/);
  await expect(page.getByRole('region', { name: 'Oznámení' })).not.toContainText('Status');

  // Back to English for the other tests (the choice is kept by main).
  await page.getByRole('combobox', { name: 'Jazyk' }).selectOption({ label: 'English' });
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});
