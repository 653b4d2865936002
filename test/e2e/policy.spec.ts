/**
 * IT policy through the browser host: DESK_POLICY_FILE names a JSON policy file that
 * replaces the OS source. A policy setting the API address (a sandbox this test starts)
 * and turning demo mode off: no sandbox in the host, no demo offer or banner, the API URL
 * read-only with "Set by your organisation", and a key saved is bound to that address and
 * works there. A broken policy file: the app starts and Settings → About names what it
 * refused, and why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { startHost, type RunningHost } from './browser-host';
import { SEED, addAndFetch, nav, openApp } from './desk-page';

const KEY = 'PRODpolicyE2eKey0000000000000001';
const masked = (key: string) => `${key.slice(0, 4)}••••••••${key.slice(-4)}`;

function policyFile(contents: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'desk-policy-e2e-')), 'policy.json');
  writeFileSync(file, contents);
  return file;
}

const about = (page: Page) => page.getByRole('region', { name: 'About' });

let api: Sandbox;
let host: RunningHost | undefined;
test.beforeAll(async () => {
  api = await startSandbox({ port: 0 });
});
test.afterAll(async () => {
  await api?.close();
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

test('apiUrl and demoMode false: no demo, the address locked, a key saved works against it', async ({ page }) => {
  const file = policyFile(JSON.stringify({ apiUrl: api.url, demoMode: false }));
  host = await startHost({ env: { DESK_POLICY_FILE: file } });
  // No sandbox of the host's own: demo mode is off and the policy names the API.
  expect(host.sandboxUrl).toBeNull();
  expect(host.output()).toContain('Demo mode is off by policy');

  await openApp(page, host);
  await expect(page.getByText('Ask your IT department for an API key.').first()).toBeVisible();
  await expect(page.getByText('Demo mode: sample data from the built-in sandbox')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Add the demo complaints' })).toHaveCount(0);

  await nav(page, 'Settings').click();
  const apiUrl = page.getByRole('textbox', { name: 'API URL' });
  await expect(apiUrl).toHaveValue(api.url);
  await expect(apiUrl).not.toBeEditable();
  await expect(apiUrl).toHaveAccessibleDescription(/Set by your organisation/);
  await expect(page.getByRole('button', { name: 'Save address' })).toHaveCount(0);
  await expect(about(page)).toContainText(`API address: ${api.url}`);
  await expect(about(page)).toContainText(`Demo mode: off (locked; from ${file})`);

  await page.getByRole('textbox', { name: 'API key' }).fill(KEY);
  const sessionOnly = page.getByRole('checkbox', { name: 'Keep for this session only' });
  if (await sessionOnly.isVisible()) await sessionOnly.check();
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(`Key saved (${masked(KEY)}).`).first()).toBeVisible();
  await expect(page.getByText(`It is sent only to ${new URL(api.url).host}.`).first()).toBeVisible();
  await page.getByRole('region', { name: 'Advanced' }).screenshot({ path: '/tmp/policy-api-url.png' });

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/accepted the key in \d+ ms/)).toBeVisible();

  await nav(page, 'Worklist').click();
  await expect(page.getByText('Ask your IT department for an API key.')).toHaveCount(0);
  await addAndFetch(page, [SEED.jana]);
  expect(api.requests.some((r) => r.complaintId === SEED.jana && r.outcome === 'ok')).toBe(true);
});

test('a broken policy file: the app starts and names what it refused', async ({ page }) => {
  const file = policyFile(JSON.stringify({ demoMode: 'no', colour: 'blue', updates: 'off', defaults: { devTools: true } }));
  host = await startHost({ env: { DESK_POLICY_FILE: file } });
  expect(host.output()).toContain(`Policy refused: colour in ${file}: unknown policy`);

  await openApp(page, host);
  // demoMode was refused, so demo mode stays: the offer is there.
  await expect(page.getByRole('button', { name: 'Add the demo complaints' })).toBeVisible();

  await nav(page, 'Settings').click();
  await expect(about(page)).toContainText(`Updates: off (locked; from ${file})`);
  await expect(about(page)).toContainText('3 policies were refused and do not apply; the others do.');
  await expect(about(page)).toContainText(`colour in ${file}: unknown policy`);
  await expect(about(page)).toContainText(`demoMode in ${file}: invalid value (Invalid input: expected boolean, received string)`);
  await expect(about(page)).toContainText(`defaults.devTools in ${file}: can only be enforced, never a default`);
  await about(page).screenshot({ path: '/tmp/policy-refused.png' });
});

test('a policy file that is not JSON: the app starts and says why it was refused', async ({ page }) => {
  const file = policyFile('{"apiUrl": ');
  host = await startHost({ env: { DESK_POLICY_FILE: file } });
  await openApp(page, host);
  await nav(page, 'Settings').click();
  await expect(about(page)).toContainText('1 policy was refused and does not apply; the others do.');
  await expect(about(page)).toContainText(`(file) in ${file}: cannot be read (not JSON`);
  await expect(about(page)).toContainText('No policies are set for this app.');
});
