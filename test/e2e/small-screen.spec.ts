/**
 * Usable at 1024×600 and stable in both languages. In English and in Czech:
 * - the header is one line (the brand, the links and the sync box side by side), the
 *   toolbar's "only unsent" stays on the toolbar's line, and at least three worklist rows
 *   are fully in view with eight complaints listed;
 * - every view is no wider than the window, in every header state: synced, offline with
 *   changes waiting, and the longest texts each state can show (syncing, last sent N
 *   minutes ago, rate limited, the server having problems, N need you, waiting for the
 *   key) all at once;
 * - five or more rows are in view with a notice shown, the notices cover neither the list
 *   nor the Status control, and the filter and sort selects show their whole choice.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './browser-host';
import { SEED } from './desk-page';

test.use({ viewport: { width: 1024, height: 600 } });

const IDS = [SEED.jana, SEED.petr, SEED.lucie, SEED.tomas, SEED.katerina, SEED.jiri, SEED.ondrej, SEED.zuzana];

type Lang = 'en' | 'cs';

/** The longest text each header state shows, per language (the sync box's lines). */
const LONGEST: Record<Lang, { last: string; problem: string; line: string[] }> = {
  en: {
    last: 'last sent 59 minutes ago',
    problem: 'Rate limited — resuming at 14:32 (about 1 min); BizKitHub is having problems — retrying in 20 s; 1,234 changes wait for the key for api.bizkithub.example.com',
    line: ['1,234 need you', 'syncing…'],
  },
  cs: {
    last: 'naposledy synchronizováno před 59 minutami',
    problem: 'Překročen limit požadavků, pokračuji od 14:32 (asi za 1 min); BizKitHub má potíže — zkusím to znovu za 20 s; 1 234 změn čeká na klíč pro api.bizkithub.example.com',
    line: ['1 234 čeká na vás', 'synchronizuji…'],
  },
};

async function startIn(lang: Lang): Promise<RunningHost> {
  const env: Record<string, string> = lang === 'cs' ? { LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8' } : {};
  return startHost({ env });
}

async function addEight(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  const box = page.locator('#complaint-ids');
  await box.fill(IDS.join(' '));
  await box.press('Control+Enter');
  // The list in either language: its rows (the list's name is translated).
  await expect(page.locator('.wl-item')).toHaveCount(IDS.length);
}

async function layoutOf(page: Page, host: RunningHost) {
  await addEight(page, host);
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
    const host = await startIn(lang);
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

/** How far the page, the main area and the header reach past their boxes (0 when they fit). */
async function overflow(page: Page): Promise<{ page: number; main: number; header: number }> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const header = document.querySelector('.topbar');
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
      header: header ? header.scrollWidth - header.clientWidth : 0,
    };
  });
}

/**
 * Puts the longest texts of every header state into the sync box at once, beside the
 * app's own (hidden meanwhile), and takes them out again: the app's nodes are never
 * changed, so it goes on updating them.
 */
async function withLongestHeader<T>(page: Page, texts: (typeof LONGEST)[Lang], measure: () => Promise<T>): Promise<T> {
  await page.evaluate((t) => {
    const status = document.querySelector('.sync__status');
    const line = document.querySelector('.sync__line');
    const text = document.querySelector('.sync__text');
    if (!status || !line || !text) throw new Error('no sync box');
    const add = (parent: Element, className: string, content: string) => {
      const part = document.createElement('span');
      part.className = className;
      part.dataset.injected = '';
      part.textContent = content;
      parent.append(part);
    };
    for (const part of t.line) add(line, '', ` · ${part}`);
    for (const own of document.querySelectorAll<HTMLElement>('.sync__problem, .sync__last')) own.dataset.hiddenForTest = own.style.display || 'unset';
    for (const own of document.querySelectorAll<HTMLElement>('[data-hidden-for-test]')) own.style.display = 'none';
    add(status, 'sync__problem', t.problem);
    add(text, 'sync__last', t.last);
  }, texts);
  try {
    return await measure();
  } finally {
    await page.evaluate(() => {
      for (const injected of document.querySelectorAll('[data-injected]')) injected.remove();
      for (const own of document.querySelectorAll<HTMLElement>('[data-hidden-for-test]')) {
        own.style.display = '';
        delete own.dataset.hiddenForTest;
      }
    });
  }
}

const VIEWS = ['#/', `#/complaint/${SEED.jana}`, '#/pending', '#/settings', '#/help', '#/new'] as const;

for (const lang of ['en', 'cs'] as const) {
  test(`1024×600, ${lang}: every view fits the window in every header state`, async ({ page }) => {
    test.setTimeout(120_000);
    const host = await startIn(lang);
    try {
      await addEight(page, host);
      const misfits: string[] = [];
      const check = async (state: string) => {
        for (const view of VIEWS) {
          await page.evaluate((hash) => (location.hash = hash), view);
          await expect(page.locator('main h1')).toBeVisible();
          const plain = await overflow(page);
          const longest = await withLongestHeader(page, LONGEST[lang], () => overflow(page));
          for (const [what, o] of [['', plain], [' (longest texts)', longest]] as const) {
            if (o.page > 0 || o.main > 0 || o.header > 0) misfits.push(`${state}${what} ${view}: ${JSON.stringify(o)}`);
          }
        }
      };
      await check('synced');
      // Offline, with a change waiting: "Offline · 1 pending" and its Czech.
      await page.context().setOffline(true);
      await page.evaluate((hash) => (location.hash = hash), `#/complaint/${SEED.jana}`);
      await page.locator('main select').first().selectOption('open');
      await expect(page.locator('.sync__pending--some')).toBeVisible();
      await check('offline, 1 pending');
      expect(misfits).toEqual([]);
    } finally {
      await page.context().setOffline(false);
      await host.stop();
    }
  });

  test(`1024×600, ${lang}: five rows with a notice, notices cover nothing, selects not cut`, async ({ page }) => {
    const host = await startIn(lang);
    try {
      await addEight(page, host);
      // Two notices of different kinds (a status change, then its undo replaces it; a removal).
      await page.evaluate((hash) => (location.hash = hash), `#/complaint/${SEED.jana}`);
      const status = page.locator('main select').first();
      await status.selectOption('open');
      await status.selectOption('wait');
      const notices = page.locator('.notices .notice');
      // The second change replaced the first one's notice (one of a kind).
      await expect(notices).toHaveCount(1);
      // Read at once: the notice is replaced by "sent" when the change goes.
      const below = await page.evaluate(() => {
        const notice = document.querySelector('.notices .notice')?.getBoundingClientRect();
        const select = document.querySelector('main select')?.getBoundingClientRect();
        return notice !== undefined && select !== undefined && notice.top >= select.bottom;
      });
      expect(below).toBe(true);

      await page.keyboard.press('Escape');
      await expect(page.locator('.wl-viewport')).toBeVisible();
      const layout = await page.evaluate(() => {
        const viewport = document.querySelector('.wl-viewport')!.getBoundingClientRect();
        const rows = [...document.querySelectorAll('.wl-item')].filter((row) => {
          const r = row.getBoundingClientRect();
          return r.top >= viewport.top - 1 && r.bottom <= Math.min(viewport.bottom, window.innerHeight) + 1;
        }).length;
        const noticeTop = Math.min(...[...document.querySelectorAll('.notices .notice')].map((n) => n.getBoundingClientRect().top));
        // A select shows its whole choice when it is as wide as its widest option needs.
        const cut = [...document.querySelectorAll<HTMLSelectElement>('.wl-toolbar select')].filter(
          (select) => select.scrollWidth > select.clientWidth + 1 || select.getBoundingClientRect().width < widestOption(select),
        ).length;
        function widestOption(select: HTMLSelectElement): number {
          const probe = document.createElement('select');
          probe.className = select.className;
          probe.append(...[...select.options].map((o) => new Option(o.text)));
          probe.style.position = 'absolute';
          probe.style.maxWidth = 'none';
          select.parentElement!.append(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return width - 1;
        }
        return { rows, viewportBottom: viewport.bottom, noticeTop, cut };
      });
      expect(layout.rows).toBeGreaterThanOrEqual(5);
      expect(layout.noticeTop).toBeGreaterThanOrEqual(layout.viewportBottom);
      expect(layout.cut).toBe(0);
    } finally {
      await host.stop();
    }
  });
}
