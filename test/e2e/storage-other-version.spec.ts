/**
 * Another version of the app taking over the local database while this window has it open
 * (it upgrades it): this window says so and takes no new changes; it never blames a full disk.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { openApp } from './desk-page';

const DEMO_DATABASE = 'bizkithub-complaints-desk:demo';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

test('a newer version upgrading the database meanwhile is named, not a full disk', async ({ page }) => {
  await openApp(page, host);
  const other = await page.context().newPage();
  await other.goto(new URL('/__not-the-app', host.url).toString());
  await other.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 90);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    DEMO_DATABASE,
  );
  const banner = page.getByRole('alert', { name: 'Changes are not being saved on this computer' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Another window or version of the app took over this computer’s local database');
  await expect(banner).not.toContainText('full disk');
  // The view the stopped database leaves says the same.
  await expect(page.getByRole('main')).toContainText('Another window or version of the app took over');
  await expect(page.getByRole('main')).not.toContainText('full disk');
  await page.screenshot({ path: '/tmp/desk-other-version.png', fullPage: true });
});
