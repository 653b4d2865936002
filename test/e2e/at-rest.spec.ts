/**
 * Personal data at rest, as a thief with the disk would look: the agent downloads a
 * complaint, searches the worklist for the customer's surname and files a complaint
 * offline; then the browser is stopped and every file of its profile (Playwright's
 * userDataDir), of main's data folder and main's output are searched as UTF-8, Latin-1
 * and UTF-16LE for what the test planted. The origin's IndexedDB is also read with the
 * plain API from a page of the same origin (without the app's code). After the browser
 * and then main (the host) start again, with the API down, the data is there in the UI:
 * kept, not dropped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { NOT_YET_ON_BIZKITHUB, SEED, addAndFetch, fileNewComplaint, openApp, openNewComplaint, row, setOutage, worklist } from './desk-page';

/** The seeded complaint the agent downloads (electron/sandbox/seed.ts). */
const DOWNLOADED = {
  name: 'Lucie Černá',
  surname: 'Černá',
  email: 'lucie.cerna@gmail.com',
  phone: '+420 777 234 567',
  bankAccount: '123456789/0800',
  description: 'Vracím kávovar v zákonné lhůtě 14 dnů',
};
const FILED = {
  customerName: 'Radomíra Kvapilová',
  email: 'radomira.kvapilova@planted.example',
  description: 'Zapékací mísa praskla při prvním použití v troubě',
};

const DOWNLOADED_NEEDLES = [
  DOWNLOADED.name, DOWNLOADED.surname, 'Cerna', DOWNLOADED.email, DOWNLOADED.phone, DOWNLOADED.bankAccount, DOWNLOADED.description,
];
const FILED_NEEDLES = [FILED.customerName, 'Kvapilova', FILED.email, FILED.description];
/**
 * With a memory-only data key (no keychain) an unsent create's body is kept in clear, so
 * that it survives a restart (renderer/src/data/at-rest.ts); then only the rest is checked.
 */
let NEEDLES: string[] = [...DOWNLOADED_NEEDLES, ...FILED_NEEDLES];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) out.push(...filesUnder(path));
    else if (stat?.isFile()) out.push(path);
  }
  return out;
}

/**
 * Chromium's tab-restore files (`Sessions/`) keep a page's form state for "restore tabs":
 * a browser feature the Electron app does not have (Electron writes no session-restore
 * files), so they say nothing of the app. Everything else of the profile is searched.
 */
const BROWSER_ONLY = /(^|\/)Sessions\//;

/** Where any needle occurs in a file under `dir`, in any of the three encodings. */
function foundIn(dir: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    if (BROWSER_ONLY.test(file.slice(dir.length + 1))) continue;
    const bytes = readFileSync(file);
    for (const needle of NEEDLES) {
      for (const encoding of ['utf8', 'latin1', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${file.slice(dir.length + 1)}: ${needle} (${encoding})`);
      }
    }
  }
  return found;
}

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  locale: 'en-US',
  timezoneId: 'Europe/Prague',
  viewport: { width: 1280, height: 800 },
};

let host: RunningHost;
let profile: string;
/** Main's data folder and keychain entry, kept across a restart of the host. */
let dataDir: string;
const keychainService = `BizKitHub Complaints Desk at-rest ${process.pid}-${Date.now()}`;
let context: BrowserContext | null = null;

/** The host on `port` (0: any), over the same data folder and keychain entry each time. */
const startMain = (port = 0) => startHost({ userDataDir: dataDir, port, env: { DESK_KEYCHAIN_SERVICE: keychainService } });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-at-rest-data-'));
  host = await startMain();
  profile = mkdtempSync(join(tmpdir(), 'desk-at-rest-profile-'));
});
test.afterAll(async () => {
  await context?.close();
  await host?.stop();
  rmSync(profile, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function closeBrowser(): Promise<void> {
  await context?.close();
  context = null;
}

async function launch(): Promise<Page> {
  context = await chromium.launchPersistentContext(profile, launchOptions);
  return context.pages()[0] ?? (await context.newPage());
}

test('no planted personal value readable in the browser profile or the raw IndexedDB; after a restart it is all there', async () => {
  test.setTimeout(180_000);
  let page = await launch();
  await openApp(page, host);
  const kept = await page.evaluate(async () => {
    const answer = await (window as unknown as { desk: { getDataKey(input: object): Promise<{ ok: boolean; value?: { kept: string } }> } }).desk.getDataKey({});
    return answer.value?.kept ?? 'none';
  });
  test.info().annotations.push({ type: 'data key kept', description: kept });
  if (kept === 'memory-only') NEEDLES = [...DOWNLOADED_NEEDLES];
  await addAndFetch(page, [SEED.lucie]);
  await expect(row(page, SEED.lucie)).toContainText(DOWNLOADED.name);

  await page.getByRole('searchbox', { name: 'Search' }).fill(DOWNLOADED.surname);
  await expect(worklist(page).getByRole('listitem')).toHaveCount(1);

  await setOutage(host, true);
  await openNewComplaint(page);
  await fileNewComplaint(page, FILED);
  await expect(page.getByText(NOT_YET_ON_BIZKITHUB).first()).toBeVisible();

  // The origin's IndexedDB with the plain API, from a page of the origin without the app.
  await page.goto(new URL('/favicon.ico', host.url).toString()).catch(() => undefined);
  const raw = await page.evaluate(async () => {
    const read = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB'));
      });
    const texts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await read(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await read(db.transaction(store).objectStore(store).getAll());
        texts.push(JSON.stringify(values, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)));
      }
      db.close();
    }
    return { texts, session: JSON.stringify({ ...sessionStorage }), local: JSON.stringify({ ...localStorage }) };
  });
  expect(raw.texts.join('\n')).toContain('"state":"queued"');
  for (const needle of NEEDLES) {
    expect(raw.texts.join('\n'), needle).not.toContain(needle);
    expect(raw.session + raw.local, needle).not.toContain(needle);
  }

  await closeBrowser();
  expect(foundIn(profile)).toEqual([]);
  expect(foundIn(dataDir)).toEqual([]);
  const mainOutput = host.output();
  for (const needle of NEEDLES) expect(mainOutput, `main's output: ${needle}`).not.toContain(needle);

  // The browser starts again; main still has the key; the API is still down.
  page = await launch();
  await openApp(page, host);
  await expect(row(page, SEED.lucie)).toContainText(DOWNLOADED.name);
  await expect(worklist(page).getByRole('listitem').filter({ hasText: FILED.customerName })).toContainText(NOT_YET_ON_BIZKITHUB);
  await closeBrowser();

  // Main starts again too, on the same address (the origin keeps its IndexedDB), with the
  // API down from its first moment. The key comes back from the keychain; a memory-only
  // key would be gone with the process, so then only the browser's restart is checked.
  test.skip(kept === 'memory-only', 'a memory-only data key does not outlive main');
  const port = Number(new URL(host.url).port);
  await host.stop();
  host = await startMain(port);
  await setOutage(host, true);
  page = await launch();
  await openApp(page, host);
  await expect(row(page, SEED.lucie)).toContainText(DOWNLOADED.name);
  await expect(worklist(page).getByRole('listitem').filter({ hasText: FILED.customerName })).toContainText(NOT_YET_ON_BIZKITHUB);
  expect(foundIn(dataDir)).toEqual([]);
});
