/**
 * One smoke run in Czech: on a Czech system (the host's OS locale, and the browser's)
 * the app speaks Czech by itself — labels, status names, numbers and money — and a status
 * change works end to end. And the language setting switches an English desk to Čeština
 * and back without a reload.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED, appliedStatuses, nav, openApp, resetSandbox, row, syncStatus, worklist } from './desk-page';

test.describe('a Czech system', () => {
  test.use({ locale: 'cs-CZ' });
  let host: RunningHost;

  test.beforeAll(async () => {
    // The browser host answers "the OS locale" from its own process (Node's ICU locale).
    host = await startHost({ env: { LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8' } });
  });
  test.afterAll(async () => host?.stop());

  test('Czech labels, Czech status names, and a status change that reaches the server', async ({ page }) => {
    await openApp(page, host);
    await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
    const navigation = page.getByRole('navigation', { name: 'Hlavní' });
    await expect(navigation.getByRole('link', { name: 'Seznam' })).toBeVisible();
    await expect(navigation.getByRole('link', { name: 'Neodeslané změny' })).toBeVisible();
    await expect(syncStatus(page)).toContainText('0 neodeslaných');

    await page.getByRole('textbox', { name: 'ID reklamací' }).fill(`${SEED.jana} ${SEED.petr}`);
    await page.getByRole('button', { name: 'Přidat', exact: true }).click();
    const list = page.getByRole('list', { name: 'Seznam' });
    await expect(list.getByRole('listitem').filter({ hasText: SEED.jana })).toContainText('Nová');
    await expect(list.getByRole('listitem').filter({ hasText: SEED.petr })).toContainText('Otevřená');

    await list.getByRole('listitem').filter({ hasText: SEED.jana }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: `Reklamace ${SEED.jana}` })).toBeVisible();
    // Money in Czech format: "8 990,00 Kč" (narrow no-break spaces).
    await expect(page.getByRole('table', { name: 'Reklamované položky' })).toContainText(/8\s990,00\sKč/);

    const status = page.getByRole('combobox', { name: 'Stav' });
    await expect(status).toHaveValue('new');
    await expect(status.getByRole('option', { name: 'Otevřená' })).toBeAttached();
    await status.selectOption({ label: 'Otevřená' });
    await expect(page.getByText('Stav změněn na Otevřená')).toBeVisible();
    await expect.poll(() => appliedStatuses(host, SEED.jana), { timeout: 30_000 }).toEqual(['open']);
    await expect(syncStatus(page)).toContainText('0 neodeslaných');
    await expect(page.getByText('Potvrzeno: Otevřená')).toBeVisible();
  });
});

test.describe('an English system', () => {
  let host: RunningHost;

  test.beforeAll(async () => {
    host = await startHost({ env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } });
  });
  test.beforeEach(async () => resetSandbox(host));
  test.afterAll(async () => host?.stop());

  test('the language setting switches to Čeština and back, at once', async ({ page }) => {
    await openApp(page, host);
    await page.getByRole('textbox', { name: 'Complaint IDs' }).fill(SEED.lucie);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(row(page, SEED.lucie)).toContainText('Waiting');

    await nav(page, 'Settings').click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Čeština' });
    await expect(page.getByRole('heading', { level: 1, name: 'Nastavení' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'cs');

    await page.getByRole('navigation', { name: 'Hlavní' }).getByRole('link', { name: 'Seznam' }).click();
    await expect(page.getByRole('list', { name: 'Seznam' }).getByRole('listitem').filter({ hasText: SEED.lucie })).toContainText('Čeká');

    // The choice is kept by main: a reload stays Czech.
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Hlavní' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Hlavní' }).getByRole('link', { name: 'Nastavení' }).click();
    await page.getByRole('combobox', { name: 'Jazyk' }).selectOption({ label: 'English' });
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await nav(page, 'Worklist').click();
    await expect(worklist(page).getByRole('listitem').filter({ hasText: SEED.lucie })).toContainText('Waiting');
  });
});
