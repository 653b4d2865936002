/**
 * A full disk, for real: the browser profile on a small tmpfs (mounted and unmounted by
 * this spec, so it needs root; it skips, saying so, otherwise), filled while two changes
 * wait offline. The next change must be refused with its cause, nothing shown as pending
 * that was not saved, a lasting banner must say that changes are not saved and whether
 * closing is safe (it is: main's journal, outside the browser's profile, holds them), no view may hang on "Loading…", and once space is freed the earlier
 * changes are all there and each reaches the sandbox exactly once.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, appliedStatuses, changeStatus, nav, openApp, openFromWorklist, setOutage, statusSelect, syncStatus } from './desk-page';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
test.skip(!isRoot, 'needs root to mount a small tmpfs for the browser profile (mount -t tmpfs); CI runs it as root');

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  locale: 'en-US',
  timezoneId: 'Europe/Prague',
  viewport: { width: 1280, height: 800 },
};

let host: RunningHost;
let mountPoint: string;
let mounted = false;
let context: BrowserContext | null = null;
const filler = () => join(mountPoint, 'filler');

test.beforeAll(async () => {
  mountPoint = mkdtempSync(join(tmpdir(), 'desk-disk-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint]);
  mounted = true;
  mkdirSync(join(mountPoint, 'profile'));
  host = await startHost();
});

test.afterAll(async () => {
  await context?.close().catch(() => undefined);
  await host?.stop();
  if (mounted) {
    // Chromium may take a moment to let go of its files.
    for (let tries = 0; tries < 10; tries++) {
      try {
        execFileSync('umount', [mountPoint]);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the tmpfs until the kernel says it is full (ENOSPC). */
function fillDisk(): void {
  const fd = openSync(filler(), 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'ENOSPC') throw cause;
  }
  // The last bytes too: a smaller write may still fit.
  const small = Buffer.alloc(512, 1);
  try {
    for (;;) writeSync(fd, small);
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'ENOSPC') throw cause;
  } finally {
    closeSync(fd);
  }
}

async function tryChange(page: Page, id: string, status: 'open' | 'wait' | 'resolve'): Promise<void> {
  await openFromWorklist(page, id);
  await expect(statusSelect(page)).toBeEnabled();
  await statusSelect(page).selectOption(status);
}

test('disk full: the change is refused with its cause, nothing unsaved is pending, the banner stays, nothing earlier is lost', async () => {
  test.setTimeout(240_000);
  context = await chromium.launchPersistentContext(join(mountPoint, 'profile'), launchOptions);
  const page = context.pages()[0] ?? (await context.newPage());
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana, SEED.petr, SEED.lucie]);

  await setOutage(host, true);
  await changeStatus(page, SEED.jana, 'open');
  await changeStatus(page, SEED.petr, 'wait');
  await expect(syncStatus(page)).toContainText('2 pending');

  fillDisk();
  await tryChange(page, SEED.lucie, 'resolve');

  // Refused, with its cause in the agent's words: never the raw AbortError.
  const refusal = page.getByText(/Not saved: .*(disk is full|refused the change|cannot be written|stopped after an error)/);
  await expect(refusal.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/AbortError|QuotaExceededError|backing store/)).toHaveCount(0);
  // Nothing shown as pending that was not saved.
  if (await statusSelect(page).isVisible()) await expect(statusSelect(page)).not.toHaveValue('resolve');
  await expect(syncStatus(page)).toContainText('2 pending');

  // A lasting banner in the header: not saving; closing is safe only because main's journal
  // (in the app's data folder, not on the full disk here) holds both unsent changes.
  const banner = page.getByRole('alert', { name: 'Changes are not being saved on this computer' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(
    'Closing the app is safe: 2 unsent changes are also kept in the app’s journal on this computer and come back when the app starts again.',
  );
  await expect(banner).not.toContainText(/close other windows/i);
  await page.screenshot({ path: '/tmp/desk-disk-full.png', fullPage: true });

  // No view hangs on "Loading…".
  await nav(page, 'Pending changes').click();
  await page.waitForTimeout(3000);
  await expect(page.getByText(/^Loading…$/)).toHaveCount(0);
  await page.screenshot({ path: '/tmp/desk-disk-full-pending.png', fullPage: true });

  // Space freed, "Try again": the earlier changes are all there.
  rmSync(filler());
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(syncStatus(page)).toContainText('2 pending', { timeout: 30_000 });
  await expect(page.getByRole('alert', { name: 'Changes are not being saved on this computer' })).toHaveCount(0, { timeout: 30_000 });

  // And the change refused earlier can now be made.
  await changeStatus(page, SEED.lucie, 'resolve');
  await expect(syncStatus(page)).toContainText('3 pending');

  await setOutage(host, false);
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 90_000 });
  expect(await appliedStatuses(host, SEED.jana)).toEqual(['open']);
  expect(await appliedStatuses(host, SEED.petr)).toEqual(['wait']);
  expect(await appliedStatuses(host, SEED.lucie)).toEqual(['resolve']);
});
