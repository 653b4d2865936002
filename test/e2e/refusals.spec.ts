/**
 * Issue 13, finding 6: each refusal of a bad API key or address names the rule it broke,
 * in the UI's language; nothing is silently cut (a 10 KB paste is "too long", whole);
 * the keychain banner speaks the UI's language, the raw D-Bus error only in its details.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { nav, openApp } from './desk-page';

const body = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4';
const keyBox = (page: Page) => page.getByRole('textbox', { name: 'API key' });
const rule = 'An API key is 32 characters: PROD, DEV_ or ROOT followed by 28 letters or digits.';

test.describe('English', () => {
  let host: RunningHost;
  test.beforeAll(async () => {
    host = await startHost();
  });
  test.afterAll(async () => host?.stop());

  test('each bad key gets its own reason, and nothing is stored', async ({ page }) => {
    await openApp(page, host);
    await nav(page, 'Settings').click();
    const cases: [string, string][] = [
      [`PROD${body.slice(1)}`, 'Not saved: it is too short (31 characters; a key has 32).'],
      [`PROD${body}x`, 'Not saved: it is too long (33 characters; a key has 32).'],
      [`PROD${body.slice(0, 8)} ${body.slice(8)}`, 'Not saved: it contains a space or a line break'],
      [`PROD${body.slice(0, 8)}\u200b${body.slice(8)}`, 'Not saved: it contains an invisible character (U+200B)'],
      [`prod${body}`, 'Not saved: it starts with “prod”; the prefix is written in capitals (PROD).'],
      [`KEYS${body}`, 'Not saved: it does not start with PROD, DEV_ or ROOT.'],
    ];
    for (const [key, reason] of cases) {
      await keyBox(page).fill(key);
      await page.getByRole('button', { name: 'Save key' }).click();
      await expect(page.getByText(reason)).toBeVisible();
      await expect(page.getByText(rule)).toBeVisible();
      await expect(keyBox(page)).toHaveAttribute('aria-invalid', 'true');
    }

    // A 10 KB paste stays whole in the field and is refused as too long, not cut to fit.
    const paste = `PROD${body}`.repeat(320);
    await keyBox(page).fill(paste);
    await expect(keyBox(page)).toHaveValue(paste);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByText('Not saved: it is too long (10,240 characters; a key has 32).')).toBeVisible();
    await expect(page.getByText('No key configured.')).toBeVisible();
  });

  test('a bad API address names its rule; a long one is not cut', async ({ page }) => {
    await openApp(page, host);
    await nav(page, 'Settings').click();
    const url = page.getByRole('textbox', { name: 'API URL' });
    await url.fill('http://api.example.com');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('Plain http:// is allowed only for this computer (localhost); use https://.')).toBeVisible();

    const long = `https://api.example.com/${'a'.repeat(10_000)}`;
    await url.fill(long);
    await expect(url).toHaveValue(long);
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('The address is too long.')).toBeVisible();
  });
});

test.describe('Czech, without a keychain', () => {
  let host: RunningHost;
  test.beforeAll(async () => {
    // No Secret Service on this bus address: the keychain is unavailable.
    host = await startHost({ env: { LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/desk-e2e-bus' } });
  });
  test.afterAll(async () => host?.stop());

  test('the keychain banner and the key refusals are in Czech; the raw error only in the details', async ({ page }) => {
    await openApp(page, host);
    await page.getByRole('navigation').getByRole('link', { name: 'Nastavení' }).click();
    const banner = page.getByText('Není dostupná žádná systémová klíčenka (Secret Service).');
    await expect(banner).toBeVisible();
    const details = page.getByText('Technické podrobnosti');
    await expect(details).toBeVisible();
    // The English sentence with the raw error is folded away until asked for.
    await expect(page.getByText(/No usable Secret Service/)).toBeHidden();
    await details.click();
    await expect(page.getByText(/No usable Secret Service/)).toBeVisible();

    await page.getByRole('textbox', { name: 'API klíč' }).fill(`PROD${body}x`);
    await page.getByRole('button', { name: 'Uložit klíč' }).click();
    await expect(page.getByText('Neuloženo: klíč je příliš dlouhý (33 znaků; klíč má 32).')).toBeVisible();
  });
});
