/**
 * Issue 10: every change reaches the account it was made for, once; a fumble is not a
 * change. A second sandbox, started here, stands in for BizKitHub ("production", the
 * host's BIZKITHUB_API_URL); the host's built-in sandbox serves demo mode. What each
 * sandbox received is asserted from its own log, and what the header and Pending changes
 * say, in English and in Czech.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import { CONNECTION_TEXT, SEED, addAndFetch, appliedStatuses, changeStatus, dumpBrowserStorage, nav, openApp, openFromWorklist, syncStatus } from './desk-page';

function freshKey(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let body = '';
  for (const byte of randomBytes(28)) body += alphabet[byte % alphabet.length];
  return `PROD${body}`;
}

const demoBanner = (page: Page) => page.getByText(/^Demo mode: sample data|^Ukázkový režim/);
const dialog = (page: Page) => page.getByRole('dialog');

/** Types the key in Settings and presses Save key (a question may follow: the caller answers it). */
async function typeAndSaveKey(page: Page, key: string, labels = EN): Promise<void> {
  await page.getByRole('link', { name: labels.settings, exact: true }).click();
  await page.getByRole('textbox', { name: labels.apiKey }).fill(key);
  const sessionOnly = page.getByRole('checkbox', { name: labels.sessionOnly });
  if (await sessionOnly.isVisible()) await sessionOnly.check();
  await page.getByRole('button', { name: labels.saveKey }).click();
}

const EN = { settings: 'Settings', apiKey: 'API key', sessionOnly: 'Keep for this session only', saveKey: 'Save key' };

async function saveKey(page: Page, key: string): Promise<void> {
  await typeAndSaveKey(page, key);
  await expect(page.getByText(/^Key saved \(/).first()).toBeVisible();
  await expect(demoBanner(page)).toBeHidden();
}

/** What the host's built-in (demo) sandbox applied to a complaint. */
const demoApplied = (host: RunningHost, id: string) => appliedStatuses(host, id);
const prodApplied = (prod: Sandbox, id: string) => prod.appliedChanges(id).map((c) => c.status);

let prod: Sandbox;
let host: RunningHost;
let prodHost: string;

test.beforeAll(async () => {
  prod = await startSandbox({ port: 0 });
  prodHost = prod.url.replace('http://', '');
});
test.afterAll(async () => {
  await prod?.close();
});
test.beforeEach(async () => {
  await prod.reset();
  host = await startHost({ env: { BIZKITHUB_API_URL: prod.url } });
});
test.afterEach(async () => {
  await host?.stop();
});

test('(a) Remove key with unsent live changes asks; they wait for their own key, reach nothing else, and go when it is saved again', async ({ page }) => {
  test.setTimeout(120_000);
  const key = freshKey();
  await openApp(page, host);
  await expect(demoBanner(page)).toBeVisible();
  // The mode and the API host are always in the header (#13, finding 3).
  await expect(page.getByText('Demo data · built-in sandbox')).toBeVisible();
  await saveKey(page, key);
  await expect(page.getByText(`Live · ${prodHost}`)).toBeVisible();
  await nav(page, 'Worklist').click();
  await addAndFetch(page, [SEED.jana, SEED.petr]);

  await prod.setFaults({ outage: true });
  await changeStatus(page, SEED.jana, 'open');
  await changeStatus(page, SEED.petr, 'wait');
  await expect(syncStatus(page)).toContainText('2 pending');

  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Remove key' }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page)).toContainText(`2 unsent changes will wait for the key for ${prodHost}`);
  // Cancel backs out: the key stays.
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(demoBanner(page)).toBeHidden();
  await page.getByRole('button', { name: 'Remove key' }).click();
  await dialog(page).getByRole('button', { name: 'Remove key' }).click();

  // Demo mode now, with demo data only; the live changes wait and are counted.
  await expect(demoBanner(page)).toBeVisible();
  await expect(syncStatus(page)).toContainText('2 pending');
  await expect(syncStatus(page)).toContainText(`2 changes wait for the key for ${prodHost}`);
  await nav(page, 'Pending changes').click();
  await expect(page.getByRole('cell', { name: `Waiting for the key for ${prodHost}` })).toHaveCount(2);
  await expect(page.getByText('Nothing waiting: every change has been sent.')).toBeHidden();

  // The network is back: nothing goes anywhere while the key is missing.
  await prod.setFaults({ outage: false });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForTimeout(2500);
  expect(prodApplied(prod, SEED.jana)).toEqual([]);
  expect(prodApplied(prod, SEED.petr)).toEqual([]);
  expect(await demoApplied(host, SEED.jana)).toEqual([]);
  expect(await demoApplied(host, SEED.petr)).toEqual([]);
  await expect(page.getByText('Failed', { exact: true })).toHaveCount(0);

  // The key again: the app asks before sending them with it; then each goes once, to production.
  await typeAndSaveKey(page, key);
  await expect(dialog(page)).toContainText(`2 unsent changes made for ${prodHost} will be sent with the key you entered`);
  await dialog(page).getByRole('button', { name: 'Send with this key' }).click();
  await expect.poll(() => prodApplied(prod, SEED.jana), { timeout: 30_000 }).toEqual(['open']);
  await expect.poll(() => prodApplied(prod, SEED.petr), { timeout: 30_000 }).toEqual(['wait']);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 30_000 });
  expect(await demoApplied(host, SEED.jana)).toEqual([]);
  expect(await demoApplied(host, SEED.petr)).toEqual([]);
});

test('(b) changes made in demo mode never reach BizKitHub: they wait for demo mode while a key is saved', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await expect(demoBanner(page)).toBeVisible();
  await addAndFetch(page, [SEED.marketa, SEED.ondrej]);
  await sandboxControl(host, 'faults', { outage: true });
  await changeStatus(page, SEED.marketa, 'open');
  await changeStatus(page, SEED.ondrej, 'wait');
  await expect(syncStatus(page)).toContainText('2 pending');

  await saveKey(page, freshKey()); // no question: no live change is waiting
  await expect(syncStatus(page)).toContainText('2 demo changes wait for demo mode');
  await nav(page, 'Pending changes').click();
  await expect(page.getByRole('cell', { name: 'Waiting for demo mode', exact: true })).toHaveCount(2);
  await nav(page, 'Worklist').click();
  // Live mode shows the live worklist: no demo rows.
  await expect(page.getByText(SEED.marketa)).toHaveCount(0);
  await page.waitForTimeout(2500);
  expect(prodApplied(prod, SEED.marketa)).toEqual([]);
  expect(prodApplied(prod, SEED.ondrej)).toEqual([]);
  expect(prod.requests.filter((r) => r.path.includes('set-status'))).toEqual([]);

  // Back to demo: they go to the sandbox they were made for.
  await sandboxControl(host, 'faults', { outage: false });
  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Remove key' }).click(); // no live change waits: no question
  await expect(demoBanner(page)).toBeVisible();
  await expect.poll(() => demoApplied(host, SEED.marketa), { timeout: 30_000 }).toEqual(['open']);
  await expect.poll(() => demoApplied(host, SEED.ondrej), { timeout: 30_000 }).toEqual(['wait']);
  await expect(syncStatus(page)).toContainText('0 pending');
  expect(prodApplied(prod, SEED.marketa)).toEqual([]);
});

test('(c) the API address is checked as typed, each refusal names its reason, a custom address says where the key goes', async ({ page }) => {
  await openApp(page, host);
  await nav(page, 'Settings').click();
  const box = page.getByRole('textbox', { name: 'API URL' });
  const save = page.getByRole('button', { name: 'Save address' });
  await box.fill('https://api.bizkithub.com\t.evil.com');
  await save.click();
  await expect(page.getByText('The address contains spaces, line breaks, invisible or accented characters. Type it plainly.')).toBeVisible();
  await box.fill('http://evil.example.com');
  await save.click();
  await expect(page.getByText('Plain http:// is allowed only for this computer (localhost); use https://.')).toBeVisible();
  await box.fill('https://user:pw@evil.example.com');
  await save.click();
  await expect(page.getByText('The address must not contain a user name or password.')).toBeVisible();
  // Nothing was stored by any of them.
  expect(await page.evaluate(async () => (await window.desk!.getSettings({})).ok && (await window.desk!.getSettings({})))).toMatchObject({
    value: { apiUrl: 'https://api.bizkithub.com' },
  });
  await box.fill('https://staging.example.com');
  await expect(page.getByText('Custom API address: your API key will be sent to staging.example.com.')).toBeVisible();
  await save.click();
  await expect(page.getByText(/^Saved\. The API address is now staging\.example\.com: enter the API key for it\./)).toBeVisible();
});

test('(d) a fumble is not a change: 2 3 4 5 6 3 within the undo window is one entry and one server event', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  await addAndFetch(page, [SEED.martin]); // new
  await openFromWorklist(page, SEED.martin);
  await page.getByRole('heading', { level: 1 }).focus();
  for (const key of ['2', '3', '4', '5', '6', '3']) await page.keyboard.press(key);
  await nav(page, 'Pending changes').click();
  const rows = page.getByRole('table', { name: 'Unsent changes' }).getByRole('row').filter({ hasText: SEED.martin });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Replaced Open → Waiting → Resolved → Rejected → Closed within the undo window; only Waiting will be sent.');
  await expect.poll(() => demoApplied(host, SEED.martin), { timeout: 30_000 }).toEqual(['wait']);
  await expect(syncStatus(page)).toContainText('0 pending');
  await page.waitForTimeout(1000);
  expect(await demoApplied(host, SEED.martin)).toEqual(['wait']);
});

test('(e) a server that echoes the key: the renderer, its database and the screen never get it', async ({ page }) => {
  const key = freshKey();
  const echo = prod.createComplaint({
    variantCode: 'reklamace',
    description: `Customer pasted ${key} into the form`,
    customerName: `Echo ${key}`,
  });
  await openApp(page, host);
  await saveKey(page, key);
  await nav(page, 'Worklist').click();
  await addAndFetch(page, [echo]);
  await openFromWorklist(page, echo);
  await expect(page.getByText('Customer pasted [redacted] into the form')).toBeVisible();
  const storage = await dumpBrowserStorage(page);
  for (const [place, text] of Object.entries(storage)) expect(text.includes(key), place).toBe(false);
});

test.describe('in Czech', () => {
  test.beforeEach(async () => {
    await host.stop();
    host = await startHost({ env: { BIZKITHUB_API_URL: prod.url, LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8' } });
  });

  test('(a) the question, the header and Pending changes say it in Czech', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(host.url);
    await expect(syncStatus(page)).toContainText(CONNECTION_TEXT);
    await expect(page.getByText('Ukázková data · vestavěný sandbox')).toBeVisible();
    await typeAndSaveKey(page, freshKey(), {
      settings: 'Nastavení',
      apiKey: 'API klíč',
      sessionOnly: 'Ponechat jen pro toto spuštění',
      saveKey: 'Uložit klíč',
    });
    await expect(page.getByText(/^Klíč uložen/).first()).toBeVisible();
    await page.getByRole('link', { name: 'Seznam', exact: true }).click();
    await page.getByRole('textbox', { name: 'ID reklamací' }).fill(SEED.jana);
    await page.getByRole('button', { name: 'Přidat', exact: true }).click();
    const rowLink = page.getByRole('link').filter({ hasText: SEED.jana });
    await expect(rowLink).toContainText('Nováková');
    await prod.setFaults({ outage: true });
    await rowLink.click();
    await page.getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('2');
    await expect(syncStatus(page)).toContainText('1 neodeslaná');

    await page.getByRole('link', { name: 'Nastavení', exact: true }).click();
    await page.getByRole('button', { name: 'Odebrat klíč' }).click();
    await expect(dialog(page)).toContainText(`1 neodeslaná změna bude čekat na klíč pro ${prodHost}`);
    await dialog(page).getByRole('button', { name: 'Odebrat klíč' }).click();
    await expect(syncStatus(page)).toContainText('1 neodeslaná');
    await expect(syncStatus(page)).toContainText(`1 změna čeká na klíč pro ${prodHost}`);
    await page.getByRole('link', { name: 'Neodeslané změny', exact: true }).click();
    await expect(page.getByRole('cell', { name: `Čeká na klíč pro ${prodHost}` })).toBeVisible();
    await prod.setFaults({ outage: false });
    expect(prodApplied(prod, SEED.jana)).toEqual([]);
  });
});
