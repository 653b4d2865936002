/**
 * Unsent work outlives the browser's database. While the API is down the agent makes
 * three status changes and files a complaint ("4 pending"); the app is stopped, the
 * browser profile's `IndexedDB/` folder deleted (what Chromium's corruption recovery,
 * eviction or a cleaned profile do), and the app started again with the API up. The
 * journal in main brings the four back, the agent is told once, and each reaches the API
 * exactly once: the sandbox's log is the judge.
 *
 * When the start-up check cannot settle what is unsent (the journal holds a change it cannot
 * restore, or main does not answer), the app says so where it would otherwise say that
 * every change has been sent: the header, Pending changes, Sync now.
 *
 * The sandbox runs in this test process so that its log spans both runs of the host; the
 * browser runs on a profile folder of its own, so its `IndexedDB/` can be deleted for real.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { encodeRecord } from '../../electron/services/journal/journal-file';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, changeStatus, fileNewComplaint, nav, openApp, openNewComplaint, syncStatus, type Status } from './desk-page';

const CHANGES: readonly [string, Status][] = [
  [SEED.jana, 'open'],
  [SEED.petr, 'wait'],
  [SEED.marketa, 'reject'],
];
const CREATE_PATH = '/api/v1/shop/complaint/create';
const RESTORED = 'Restored 4 unsent changes after this computer’s local database was lost.';

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

function freshKey(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let body = '';
  for (const byte of randomBytes(28)) body += alphabet[byte % alphabet.length];
  return `PROD${body}`;
}

/** The host's own IPC channel, as its page bridge calls it (X-Desk-Token from the printed URL). */
async function hostIpc<T>(host: RunningHost, channel: string, input?: unknown): Promise<T> {
  const url = new URL(host.url);
  const res = await fetch(new URL(`/__host/ipc/${encodeURIComponent(channel)}`, url.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': url.searchParams.get('token') ?? '' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  return (await res.json()) as T;
}

/** Saves the key through Settings; true when it went to the OS keychain (it survives a restart). */
async function saveKeyInUi(page: Page, key: string): Promise<boolean> {
  await nav(page, 'Settings').click();
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  const sessionOnly = page.getByRole('checkbox', { name: 'Keep for this session only' });
  if (await sessionOnly.isVisible()) await sessionOnly.check();
  await page.getByRole('button', { name: 'Save key' }).click();
  const where = page.getByText(/A key is configured: .*kept (in the OS keychain|for this session only)/);
  await expect(where).toBeVisible();
  return (await where.textContent())?.includes('in the OS keychain') === true;
}

/** A browser on a profile folder of its own (the one whose IndexedDB/ the test deletes). */
function launchBrowser(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'en-US',
    timezoneId: 'Europe/Prague',
    viewport: { width: 1280, height: 800 },
  });
}

let sandbox: Sandbox | undefined;
let host: RunningHost | undefined;
let context: BrowserContext | undefined;
const folders: string[] = [];
test.afterAll(async () => {
  await context?.close();
  await host?.stop();
  await sandbox?.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

test('IndexedDB deleted with 3 changes and a new complaint unsent: after a restart each reaches BizKitHub exactly once', async () => {
  test.setTimeout(240_000);
  sandbox = await startSandbox({ port: 0 });
  const api = sandbox;
  const port = await freePort();
  const userDataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-lostdb-'));
  const profile = mkdtempSync(join(tmpdir(), 'desk-e2e-lostdb-profile-'));
  folders.push(userDataDir, profile);
  const env = {
    BIZKITHUB_API_URL: api.url,
    DESK_KEYCHAIN_SERVICE: `BizKitHub Complaints Desk e2e lost-db ${process.pid}-${Date.now()}`,
  };
  const start = () => startHost({ port, userDataDir, env });
  host = await start();
  context = await launchBrowser(profile);
  let page = context.pages()[0] ?? (await context.newPage());
  const key = freshKey();

  await openApp(page, host);
  const inKeychain = await saveKeyInUi(page, key);
  await nav(page, 'Worklist').click();
  await addAndFetch(page, CHANGES.map(([id]) => id));

  await api.setFaults({ outage: true });
  for (const [id, status] of CHANGES) await changeStatus(page, id, status);
  await openNewComplaint(page);
  await fileNewComplaint(page, { customerName: 'Eliška Malá', description: 'Displej praská po týdnu.', orderNumber: '2026-009999' });
  await expect(page.getByRole('heading', { level: 1, name: 'New complaint for Eliška Malá' })).toBeVisible();
  await expect(syncStatus(page)).toContainText(/(^|\D)4 pending/);

  await host.stop();
  await context.close();
  const indexedDb = join(profile, 'Default', 'IndexedDB');
  expect(existsSync(indexedDb)).toBe(true);
  rmSync(indexedDb, { recursive: true, force: true });
  await api.setFaults({ outage: false });
  expect(api.appliedChanges()).toEqual([]);

  host = await start();
  if (!inKeychain) {
    // A session-only key (no OS keychain here) died with the host: put it back before the page starts.
    const saved = await hostIpc<{ ok: boolean }>(host, 'key:save', { key, sessionOnly: true });
    expect(saved.ok).toBe(true);
  }
  context = await launchBrowser(profile);
  page = context.pages()[0] ?? (await context.newPage());
  await openApp(page, host);
  await expect(page.getByText(RESTORED)).toBeVisible();
  await page.screenshot({ path: join(tmpdir(), 'desk-journal-restored.png') });

  await expect(syncStatus(page)).toContainText(/(^|\D)0 pending/, { timeout: 120_000 });
  for (const [id, status] of CHANGES) {
    expect(api.appliedChanges(id).map((c) => c.status), `applied to ${id}`).toEqual([status]);
  }
  const creates = api.requests.filter((r) => r.path === CREATE_PATH);
  expect(creates.map((r) => r.outcome)).toEqual(['ok']);
  // Main's log says what was restored.
  const log = readFileSync(join(userDataDir, 'desk.log'), 'utf8');
  expect(log).toMatch(/journal: unsent work restored after the browser database lost it.* restored=4 missing=0/);

  // Told once: another start has nothing to restore.
  await page.reload();
  await expect(syncStatus(page)).toContainText(/(^|\D)0 pending/);
  await expect(page.getByText(RESTORED)).toHaveCount(0);
});

const NOTHING_WAITING = 'Nothing waiting: every change has been sent.';
const ALL_SENT = 'Nothing to send: every change has been sent.';

/** The start-up check's gap is said in the header, in Pending changes and after Sync now; never "every change has been sent". */
async function expectGapSaid(page: Page, headerLine: string, pendingText: RegExp, screenshot: string): Promise<void> {
  const line = page.getByRole('link', { name: headerLine });
  await expect(line).toBeVisible();
  await line.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pending changes' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: pendingText })).toBeVisible();
  await expect(page.getByText(NOTHING_WAITING)).toHaveCount(0);
  await page.getByRole('button', { name: 'Sync now' }).click();
  // Told again, in place of the notice at start (not one more of the same).
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText(pendingText)).toHaveCount(1);
  await expect(page.getByText(ALL_SENT)).toHaveCount(0);
  await page.screenshot({ path: join(tmpdir(), screenshot), fullPage: true });
  // It lasts: another view and back, still said.
  await nav(page, 'Worklist').click();
  await expect(page.getByRole('link', { name: headerLine })).toBeVisible();
}

test('the journal holds a filed complaint it cannot restore (sealed with a key that is gone): said, and never "every change has been sent"', async ({ page }) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-gap-'));
  folders.push(userDataDir);
  // What an earlier run left in main's journal: a complaint filed in demo, its body sealed with a data key this run does not have.
  const journalFile = join(userDataDir, 'journal', 'unsent-work.journal');
  mkdirSync(join(userDataDir, 'journal'), { recursive: true });
  const put = {
    op: 'put',
    entry: { destination: 'demo', seq: 40, kind: 'create', complaintId: 'local-abcdefghjk', targetStatus: 'new', baseStatus: null, state: 'queued', attempts: 0, createdAt: 1_765_000_000_000, nextAttemptAt: 0 },
    sealed: { k: 'a-data-key-that-is-gone', iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  };
  writeFileSync(journalFile, encodeRecord(JSON.stringify(put)));
  const gapHost = await startHost({ userDataDir });
  try {
    await openApp(page, gapHost);
    await expectGapSaid(page, '1 unsent change not restored', /1 unsent change could not be restored after this computer’s local database was lost/, 'desk-journal-missing.png');
  } finally {
    await gapHost.stop();
  }
});

test('main does not answer the start-up check: said, and never "every change has been sent"', async ({ page }) => {
  // The page's bridge to main answers everything but the journal's question.
  await page.addInitScript(() => {
    let desk: unknown;
    Object.defineProperty(window, 'desk', {
      configurable: true,
      get: () => desk,
      set: (value: Record<string, unknown>) => {
        desk = Object.freeze({ ...value, getJournalUnsent: () => Promise.reject(new Error('main does not answer')) });
      },
    });
  });
  const quietHost = await startHost();
  try {
    await openApp(page, quietHost);
    await expectGapSaid(page, 'unsent changes not checked', /Unsent changes may be missing: when the app started, it could not compare/, 'desk-journal-unchecked.png');
  } finally {
    await quietHost.stop();
  }
});
