/**
 * axe (`@axe-core/playwright`) on the main views, in the light and the dark theme (the
 * app follows the OS colour scheme): no `serious` or `critical` violations. The views
 * hold real content: complaints in the worklist, a pending change, a conflict-free
 * pending list with entries, the settings form.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import {
  SEED,
  addAndFetch,
  changeStatus,
  nav,
  openApp,
  openFromWorklist,
  pendingRows,
  setOutage,
  syncStatus,
} from './desk-page';

let host: RunningHost;

test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host?.stop());

interface Finding {
  view: string;
  rule: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

async function audit(page: Page, view: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      view,
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 300)),
    }));
}

/** Audits the current view in the light and in the dark theme. */
async function auditBothThemes(page: Page, view: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveCSS('color-scheme', colorScheme);
    findings.push(...(await audit(page, `${view} (${colorScheme})`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return findings;
}

test('no serious or critical axe violations on worklist, detail, pending, settings, help, light and dark', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  await addAndFetch(page, [SEED.jana, SEED.petr, SEED.lucie, SEED.tomas, SEED.katerina, SEED.jiri]);

  // One change waiting (offline), so pending chips, banners and the pending list show.
  await setOutage(host, true);
  await changeStatus(page, SEED.lucie, 'resolve');
  await expect(syncStatus(page)).toContainText('Offline', { timeout: 30_000 });

  const findings: Finding[] = [];
  await nav(page, 'Worklist').click();
  await expect(page.getByText('Resolved · pending')).toBeVisible();
  findings.push(...(await auditBothThemes(page, 'worklist')));

  await openFromWorklist(page, SEED.lucie);
  await expect(page.getByText('Pending: Resolved')).toBeVisible();
  await page.getByRole('button', { name: 'Reveal' }).click();
  findings.push(...(await auditBothThemes(page, 'detail (pending change)')));

  await nav(page, 'Pending changes').click();
  await expect(pendingRows(page)).toHaveCount(1);
  findings.push(...(await auditBothThemes(page, 'pending changes')));

  await nav(page, 'Settings').click();
  await page.getByRole('textbox', { name: 'API key' }).fill('not a key');
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('An API key is 32 characters')).toBeVisible();
  findings.push(...(await auditBothThemes(page, 'settings (with an error)')));

  await nav(page, 'Help').click();
  findings.push(...(await auditBothThemes(page, 'help')));

  await setOutage(host, false);
  expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
});
