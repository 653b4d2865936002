/**
 * Issue 13, finding 9: usable at 1024×600 and stable in both languages. In English and in
 * Czech: the header is one line (the brand, the links and the sync box side by side), the
 * toolbar's "only unsent" stays on the toolbar's line, and at least three worklist rows
 * are fully in view with eight complaints listed.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED } from './desk-page';

test.use({ viewport: { width: 1024, height: 600 } });

const IDS = [SEED.jana, SEED.petr, SEED.lucie, SEED.tomas, SEED.katerina, SEED.jiri, SEED.ondrej, SEED.zuzana];

async function layoutOf(page: Page, host: RunningHost) {
  await page.goto(host.url);
  const box = page.locator('#complaint-ids');
  await box.fill(IDS.join(' '));
  await box.press('Control+Enter');
  // The list in either language: its rows (the list's name is translated).
  await expect(page.locator('.wl-item')).toHaveCount(IDS.length);
  return page.evaluate(() => {
    const rect = (selector: string) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
    const links = [...document.querySelectorAll('nav a')].map((a) => Math.round(a.getBoundingClientRect().top));
    const syncLine = rect('.sync__line');
    const viewport = rect('.wl-viewport');
    const rows = [...document.querySelectorAll('.wl-item')].filter((row) => {
      const r = row.getBoundingClientRect();
      return viewport !== null && r.top >= viewport.top - 1 && r.bottom <= Math.min(viewport.bottom, window.innerHeight) + 1;
    }).length;
    const toolbar = [...document.querySelectorAll('.wl-toolbar > *')].map((el) => Math.round(el.getBoundingClientRect().bottom));
    return {
      header: Math.round(rect('header')?.height ?? 0),
      linkRows: new Set(links).size,
      syncLineHeight: Math.round(syncLine?.height ?? 0),
      toolbarRows: new Set(toolbar.map((b) => Math.round(b / 20))).size,
      rowsInView: rows,
    };
  });
}

for (const lang of ['en', 'cs'] as const) {
  test(`1024×600, ${lang}: one-line header and toolbar, three or more rows in view`, async ({ page }) => {
    const env: Record<string, string> = lang === 'cs' ? { LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8' } : {};
    const host = await startHost({ env });
    try {
      const layout = await layoutOf(page, host);
      expect(layout.linkRows).toBe(1);
      // The sync box's "Online · N pending" on one line (about one line of text high).
      expect(layout.syncLineHeight).toBeLessThanOrEqual(26);
      expect(layout.toolbarRows).toBe(1);
      expect(layout.rowsInView).toBeGreaterThanOrEqual(3);
    } finally {
      await host.stop();
    }
  });
}
