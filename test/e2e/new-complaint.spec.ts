/**
 * Issue 16: filing a complaint at the customer's door, offline. Through the browser host
 * and its sandbox: saved at once as "Not yet on BizKitHub", created exactly once when the
 * network is back, the status changes made meanwhile after it; a lost answer or a 5xx is
 * "Needs check" and never resent by itself; bad input is refused field by field, nothing
 * typed is lost.
 */
import { expect, test, type Page } from '@playwright/test';
import { sandboxControl, startHost, type RunningHost } from './browser-host';
import {
  NOT_YET_ON_BIZKITHUB,
  SEED,
  createRequests,
  fileNewComplaint,
  nav,
  openApp,
  openNewComplaint,
  resetSandbox,
  sandboxRequests,
  setOutage,
  statusSelect,
  syncStatus,
  worklist,
} from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());
test.beforeEach(async () => resetSandbox(host));

const NEEDS_CHECK = 'Needs check: may already exist in the demo sandbox';

/** The worklist row of a complaint by its customer's name. */
function rowOf(page: Page, customer: string) {
  return worklist(page).getByRole('listitem').filter({ hasText: customer });
}

/** The ID BizKitHub gave the one complaint created in this test (from the sandbox's log). */
async function createdId(): Promise<string> {
  const made = (await createRequests(host)).filter((r) => r.outcome !== 'error' && r.complaintId !== undefined);
  expect(made).toHaveLength(1);
  return made[0]!.complaintId!;
}

test('filed offline with a status change: one create, then the change, in order; the row shows the server’s ID', async ({ page }) => {
  test.setTimeout(150_000);
  // A 10 KB description with emoji and line breaks: sent exactly as pasted.
  const description = `Displej praská 📱💥 po týdnu.\n${'Zákazník trvá na výměně. 🙂 '.repeat(380)}`;
  expect(new TextEncoder().encode(description).length).toBeGreaterThan(10_000);

  await openApp(page, host);
  await setOutage(host, true);

  await openNewComplaint(page);
  await fileNewComplaint(page, { customerName: 'Eliška Malá', description, orderNumber: '2026-009999', email: 'eliska@example.cz' });
  await expect(page.getByRole('heading', { level: 1, name: 'New complaint for Eliška Malá' })).toBeVisible();
  await expect(page.getByText(NOT_YET_ON_BIZKITHUB).first()).toBeVisible();

  // A status change before it exists on BizKitHub queues behind the create.
  await statusSelect(page).selectOption('open');
  await expect(statusSelect(page)).toHaveValue('open');
  await expect(syncStatus(page)).toContainText('2 pending');

  await nav(page, 'Worklist').click();
  await expect(rowOf(page, 'Eliška Malá')).toContainText(NOT_YET_ON_BIZKITHUB);
  expect(await createRequests(host)).toEqual([]);

  // A reload keeps both (they are in IndexedDB, not in the page).
  await page.reload();
  await expect(rowOf(page, 'Eliška Malá')).toContainText(NOT_YET_ON_BIZKITHUB);

  await setOutage(host, false);
  await expect(rowOf(page, 'Eliška Malá')).not.toContainText(NOT_YET_ON_BIZKITHUB, { timeout: 90_000 });
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 60_000 });

  const id = await createdId();
  await expect(rowOf(page, 'Eliška Malá')).toContainText(id);
  const calls = (await sandboxRequests(host)).filter((r) => r.method === 'POST' && r.outcome === 'ok');
  expect(calls.map((r) => [r.path.split('/').pop(), r.complaintId, r.status ?? null])).toEqual([
    ['create', id, null],
    ['set-status', id, 'open'],
  ]);
  const onServer = await sandboxControl<{ description: string; customerName: string; status: string }>(host, `complaint?id=${id}`);
  expect(onServer).toMatchObject({ customerName: 'Eliška Malá', status: 'open' });
  expect(onServer.description).toBe(description);

  // The complaint opens under its ID, and its old local link still leads there.
  await rowOf(page, 'Eliška Malá').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${id}` })).toBeVisible();
});

test('answer dropped after the sandbox created it: Needs check, never created twice; "It exists, its ID is …" links it', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await sandboxControl(host, 'faults', { applyThenDrop: 1 });
  await openNewComplaint(page);
  await fileNewComplaint(page, { customerName: 'Radek Beneš', description: 'Nefunkční nabíječka', orderNumber: '2026-004242' });
  await expect(page.getByRole('heading', { name: NEEDS_CHECK })).toBeVisible({ timeout: 60_000 });
  // What identifies it is on screen.
  await expect(page.getByText('2026-004242').first()).toBeVisible();
  await sandboxControl(host, 'faults', { applyThenDrop: 0 });

  // It needs the agent, and says so in the header and on its worklist row.
  // (The header has the link twice, one of them hidden: narrow headers show it on the second line.)
  await expect(page.getByText('1 needs you').filter({ visible: true })).toBeVisible();
  await nav(page, 'Worklist').click();
  await expect(rowOf(page, 'Radek Beneš')).toContainText('Needs you: may already exist in the demo sandbox');
  await rowOf(page, 'Radek Beneš').getByRole('link').click();

  // Sync now does not resend it.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForTimeout(1500);
  expect(await createRequests(host)).toHaveLength(1);
  const id = await createdId();

  // Another complaint's ID is refused with what differs; nothing is linked.
  const existing = page.getByRole('textbox', { name: 'It exists, its ID is' });
  await existing.fill(SEED.jana);
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByText(`Complaint ${SEED.jana} is another complaint`)).toBeVisible();
  await expect(page.getByRole('heading', { name: NEEDS_CHECK })).toBeVisible();

  await existing.fill(id);
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${id}` })).toBeVisible();
  await expect(syncStatus(page)).toContainText('0 pending', { timeout: 30_000 });
  expect(await createRequests(host)).toHaveLength(1);
  await nav(page, 'Worklist').click();
  await expect(rowOf(page, 'Radek Beneš')).toContainText(id);
});

test('a 5xx before anything was applied: Needs check too, never resent silently; "Create it again" creates it once', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  const before = (await sandboxControl<{ complaintIds: string[] }>(host, 'state')).complaintIds.length;
  await sandboxControl(host, 'faults', { errorRate: 1 });
  await openNewComplaint(page);
  await fileNewComplaint(page, { customerName: 'Ivana Krejčí', description: 'Chybí díl' });
  await expect(page.getByRole('heading', { name: NEEDS_CHECK })).toBeVisible({ timeout: 60_000 });
  await sandboxControl(host, 'faults', { errorRate: 0 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForTimeout(1500);
  expect(await createRequests(host)).toHaveLength(1);
  expect((await sandboxControl<{ complaintIds: string[] }>(host, 'state')).complaintIds.length).toBe(before);

  await page.getByRole('button', { name: 'Create it again' }).click();
  await expect.poll(async () => (await createRequests(host)).map((r) => r.outcome), { timeout: 30_000 }).toEqual(['error', 'ok']);
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${await createdId()}` })).toBeVisible();
  expect((await sandboxControl<{ complaintIds: string[] }>(host, 'state')).complaintIds.length).toBe(before + 1);
});

test('a type BizKitHub refuses (a 4xx with a code): Refused, corrected in the form without retyping, then created once', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  await openNewComplaint(page);
  await fileNewComplaint(page, { type: 'stiznost', customerName: 'Ota Novotný', description: 'Pozdní doručení', orderNumber: '2026-007777' });
  await expect(page.getByRole('heading', { name: /^The demo sandbox refused this complaint/ })).toBeVisible({ timeout: 30_000 });
  await nav(page, 'Worklist').click();
  await expect(rowOf(page, 'Ota Novotný')).toContainText('Needs you: not sent');
  await rowOf(page, 'Ota Novotný').getByRole('link').click();

  await page.getByRole('link', { name: 'Correct and send again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Correct the new complaint' })).toBeVisible();
  // Everything filed is there; only the type changes.
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue('Ota Novotný');
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('Pozdní doručení');
  await page.getByRole('combobox', { name: 'Type', exact: true }).or(page.getByRole('textbox', { name: 'Type', exact: true })).fill('vraceni');
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect.poll(async () => (await createRequests(host)).map((r) => r.outcome), { timeout: 30_000 }).toEqual(['error', 'ok']);
  const id = await createdId();
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${id}` })).toBeVisible();
  const onServer = await sandboxControl<{ customerName: string; orderNumber: string; variant: { code: string } }>(host, `complaint?id=${id}`);
  expect(onServer).toMatchObject({ customerName: 'Ota Novotný', orderNumber: '2026-007777', variant: { code: 'vraceni' } });
});

test('bad input: a clear reason beside each field, nothing saved and nothing typed lost', async ({ page }) => {
  await openApp(page, host);
  await openNewComplaint(page);
  const customer = page.getByRole('textbox', { name: 'Customer name' });
  const description = page.getByRole('textbox', { name: 'Description' });
  const type = page.getByRole('combobox', { name: 'Type', exact: true }).or(page.getByRole('textbox', { name: 'Type', exact: true }));

  // Required fields empty.
  await type.fill('');
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(page.getByText('Check the 3 fields marked below. Nothing you typed was lost.')).toBeVisible();
  await expect(customer).toHaveAttribute('aria-invalid', 'true');
  await expect(customer).toHaveAccessibleDescription('Required.');
  await expect(description).toHaveAccessibleDescription(/Required\./);
  // The first field refused (Type, at the top) has the focus.
  await expect(type).toBeFocused();

  // Wrong types and an oversized text.
  const long = 'x'.repeat(25_000);
  await type.fill('re klamace');
  await customer.fill('Pavla Dušková');
  await description.fill(long);
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.getByRole('textbox', { name: 'Refund country' }).fill('Czechia');
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByRole('textbox', { name: 'Item 1', exact: true }).fill('Kabel');
  await page.getByRole('textbox', { name: 'Quantity of item 1' }).fill('1.5');
  await page.getByRole('textbox', { name: 'Price of item 1' }).fill('zdarma');
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(type).toHaveAccessibleDescription(/Letters, digits, - and _ only/);
  await expect(description).toHaveAccessibleDescription(/At most 20,000 characters; this has 25,000\./);
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription('Not an email address (name@example.com).');
  await expect(page.getByRole('textbox', { name: 'Refund country' })).toHaveAccessibleDescription(/Two letters, e\.g\. CZ\./);
  await expect(page.getByRole('textbox', { name: 'Quantity of item 1' })).toHaveAccessibleDescription('A whole number.');
  await expect(page.getByRole('textbox', { name: 'Price of item 1' })).toHaveAccessibleDescription('A number, e.g. 249,90.');
  // Nothing was cut or dropped.
  await expect(description).toHaveValue(long);
  await expect(customer).toHaveValue('Pavla Dušková');

  // Leaving the form and coming back keeps it too.
  await nav(page, 'Worklist').click();
  await expect(worklist(page).getByText(NOT_YET_ON_BIZKITHUB)).toHaveCount(0);
  await openNewComplaint(page);
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue(long);

  // Fixed, it saves.
  await type.fill('vymena');
  await description.fill('Kabel nefunguje');
  await page.getByRole('textbox', { name: 'Email' }).fill('pavla@example.cz');
  await page.getByRole('textbox', { name: 'Refund country' }).fill('cz');
  await page.getByRole('textbox', { name: 'Quantity of item 1' }).fill('2');
  await page.getByRole('textbox', { name: 'Price of item 1' }).fill('149,90');
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^(New complaint for Pavla Dušková|Complaint )/ })).toBeVisible();
  await nav(page, 'Worklist').click();
  await expect(rowOf(page, 'Pavla Dušková')).toBeVisible();
});
