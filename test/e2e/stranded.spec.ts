/**
 * Stranded work has a way out. The company moved its API (here: the browser host restarts
 * with another API address, same port and profile): changes made for the old address wait
 * for a key that will never come back (its sandbox is closed for good). The
 * header's waiting line links to them; each can be discarded (a confirmation names it) or
 * its group sent to the account configured now (one confirmation, both addresses shown),
 * which applies it there once, through the conflict check.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, changeStatus, nav, openApp, syncStatus } from './desk-page';

function freshKey(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let body = '';
  for (const byte of randomBytes(28)) body += alphabet[byte % alphabet.length];
  return `PROD${body}`;
}

const dialog = (page: Page) => page.getByRole('dialog');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function saveKey(page: Page, key: string): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  const sessionOnly = page.getByRole('checkbox', { name: 'Keep for this session only' });
  if (await sessionOnly.isVisible()) await sessionOnly.check();
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(/^Key saved \(/).first()).toBeVisible();
}

let gone: Sandbox;
let moved: Sandbox;
let host: RunningHost | undefined;
let userDataDir: string;
let port: number;
/** The host for `api`, always on the same port and profile (the page's storage stays). */
const hostFor = (api: Sandbox) =>
  startHost({
    port,
    userDataDir,
    env: { BIZKITHUB_API_URL: api.url, DESK_KEYCHAIN_SERVICE: `BizKitHub Complaints Desk e2e stranded ${process.pid}-${Date.now()}` },
  });

test.beforeEach(async () => {
  gone = await startSandbox({ port: 0 });
  moved = await startSandbox({ port: 0 });
  port = await freePort();
  userDataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-stranded-'));
});
test.afterEach(async () => {
  await host?.stop();
  await gone?.close().catch(() => undefined);
  await moved?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

test('changes for an API that never comes back: the header links to them; sent to this account (both addresses) or discarded (named)', async ({ page }) => {
  test.setTimeout(180_000);
  const goneHost = gone.url.replace('http://', '');
  const movedHost = moved.url.replace('http://', '');
  host = await hostFor(gone);
  await openApp(page, host);
  await saveKey(page, freshKey());
  await nav(page, 'Worklist').click();
  await addAndFetch(page, [SEED.jana, SEED.petr]);
  await gone.setFaults({ outage: true });
  await changeStatus(page, SEED.jana, 'open');
  await changeStatus(page, SEED.petr, 'wait');
  await expect(syncStatus(page)).toContainText('2 pending');
  await gone.close(); // never comes back

  // The company moved its API: the app now talks to the new address, with its own key.
  await host.stop();
  host = await hostFor(moved);
  await openApp(page, host);
  await saveKey(page, freshKey());
  await expect(page.getByText(`Live · ${movedHost}`)).toBeVisible();
  await expect(syncStatus(page)).toContainText(`2 changes wait for the key for ${goneHost}`);

  // The header's waiting line links to them.
  await syncStatus(page).getByRole('link', { name: `2 changes wait for the key for ${goneHost}` }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for another account' })).toBeVisible();
  const waitingRow = (id: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: id }) }).filter({ hasText: 'Waiting for the key' });

  // Discard one: the confirmation names it; Cancel backs out.
  await waitingRow(SEED.petr).getByRole('button', { name: 'Discard' }).click();
  await expect(dialog(page)).toContainText(`Discard 1 change made for ${goneHost}?`);
  await expect(dialog(page)).toContainText(SEED.petr);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page)).toBeHidden();
  await waitingRow(SEED.petr).getByRole('button', { name: 'Discard' }).click();
  await dialog(page).getByRole('button', { name: 'Discard' }).click();
  await expect(waitingRow(SEED.petr)).toHaveCount(0);

  // Send the rest to this account: one confirmation with both addresses.
  await waitingRow(SEED.jana).getByRole('button', { name: 'Send to this account' }).click();
  await expect(dialog(page)).toContainText(goneHost);
  await expect(dialog(page)).toContainText(movedHost);
  await expect(dialog(page)).toContainText(SEED.jana);
  await page.screenshot({ path: '/tmp/stranded-send-dialog.png' });
  await dialog(page).getByRole('button', { name: 'Send to this account' }).click();
  await expect.poll(() => moved.appliedChanges(SEED.jana).map((c) => c.status), { timeout: 30_000 }).toEqual(['open']);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 30_000 });
  expect(moved.appliedChanges(SEED.petr)).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Waiting for another account' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/stranded-after.png' });
});
