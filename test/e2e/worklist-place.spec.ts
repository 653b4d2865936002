/**
 * Issue 13, finding 1: the agent never loses their place. Search, filter, order, "only
 * unsent", the scroll position and the focused row survive opening a complaint and
 * coming back (Esc, Back, the Worklist link) and a reload; the list keeps its order while
 * the agent works through it ("N updated — refresh order"). The keyboard loop
 * (filter "New", Enter, 2, Esc, ↓, eight times) changes eight different New complaints.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_COMPLAINT_IDS } from '../../common/demo-complaints';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import { SEED, appliedStatuses, nav, openApp, resetSandbox, row, serverStatus, worklist, type Status } from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.beforeEach(async () => resetSandbox(host));
test.afterAll(async () => host?.stop());

const links = (page: Page) => worklist(page).getByRole('link');
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** Adds the 30 demo complaints and waits until each is downloaded. */
async function addDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add the demo complaints' }).click();
  await expect(page.getByText('Added 30 demo complaints.')).toBeVisible();
  await expect(page.getByText('Downloaded 30 of 30.')).toBeVisible({ timeout: 30_000 });
  await expect(worklist(page).getByText('Not downloaded yet')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByText('30 complaints on this computer')).toBeVisible();
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.querySelector('.wl-row__id')?.textContent?.trim() ?? '');
}

test('the keyboard loop: filter New, Enter, 2, Esc, ↓ eight times changes eight New complaints', async ({ page }) => {
  test.setTimeout(120_000);
  // Ten complaints start New, one Closed: only New ones may be changed.
  const fresh = DEMO_COMPLAINT_IDS.slice(0, 10);
  for (const id of fresh) await sandboxControl(host, 'staff-status', { complaintId: id, status: 'new' });
  await sandboxControl(host, 'staff-status', { complaintId: DEMO_COMPLAINT_IDS[10], status: 'closed' });
  const isNew: string[] = [];
  for (const id of DEMO_COMPLAINT_IDS) if ((await serverStatus(host, id)) === 'new') isNew.push(id);
  expect(isNew.length).toBeGreaterThanOrEqual(10);

  await openApp(page, host);
  await addDemo(page);
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('newest');
  await page.getByRole('combobox', { name: 'Filter' }).selectOption('new');
  await expect(page.getByText(`${isNew.length} of 30 shown`)).toBeVisible();

  await links(page).first().focus();
  const changed: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const id = await focusedId(page);
    changed.push(id);
    await page.keyboard.press('Enter');
    await expect(heading(page, `Complaint ${id}`)).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('new');
    await page.keyboard.press('2');
    await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('open');
    await page.keyboard.press('Escape');
    await expect(heading(page, 'Worklist')).toBeVisible();
    // Back on the row just worked on, in the same list.
    await expect.poll(() => focusedId(page)).toBe(id);
    await page.keyboard.press('ArrowDown');
  }

  expect(new Set(changed).size).toBe(8);
  for (const id of changed) expect(isNew).toContain(id);
  for (const id of changed) await expect.poll(() => appliedStatuses(host, id), { timeout: 30_000 }).toEqual(['open']);
  // Nothing outside the filter was touched.
  for (const id of DEMO_COMPLAINT_IDS.filter((each) => !changed.includes(each))) {
    expect(await appliedStatuses(host, id)).toEqual([]);
  }

  // The list kept its rows and order; the agent asks for the new order.
  const refresh = page.getByRole('button', { name: /updated — refresh order/ });
  await expect(refresh).toBeVisible();
  await expect(page.getByText(`${isNew.length} of 30 shown`)).toBeVisible();
  await refresh.click();
  await expect(page.getByText(`${isNew.length - 8} of 30 shown`)).toBeVisible();
  await expect(refresh).toHaveCount(0);
});

test('search, filter, order, only unsent, scroll and the focused row survive Esc, Back, the Worklist link and a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, host);
  await addDemo(page);

  await page.getByRole('combobox', { name: 'Sort' }).selectOption('oldest');
  const viewport = page.locator('.wl-viewport');
  // Far down the list: the 20th row.
  await links(page).first().focus();
  for (let i = 0; i < 19; i += 1) await page.keyboard.press('ArrowDown');
  const id = await focusedId(page);
  expect(id).not.toBe('');
  const scrolled = await viewport.evaluate((el) => el.scrollTop);
  expect(scrolled).toBeGreaterThan(100);

  const backOnRow = async () => {
    await expect(heading(page, 'Worklist')).toBeVisible();
    await expect.poll(() => focusedId(page)).toBe(id);
    await expect.poll(() => viewport.evaluate((el) => el.scrollTop)).toBeCloseTo(scrolled, -1);
    await expect(page.getByRole('combobox', { name: 'Sort' })).toHaveValue('oldest');
  };

  // Esc
  await page.keyboard.press('Enter');
  await expect(heading(page, `Complaint ${id}`)).toBeVisible();
  await page.keyboard.press('Escape');
  await backOnRow();
  // Back
  await page.keyboard.press('Enter');
  await expect(heading(page, `Complaint ${id}`)).toBeVisible();
  await page.goBack();
  await backOnRow();
  // The Worklist link
  await page.keyboard.press('Enter');
  await expect(heading(page, `Complaint ${id}`)).toBeVisible();
  await nav(page, 'Worklist').click();
  await backOnRow();

  // Search, filter and "only unsent" too.
  await page.getByRole('searchbox', { name: 'Search' }).fill('petr');
  await page.getByRole('combobox', { name: 'Filter' }).selectOption('open');
  await expect(page.getByText('1 of 30 shown')).toBeVisible();
  await expect(links(page)).toHaveCount(1);
  const first = links(page).first();
  await first.focus();
  const openId = await focusedId(page);
  expect(openId).toBe(SEED.petr);
  await page.keyboard.press('Enter');
  await expect(heading(page, `Complaint ${openId}`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('petr');
  await expect(page.getByRole('combobox', { name: 'Filter' })).toHaveValue('open');
  await expect.poll(() => focusedId(page)).toBe(openId);

  await page.getByRole('checkbox', { name: 'Only with unsent changes' }).check();
  await expect(page.getByText('Nothing matches the search and filters.')).toBeVisible();
  // A reload keeps them (sessionStorage: the filters, never the rows).
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('petr');
  await expect(page.getByRole('combobox', { name: 'Filter' })).toHaveValue('open');
  await expect(page.getByRole('combobox', { name: 'Sort' })).toHaveValue('oldest');
  await expect(page.getByRole('checkbox', { name: 'Only with unsent changes' })).toBeChecked();
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
  expect(stored).not.toMatch(/Nováková|customerName/);
});

test('a status change does not move the row under the agent; the order changes when asked', async ({ page }) => {
  await openApp(page, host);
  await addDemo(page);
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('newest');
  const before = await links(page).locator('.wl-row__id').allTextContents();
  const last = (before[before.length - 1] ?? '').trim();
  // A colleague changes the last one: in "Last changed first" it would jump to the top.
  const current: Status = await serverStatus(host, last);
  const next: Status = current === 'wait' ? 'open' : 'wait';
  await sandboxControl(host, 'staff-status', { complaintId: last, status: next });
  await row(page, last).getByRole('link').click();
  await expect(heading(page, `Complaint ${last}`)).toBeVisible();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue(next);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: '1 updated — refresh order' })).toBeVisible();
  // (Opening the row scrolled the list; the top of the list is still what it was.)
  await page.locator('.wl-viewport').evaluate((el) => el.scrollTo(0, 0));
  await expect(links(page).first()).toContainText((before[0] ?? '').trim());
  await page.getByRole('button', { name: '1 updated — refresh order' }).click();
  await expect(links(page).first()).toContainText(last);
});
