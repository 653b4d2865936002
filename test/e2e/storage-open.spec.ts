/**
 * A local database the app must not simply open: one written by a newer version of the app
 * (never opened, nothing changed, said so, and the unsent changes main's journal keeps can
 * be exported to a file), and one held open by an older window that does
 * not let go (said so, naming its data version, with Try again; never an endless
 * "Opening the local database…").
 */
import { readFileSync } from 'node:fs';
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

/** The host's own IPC channel, as its page bridge calls it (X-Desk-Token from the printed URL). */
async function hostIpc<T>(channel: string, input?: unknown): Promise<T> {
  const url = new URL(host.url);
  const res = await fetch(new URL(`/__host/ipc/${encodeURIComponent(channel)}`, url.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': url.searchParams.get('token') ?? '' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  return (await res.json()) as T;
}

/** Writes a database of this origin at a newer release's version (9: IndexedDB version 90), with a store of its own. */
function writeNewerVersion(page: Page, name: string): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(n, 90);
        request.onupgradeneeded = () => request.result.createObjectStore('outbox2', { autoIncrement: true }).add({ kind: 'merge' });
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    name,
  );
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

test('a newer version’s data: Export unsent changes saves the journal’s unsent entries to a file', async ({ page }) => {
  // Main's journal keeps two unsent changes of demo (a third one was sent): what a lost or unreadable database leaves.
  const status = (seq: number, complaintId: string, targetStatus: string) => ({
    op: 'put',
    entry: { destination: 'demo', seq, kind: 'status', complaintId, targetStatus, baseStatus: 'new', state: 'queued', attempts: 0, createdAt: 1_700_000_000_000 + seq, nextAttemptAt: 0 },
  });
  const appended = await hostIpc<{ ok: boolean }>('journal:append', {
    records: [status(901, 'RK-2026-000901', 'open'), status(902, 'RK-2026-000902', 'wait'), status(903, 'RK-2026-000903', 'reject'), { op: 'gone', destination: 'demo', seq: 902, outcome: 'sent' }],
  });
  expect(appended.ok).toBe(true);
  await sameOriginPage(page);
  await writeNewerVersion(page, DEMO_DATABASE);

  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'A newer version of the app wrote this data' })).toBeVisible();
  const exportButton = page.getByRole('button', { name: 'Export unsent changes' });
  await expect(exportButton).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  expect(download.suggestedFilename()).toMatch(/^bizkithub-desk-unsent-.*\.json$/);
  const saved = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as { format: string; destination: string; entries: { seq: number; complaintId: string; targetStatus: string }[] };
  expect(saved.format).toBe('bizkithub-desk-unsent');
  expect(saved.destination).toBe('demo');
  expect(saved.entries.map((e) => [e.seq, e.complaintId, e.targetStatus])).toEqual([
    [901, 'RK-2026-000901', 'open'],
    [903, 'RK-2026-000903', 'reject'],
  ]);
  await expect(page.getByText(/The download of bizkithub-desk-unsent-.*\.json started: 2 unsent changes\./)).toBeVisible();
  await page.screenshot({ path: '/tmp/desk-newer-version-export.png', fullPage: true });
  expect(await installedVersion(page, DEMO_DATABASE)).toBe(90);

  // Leave the journal as the other tests expect it.
  await hostIpc('journal:append', { records: [901, 903].map((seq) => ({ op: 'gone', destination: 'demo', seq, outcome: 'cancelled' })) });
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
  await expect(page.getByRole('button', { name: 'Export unsent changes' })).toBeVisible();
  await page.screenshot({ path: '/tmp/desk-blocked.png', fullPage: true });

  await older.close();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(syncStatus(page)).toContainText(/Online|Offline/);
  await context.close();
});
