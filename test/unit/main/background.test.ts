/** Pure rules of running in the background (electron/main/background.ts) and the tray icon (tray-icon.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeAction,
  crashAction,
  CRASH_WINDOW_MS,
  drainNotice,
  RENDERER_NOTICE_QUIET_MS,
  trayModel,
  type CloseFacts,
} from '../../../electron/main/background';
import { TRAY_ICON_PNG_BASE64 } from '../../../electron/main/tray-icon';

const base: CloseFacts = { platform: 'win32', pending: 0, keepRunningInBackground: false, trayAvailable: true, quitting: false };

describe('closing the window: hide to the tray, or quit', () => {
  it.each([
    // [what, facts, action]
    ['Windows, nothing unsent: quits as before', {}, 'quit'],
    ['Windows, unsent changes: hides and keeps sending', { pending: 3 }, 'hide'],
    ['Linux, unsent changes: hides', { platform: 'linux', pending: 1 }, 'hide'],
    ['the setting: hides even with nothing unsent', { keepRunningInBackground: true }, 'hide'],
    ['quitting (confirmed, updater): the window closes', { pending: 5, keepRunningInBackground: true, quitting: true }, 'close'],
    ['no tray icon (Linux without a status area), unsent: quit (which asks first)', { platform: 'linux', pending: 2, trayAvailable: false }, 'quit'],
    ['no tray icon and the setting: quit, never an unreachable hidden window', { platform: 'linux', keepRunningInBackground: true, trayAvailable: false }, 'quit'],
    ['macOS, nothing unsent: the window closes, the app stays in the Dock', { platform: 'darwin' }, 'close'],
    ['macOS, unsent: hides (the renderer must keep running)', { platform: 'darwin', pending: 1 }, 'hide'],
    ['macOS without a tray icon, unsent: still hides (the Dock brings it back)', { platform: 'darwin', pending: 1, trayAvailable: false }, 'hide'],
  ] as const)('%s', (_what, facts, action) => {
    expect(closeAction({ ...base, ...facts })).toBe(action);
  });
});

describe('the tray menu model from the sync status', () => {
  it('offline with pending changes: says so, Sync now disabled (nothing can go)', () => {
    const m = trayModel({ pending: 3, online: false, locale: 'en-US' });
    expect(m.tooltip).toBe('BizKitHub Complaints Desk — Offline · waiting for the network · 3 pending');
    expect(m.items.map((i) => [i.id, i.label, i.enabled])).toEqual([
      ['status', 'Offline · waiting for the network · 3 pending', false],
      ['open', 'Open', true],
      ['sync-now', 'Sync now', false],
      ['quit', 'Quit', true],
    ]);
  });

  it('online with pending changes: sending, Sync now enabled', () => {
    const m = trayModel({ pending: 1, online: true, locale: 'en' });
    expect(m.items[0]?.label).toBe('Online · sending · 1 pending');
    expect(m.items.find((i) => i.id === 'sync-now')?.enabled).toBe(true);
  });

  it('all sent: 0 pending in words, Sync now disabled', () => {
    const m = trayModel({ pending: 0, online: true, locale: 'en' });
    expect(m.tooltip).toContain('Online · all changes sent');
    expect(m.items.find((i) => i.id === 'sync-now')?.enabled).toBe(false);
  });

  it('Czech, with Czech plurals', () => {
    expect(trayModel({ pending: 1, online: false, locale: 'cs-CZ' }).items[0]?.label).toBe('Bez připojení · čeká na síť · 1 neodeslaná změna');
    expect(trayModel({ pending: 3, online: true, locale: 'cs' }).items[0]?.label).toBe('Připojeno · odesílá se · 3 neodeslané změny');
    expect(trayModel({ pending: 7, online: true, locale: 'cs' }).items[0]?.label).toContain('7 neodeslaných změn');
    expect(trayModel({ pending: 0, online: true, locale: 'cs' }).items.map((i) => i.label).slice(1)).toEqual(['Otevřít', 'Synchronizovat', 'Ukončit']);
  });

  it('the icon is build/icons/32x32.png', () => {
    const file = readFileSync(path.resolve(__dirname, '../../../build/icons/32x32.png'));
    expect(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64').equals(file)).toBe(true);
  });
});

describe('"all changes sent" while in the background', () => {
  const facts = { previousPending: 4, pending: 0, windowVisible: false, lastRendererNoticeAt: null, now: 1_000_000, locale: 'en' };
  it('the queue drained with the window hidden: a notification', () => {
    expect(drainNotice(facts)).toEqual({ title: 'All changes sent', body: 'The 4 unsent changes reached BizKitHub.' });
    expect(drainNotice({ ...facts, previousPending: 1, locale: 'cs' })?.title).toBe('Vše odesláno');
  });
  it.each([
    ['the window is visible (the header says it)', { windowVisible: true }],
    ['not drained yet', { pending: 1 }],
    ['nothing was pending', { previousPending: 0 }],
    ['the renderer has just said "synced" itself', { lastRendererNoticeAt: 1_000_000 - RENDERER_NOTICE_QUIET_MS + 1 }],
  ])('none when %s', (_what, change) => {
    expect(drainNotice({ ...facts, ...change })).toBeNull();
  });
  it('a renderer notice long ago does not silence it', () => {
    expect(drainNotice({ ...facts, lastRendererNoticeAt: 1_000_000 - RENDERER_NOTICE_QUIET_MS })).not.toBeNull();
  });
});

describe('a gone renderer', () => {
  it('is reloaded, unless it crashed 3 times within a minute (a crash loop)', () => {
    expect(crashAction([], 100_000)).toBe('reload');
    expect(crashAction([90_000, 95_000], 100_000)).toBe('reload');
    expect(crashAction([80_000, 90_000, 95_000], 100_000)).toBe('give-up');
    expect(crashAction([100_000 - CRASH_WINDOW_MS, 90_000, 95_000], 100_000)).toBe('reload');
  });
});
