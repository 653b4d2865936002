/**
 * The desktop app's lifecycle state machine (electron/main/lifecycle.ts) with fake ports:
 * close → hide or quit, the unsent-changes question, before-quit / will-quit and
 * disposing, the update restart's grace, wake, the tray and its language, crashes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskEvent } from '../../../common/ipc-contract';
import type { Settings } from '../../../common/settings';
import type { TrayFacts } from '../../../electron/main/background';
import {
  createLifecycle,
  DISPOSE_TIMEOUT_MS,
  UPDATE_RESTART_GRACE_MS,
  type LifecyclePorts,
  type LifecycleWindow,
} from '../../../electron/main/lifecycle';
import type { QuitDialogText } from '../../../electron/main/quit-dialog';
import { createMemoryLogger } from '../../../electron/services/logger';
import type { WakeReason } from '../../../electron/services/wake';

type Over = Partial<LifecyclePorts> & { tray?: boolean };

function setup(over: Over = {}) {
  const log = createMemoryLogger();
  const settings: Pick<Settings, 'language' | 'keepRunningInBackground' | 'launchAtLogin'> = {
    language: 'system',
    keepRunningInBackground: false,
    launchAtLogin: false,
  };
  const state = {
    pending: 0,
    answer: 1 as number | Error,
    osLocale: 'en-US',
    visible: true,
    destroyed: false,
  };
  const asked: QuitDialogText[] = [];
  const trays: TrayFacts[] = [];
  const wakes: WakeReason[] = [];
  const emitted: DeskEvent[] = [];
  const notices: Array<{ title: string; body: string }> = [];
  const errors: string[] = [];
  const launchAtLogin: boolean[] = [];
  const calls = { quit: 0, focus: 0, dispose: 0, trayDestroyed: 0 };
  let disposeGate: Promise<void> = Promise.resolve();
  const win: LifecycleWindow & { hidden: number; loads: string[] } = {
    hidden: 0,
    loads: [],
    isDestroyed: () => state.destroyed,
    isVisible: () => state.visible,
    hide() {
      win.hidden += 1;
      state.visible = false;
    },
    loadURL: async (url) => {
      win.loads.push(url);
    },
  };
  const trayActions: { current: Parameters<LifecyclePorts['createTray']>[0] | null } = { current: null };
  const { tray = true, ...ports } = over;
  const lifecycle = createLifecycle({
    platform: 'linux',
    osLocale: () => state.osLocale,
    log: () => log,
    services: () => ({
      pendingCount: () => state.pending,
      settings: () => settings,
      wake: async (reason) => {
        wakes.push(reason);
      },
    }),
    window: () => win,
    entryUrl: 'app://desk/index.html',
    createTray: (actions) => {
      trayActions.current = actions;
      return tray
        ? {
            update: (facts) => trays.push(facts),
            destroy: () => {
              calls.trayDestroyed += 1;
            },
          }
        : null;
    },
    openedAtLogin: () => false,
    applyLaunchAtLogin: async (enabled) => {
      launchAtLogin.push(enabled);
    },
    focusWindow: () => {
      calls.focus += 1;
    },
    emit: (event) => emitted.push(event),
    notify: (title, body) => {
      notices.push({ title, body });
      return true;
    },
    ask: async (text) => {
      asked.push(text);
      if (state.answer instanceof Error) throw state.answer;
      return state.answer;
    },
    showError: (message) => errors.push(message),
    dispose: async () => {
      calls.dispose += 1;
      await disposeGate;
    },
    quit: () => {
      calls.quit += 1;
    },
    ...ports,
  });
  lifecycle.start(false);
  const event = () => ({ preventDefault: vi.fn() });
  return {
    lifecycle,
    settings,
    state,
    win,
    asked,
    trays,
    wakes,
    emitted,
    notices,
    errors,
    launchAtLogin,
    calls,
    log,
    trayActions,
    event,
    holdDispose: (gate: Promise<void>) => {
      disposeGate = gate;
    },
  };
}

/** Lets the quit question's promise chain settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('closing the window', () => {
  it('with unsent changes: hidden to the tray, not closed, the renderer keeps running', () => {
    const t = setup();
    t.state.pending = 3;
    const close = t.event();
    t.lifecycle.windowClosing(t.win, close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(t.win.hidden).toBe(1);
    expect(t.calls.quit).toBe(0);
    expect(t.log.lines.join('\n')).toContain('window hidden: sending in the background');
  });

  it('with nothing unsent (Windows/Linux): quits, without a question', async () => {
    const t = setup();
    const close = t.event();
    t.lifecycle.windowClosing(t.win, close);
    await settle();
    expect(close.preventDefault).toHaveBeenCalled();
    expect(t.win.hidden).toBe(0);
    expect(t.asked).toHaveLength(0);
    expect(t.calls.quit).toBe(1);
    expect(t.lifecycle.isQuitting()).toBe(true);
  });

  it('"Keep running in the background" hides it even with nothing unsent', () => {
    const t = setup();
    t.settings.keepRunningInBackground = true;
    t.lifecycle.windowClosing(t.win, t.event());
    expect(t.win.hidden).toBe(1);
  });

  it('without a tray icon (Linux without a status-notifier host): asks to quit rather than hide', async () => {
    const t = setup({ tray: false });
    t.state.pending = 2;
    t.lifecycle.windowClosing(t.win, t.event());
    await settle();
    expect(t.win.hidden).toBe(0);
    expect(t.asked).toHaveLength(1);
  });

  it('while quitting, the window closes for real', async () => {
    const t = setup();
    t.lifecycle.beforeQuit(t.event());
    await settle();
    t.state.pending = 5;
    const close = t.event();
    t.lifecycle.windowClosing(t.win, close);
    expect(close.preventDefault).not.toHaveBeenCalled();
  });
});

describe('Quit with unsent changes asks first', () => {
  it('before-quit is held and the question asked; "stay open" brings the window back and keeps running', async () => {
    const t = setup();
    t.state.pending = 3;
    const quit = t.event();
    t.lifecycle.beforeQuit(quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    await settle();
    expect(t.asked).toHaveLength(1);
    expect(t.asked[0]?.message).toBe('3 changes have not been sent yet');
    expect(t.asked[0]?.buttons).toEqual(['Quit', 'Stay open']);
    expect(t.calls.quit).toBe(0);
    expect(t.calls.focus).toBe(1);
    expect(t.lifecycle.isQuitting()).toBe(false);
    // The next quit asks again.
    t.lifecycle.beforeQuit(t.event());
    await settle();
    expect(t.asked).toHaveLength(2);
  });

  it('"quit anyway" quits: the next before-quit passes, will-quit disposes, then the app quits', async () => {
    const t = setup();
    t.state.pending = 1;
    t.state.answer = 0;
    t.lifecycle.beforeQuit(t.event());
    await settle();
    expect(t.calls.quit).toBe(1);
    expect(t.log.lines.join('\n')).toMatch(/quit with unsent changes.*pending=1.*quit=true/);
    const again = t.event();
    t.lifecycle.beforeQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();

    const willQuit = t.event();
    t.lifecycle.willQuit(willQuit);
    expect(willQuit.preventDefault).toHaveBeenCalled();
    expect(t.calls.dispose).toBe(1);
    expect(t.calls.trayDestroyed).toBe(1);
    await settle();
    expect(t.calls.quit).toBe(2);
    const last = t.event();
    t.lifecycle.willQuit(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
    expect(t.calls.dispose).toBe(1);
  });

  it('nothing unsent: no question', async () => {
    const t = setup();
    t.lifecycle.beforeQuit(t.event());
    await settle();
    expect(t.asked).toHaveLength(0);
    expect(t.calls.quit).toBe(1);
  });

  it('one question at a time, however often Quit is chosen', async () => {
    let questions = 0;
    let answer: (n: number) => void = () => {};
    const t = setup({
      ask: () => {
        questions += 1;
        return new Promise<number>((resolve) => (answer = resolve));
      },
    });
    t.state.pending = 2;
    t.lifecycle.beforeQuit(t.event());
    t.lifecycle.beforeQuit(t.event());
    t.lifecycle.requestQuit();
    await settle();
    expect(questions).toBe(1);
    answer(1);
    await settle();
    expect(t.calls.focus).toBe(1);
  });

  it('a failing dialog quits anyway: the changes stay in the outbox', async () => {
    const t = setup();
    t.state.pending = 2;
    t.state.answer = new Error('dialog gone');
    t.lifecycle.beforeQuit(t.event());
    await settle();
    expect(t.calls.quit).toBe(1);
    expect(t.log.lines.join('\n')).toContain('quit confirmation failed');
  });

  it('will-quit waits for the services at most DISPOSE_TIMEOUT_MS', async () => {
    const t = setup();
    t.holdDispose(new Promise<void>(() => {}));
    t.lifecycle.willQuit(t.event());
    const second = t.event();
    t.lifecycle.willQuit(second);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(t.calls.dispose).toBe(1);
    await vi.advanceTimersByTimeAsync(DISPOSE_TIMEOUT_MS - 1);
    expect(t.calls.quit).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls.quit).toBe(1);
  });
});

describe('an update restart', () => {
  it('passes the question for a grace period, then quitting asks again', async () => {
    const t = setup();
    t.state.pending = 2;
    t.lifecycle.restartingForUpdate();
    const quit = t.event();
    t.lifecycle.beforeQuit(quit);
    expect(quit.preventDefault).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(UPDATE_RESTART_GRACE_MS);
    const later = t.event();
    t.lifecycle.beforeQuit(later);
    expect(later.preventDefault).toHaveBeenCalled();
    await settle();
    expect(t.asked).toHaveLength(1);
  });
});

describe('wake', () => {
  it('resume and unlock-screen reach the services (which probe at once)', () => {
    const t = setup();
    t.lifecycle.wake('resume');
    t.lifecycle.wake('unlock-screen');
    expect(t.wakes).toEqual(['resume', 'unlock-screen']);
  });
});

describe('the tray', () => {
  it('shows the pending count and the connectivity; its menu sends Sync now and Quit', async () => {
    const t = setup();
    t.lifecycle.pendingReported(4);
    t.lifecycle.observe({ type: 'connectivity', online: false, since: '2025-01-01T00:00:00.000Z' });
    expect(t.trays.at(-1)).toEqual({ pending: 4, online: false, locale: 'en' });
    t.trayActions.current?.['sync-now']();
    expect(t.emitted).toEqual([{ type: 'sync-now' }]);
    t.trayActions.current?.quit();
    expect(t.calls.quit).toBe(1); // app.quit(): before-quit then asks
  });

  it('"all changes sent" while the window is hidden, not while it is shown', () => {
    const t = setup();
    t.lifecycle.pendingReported(3);
    t.lifecycle.pendingReported(0);
    expect(t.notices).toHaveLength(0);
    t.state.visible = false;
    t.lifecycle.pendingReported(2);
    t.lifecycle.pendingReported(0);
    expect(t.notices).toEqual([{ title: 'All changes sent', body: 'The 2 unsent changes reached BizKitHub.' }]);
  });

  it('a login start keeps the first window hidden, once; without a tray it is shown', () => {
    const t = setup();
    t.lifecycle.start(true);
    expect(t.lifecycle.takeStartHidden()).toBe(true);
    expect(t.lifecycle.takeStartHidden()).toBe(false);
    const noTray = setup({ tray: false });
    noTray.lifecycle.start(true);
    expect(noTray.lifecycle.takeStartHidden()).toBe(false);
  });
});

describe("main's language follows the setting", () => {
  it("'system' follows the OS locale; cs or en wins over it", async () => {
    const t = setup();
    t.state.osLocale = 'cs-CZ';
    expect(t.lifecycle.language()).toBe('cs');
    t.settings.language = 'en';
    expect(t.lifecycle.language()).toBe('en');
    t.state.osLocale = 'en-US';
    t.settings.language = 'cs';
    t.state.pending = 3;
    t.lifecycle.beforeQuit(t.event());
    await settle();
    expect(t.asked[0]?.message).toBe('3 změny nebyly odeslány');
    expect(t.asked[0]?.buttons).toEqual(['Ukončit', 'Zůstat otevřené']);
  });

  it('a settings change redraws the tray in the new language', () => {
    const t = setup();
    t.lifecycle.pendingReported(1);
    expect(t.trays.at(-1)?.locale).toBe('en');
    t.settings.language = 'cs';
    t.lifecycle.observe({ type: 'settings-changed' });
    expect(t.trays.at(-1)).toEqual({ pending: 1, online: true, locale: 'cs' });
  });

  it('the crash-loop box speaks it too', () => {
    const t = setup();
    t.settings.language = 'cs';
    for (let i = 0; i < 4; i++) t.lifecycle.rendererGone(t.win, { reason: 'crashed', exitCode: 1 });
    expect(t.win.loads).toHaveLength(3);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatch(/^Okno opakovaně padá/);
  });
});

describe('launch at login and a failed start', () => {
  it('an "off" at start is left alone; later changes are applied', () => {
    const t = setup();
    t.lifecycle.syncLaunchAtLogin();
    expect(t.launchAtLogin).toEqual([]);
    t.settings.launchAtLogin = true;
    t.lifecycle.observe({ type: 'settings-changed' });
    t.settings.launchAtLogin = false;
    t.lifecycle.observe({ type: 'settings-changed' });
    expect(t.launchAtLogin).toEqual([true, false]);
  });

  it('a failed start says so and exits without the question or disposing', () => {
    const t = setup();
    t.lifecycle.startupFailed(new Error('boom'));
    expect(t.errors).toEqual(['The app could not start. Details are in the log file.']);
    const willQuit = t.event();
    t.lifecycle.willQuit(willQuit);
    expect(willQuit.preventDefault).not.toHaveBeenCalled();
    expect(t.calls.dispose).toBe(0);
  });
});
