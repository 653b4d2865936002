/**
 * A local database the app must not simply open: one written by a newer version of the app
 * (never opened, nothing changed, said so), and one held open by an older window that does
 * not let go (said so, naming its data version, with Try again; never an endless
 * "Opening the local database…").
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { openApp, syncStatus } from './desk-page';

const DEMO_DATABASE = 'bizkithub-complaints-desk:demo';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

/** A page of the app's origin that is not the app (the host's 404 page). */
async function sameOriginPage(page: Page): Promise<void> {
  await page.goto(new URL('/__not-the-app', host.url).toString());
}

/** The IndexedDB version of a database of this origin, as the browser lists it. */
function installedVersion(page: Page, name: string): Promise<number | null> {
  return page.evaluate(async (n) => (await indexedDB.databases()).find((d) => d.name === n)?.version ?? null, name);
}

test('a database written by a newer version is never opened: the app says so and leaves it as it is', async ({ page }) => {
  await openApp(page, host);
  await sameOriginPage(page);
  // A newer release upgraded it (data version 9: IndexedDB version 90) and keeps its queue in a store of its own.
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 90);
        request.onupgradeneeded = () => request.result.createObjectStore('outbox2', { autoIncrement: true }).add({ kind: 'merge' });
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    DEMO_DATABASE,
  );

  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'A newer version of the app wrote this data' })).toBeVisible();
  await expect(page.getByText(/data version 9\b.*This version does not open it, so nothing in it is changed or lost/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page.getByText('Opening the local database…')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/desk-newer-version.png', fullPage: true });
  expect(await installedVersion(page, DEMO_DATABASE)).toBe(90);
});

test('a blocked open says so, names the older version, and Try again opens once it is closed', async ({ browser }) => {
  const context = await browser.newContext();
  const older = await context.newPage();
  await sameOriginPage(older);
  // An older window (data version 5) that keeps its connection and ignores the request to close it.
  await older.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 50);
        request.onsuccess = () => {
          (window as unknown as { held: IDBDatabase }).held = request.result;
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    `${DEMO_DATABASE}`,
  );

  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Another window keeps the local database open' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('A window of an older version of the app (data version 5) keeps the local database open.')).toBeVisible();
  await page.screenshot({ path: '/tmp/desk-blocked.png', fullPage: true });

  await older.close();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(syncStatus(page)).toContainText(/Online|Offline/);
  await context.close();
});
