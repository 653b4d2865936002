/**
 * Settings says where customers' data is protected: encrypted with the data key kept in
 * the OS keychain (a real Secret Service: scripts/test-all.sh runs the suite inside a
 * throwaway D-Bus session with GNOME Keyring), or, with no keychain at all, kept in memory
 * only. The data key itself is never in the page's storage or the host's files and output.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { fileNewComplaint, nav, openApp, openNewComplaint } from './desk-page';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('with the OS keychain: encrypted with a key kept there; the key is nowhere in the host\'s files or output', async ({ page }) => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs a Secret Service: run inside scripts/test-all.sh');
  host = await startHost();
  await openApp(page, host);
  const key = await page.evaluate(async () => {
    const reply = await window.desk!.getDataKey({});
    return reply.ok ? reply.value : null;
  });
  expect(key?.kept).toBe('keychain');
  await nav(page, 'Settings').click();
  const said = page.getByTestId('data-protection');
  await expect(said).toHaveAttribute('data-kept', 'keychain');
  await expect(said).toContainText("Customers' data is encrypted on this computer with a key kept in the system keyring (Secret Service).");
  if (process.env.DESK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.DESK_SCREENSHOT_DIR, 'data-protection-keychain.png'), fullPage: true });
  for (const file of filesUnder(host.userDataDir)) expect(readFileSync(file, 'latin1').includes(key?.key ?? '?'), file).toBe(false);
  expect(host.output().includes(key?.key ?? '?')).toBe(false);
});

test('no keychain at all: Settings says customers\' data stays in memory only', async ({ page }) => {
  // A D-Bus address that leads nowhere: no Secret Service, as on a machine without one.
  host = await startHost({ env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/desk-e2e-bus' } });
  await openApp(page, host);
  await nav(page, 'Settings').click();
  const said = page.getByTestId('data-protection');
  await expect(said).toHaveAttribute('data-kept', 'memory-only');
  await expect(said).toContainText(
    "No keychain: customers' data stays only in memory and is downloaded again after a restart; unsent new complaints are kept until sent, unencrypted.",
  );
  if (process.env.DESK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.DESK_SCREENSHOT_DIR, 'data-protection-memory.png'), fullPage: true });
});

test('IT policy requires encrypted storage, no keychain: Settings says why, New complaint warns, nothing typed reaches the disk in clear', async ({ page }) => {
  const policy = join(mkdtempSync(join(tmpdir(), 'desk-policy-e2e-')), 'policy.json');
  writeFileSync(policy, JSON.stringify({ requireEncryptedStorage: true }));
  host = await startHost({ env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/desk-e2e-bus', DESK_POLICY_FILE: policy } });
  await openApp(page, host);
  await nav(page, 'Settings').click();
  const said = page.getByTestId('data-protection');
  await expect(said).toHaveAttribute('data-kept', 'memory-only');
  await expect(said).toHaveAttribute('data-policy', 'encryption-required');
  await expect(said).toContainText("Your organisation's IT requires customers' data to be stored encrypted, and this computer has no keychain");
  await expect(said).toContainText('A new complaint that is not sent yet, or is still being filled in, is lost when the app closes.');
  if (process.env.DESK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.DESK_SCREENSHOT_DIR, 'data-protection-policy.png'), fullPage: true });

  await openNewComplaint(page);
  await expect(page.getByTestId('new-complaint-memory-only')).toContainText('this complaint is kept in memory only until it is sent to BizKitHub');
  if (process.env.DESK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.DESK_SCREENSHOT_DIR, 'new-complaint-policy.png') });
  await fileNewComplaint(page, { customerName: 'Květoslava Přibylová', description: 'Nefunguje nabíjení od prvního dne', email: 'kvetoslava@planted.example' });
  await expect(page.getByRole('heading', { level: 1, name: 'New complaint' })).toBeHidden();

  const journal = filesUnder(host.userDataDir).filter((file) => file.includes('journal'));
  expect(journal.length).toBeGreaterThan(0);
  for (const file of journal) {
    const bytes = readFileSync(file);
    for (const text of [bytes.toString('utf8'), bytes.toString('latin1')]) {
      for (const planted of ['Přibylová', 'Pribylova', 'Nefunguje nabíjení', 'kvetoslava@planted']) expect(text.includes(planted), `${file}: ${planted}`).toBe(false);
    }
  }
  expect(readFileSync(join(host.userDataDir, 'desk.log'), 'utf8').match(/policy requireEncryptedStorage/g)).toHaveLength(1);
});

