/**
 * Settings says where customers' data is protected: encrypted with the data key kept in
 * the OS keychain (a real Secret Service: scripts/test-all.sh runs the suite inside a
 * throwaway D-Bus session with GNOME Keyring), or, with no keychain at all, kept in memory
 * only. The data key itself is never in the page's storage or the host's files and output.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { nav, openApp } from './desk-page';

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
