/**
 * The desktop app's lifecycle as one state machine, plain (no Electron: everything it
 * touches comes in as ports, so it is unit-tested on its own):
 *
 * - closing the window hides it to the tray while changes are unsent (or always, with
 *   "Keep running in the background"), else quits (./background.ts `closeAction`);
 * - Quit with unsent changes asks first and never discards them; answering "stay" brings
 *   the window back; quitting then disposes everything, bounded in time, before the
 *   process ends (`before-quit` → question → `will-quit` → dispose → quit);
 * - an update restart the updater's own rules allowed passes the question, for a grace
 *   period only (should the installer never take over, quitting asks again);
 * - wake (resume, unlock) → the services probe the API at once;
 * - the tray's state line, the "all changes sent" notice while hidden, a gone renderer,
 *   launch at login, and whether the first window starts hidden (a login start);
 * - the language main's own texts speak: the agent's setting, or with `system` the OS
 *   locale; the tray is redrawn when settings change.
 */
import type { DeskEvent } from '../../common/ipc-contract';
import { resolveAppLanguage, type AppLanguage } from '../../common/language';
import type { Settings } from '../../common/settings';
import type { Logger } from '../services/logger';
import type { WakeReason } from '../services/wake';
import { closeAction, crashAction, drainNotice, type TrayFacts, type TrayItemId } from './background';
import { crashLoopText, quitDialogText, startupFailedText, type QuitDialogText } from './quit-dialog';

/** How long quitting waits for the services to close before the process ends anyway. */
export const DISPOSE_TIMEOUT_MS = 5000;
/** How long an update restart may take before quitting asks about unsent changes again. */
export const UPDATE_RESTART_GRACE_MS = 30_000;

/** What the lifecycle needs of the desk services (../services/desk-services.ts). */
export interface LifecycleServices {
  pendingCount(): number;
  settings(): Pick<Settings, 'language' | 'keepRunningInBackground' | 'launchAtLogin'>;
  wake(reason: WakeReason): Promise<void>;
}

export interface LifecycleWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  hide(): void;
  loadURL(url: string): Promise<void>;
}

export interface LifecycleTray {
  update(facts: TrayFacts): void;
  destroy(): void;
}

export type TrayActions = Record<Exclude<TrayItemId, 'status'>, () => void>;

export interface LifecyclePorts {
  platform: string;
  /** The OS locale (`app.getLocale()`): the language when the setting says `system`. */
  osLocale(): string;
  log(): Logger;
  /** Null until the services have started. */
  services(): LifecycleServices | null;
  /** The main window, or null when there is none. */
  window(): LifecycleWindow | null;
  /** The page a crashed renderer is reloaded with. */
  entryUrl: string;
  /** The tray icon; null where the desktop has none. */
  createTray(actions: TrayActions): LifecycleTray | null;
  /** The OS started the app at login (macOS says so). */
  openedAtLogin(): boolean;
  applyLaunchAtLogin(enabled: boolean): Promise<void>;
  /** Show the window (creating it when there is none). */
  focusWindow(): void;
  /** To the renderer (tray → Sync now). */
  emit(event: DeskEvent): void;
  notify(title: string, body: string): boolean;
  /** The unsent-changes question; resolves with the index of the button chosen. */
  ask(text: QuitDialogText): Promise<number>;
  showError(message: string): void;
  /** Closes the updater, the services and the demo sandbox before the process ends. */
  dispose(): Promise<void>;
  /** Electron's app.quit(): `before-quit` and `will-quit` come back through this machine. */
  quit(): void;
  now?(): number;
}

/** What Electron passes to `close`, `before-quit` and `will-quit`. */
export interface CancellableEvent {
  preventDefault(): void;
}

type QuitState = 'running' | 'confirmed' | 'disposing' | 'disposed';

/** The tray and what it shows: the unsent count, online or not, in main's language. */
function createTrayState(p: LifecyclePorts, language: () => AppLanguage) {
  const now = p.now ?? Date.now;
  let tray: LifecycleTray | null = null;
  let lastPending = 0;
  let online = true;
  let lastRendererNoticeAt: number | null = null;
  let hideFirstWindow = false;

  const refresh = () => tray?.update({ pending: lastPending, online, locale: language() });
  const windowVisible = () => {
    const win = p.window();
    return win !== null && !win.isDestroyed() && win.isVisible();
  };

  return {
    refresh,
    available: (): boolean => tray !== null,

    /** After `ready`: the tray icon, and whether this start is a login start (no window shown). */
    start(startedInBackground: boolean): void {
      hideFirstWindow = startedInBackground || p.openedAtLogin();
      tray = p.createTray({ open: p.focusWindow, 'sync-now': () => p.emit({ type: 'sync-now' }), quit: p.quit });
      refresh();
    },

    /** True once for the first window when it should stay hidden in the tray. */
    takeStartHidden(): boolean {
      const hidden = hideFirstWindow && tray !== null;
      hideFirstWindow = false;
      return hidden;
    },

    online(value: boolean): void {
      online = value;
      refresh();
    },

    /** The renderer showed a notification (it says "synced" for long queues itself). */
    rendererNotified(): void {
      lastRendererNoticeAt = now();
    },

    /** The renderer reported its unsent count: tray, and "all sent" while in the background. */
    pendingReported(pending: number): void {
      const notice = drainNotice({
        previousPending: lastPending,
        pending,
        windowVisible: windowVisible(),
        lastRendererNoticeAt,
        now: now(),
        locale: language(),
      });
      lastPending = pending;
      refresh();
      if (notice) p.notify(notice.title, notice.body);
    },

    destroy(): void {
      tray?.destroy();
      tray = null;
    },
  };
}

/** Applies the launch-at-login setting when it changes. */
function launchAtLoginSync(p: LifecyclePorts): () => void {
  let applied: boolean | null = null;
  return () => {
    const wanted = p.services()?.settings().launchAtLogin ?? false;
    if (applied === wanted) return;
    // At start only an "on" is re-applied (the program may have moved); "off" is the default.
    const first = applied === null;
    applied = wanted;
    if (first && !wanted) return;
    void p.applyLaunchAtLogin(wanted);
  };
}

export function createLifecycle(p: LifecyclePorts) {
  const now = p.now ?? Date.now;
  let quitState: QuitState = 'running';
  let confirmingQuit = false;
  const crashes: number[] = [];
  const syncLaunchAtLogin = launchAtLoginSync(p);

  const language = (): AppLanguage => resolveAppLanguage(p.services()?.settings().language, p.osLocale());
  const tray = createTrayState(p, language);

  async function confirmQuit(): Promise<boolean> {
    const pending = p.services()?.pendingCount() ?? 0;
    if (pending <= 0) return true;
    const response = await p.ask(quitDialogText(pending, language()));
    p.log().info('quit with unsent changes', { pending, quit: response === 0 });
    return response === 0;
  }

  /** Quit, asking first when changes are unsent; "stay" shows the window again. */
  function requestQuit(): void {
    if (confirmingQuit) return;
    confirmingQuit = true;
    confirmQuit()
      .catch((cause: unknown) => {
        p.log().error('quit confirmation failed', { error: cause });
        return true; // quitting keeps the changes anyway
      })
      .then((quit) => {
        confirmingQuit = false;
        if (quit) {
          quitState = 'confirmed';
          p.quit();
        } else {
          p.focusWindow();
        }
      })
      .catch(() => undefined);
  }

  return {
    language,
    requestQuit,
    syncLaunchAtLogin,

    /** Quitting was confirmed or is under way: windows close for real, crashes are not reloaded. */
    isQuitting: (): boolean => quitState !== 'running',

    start: tray.start,
    takeStartHidden: tray.takeStartHidden,
    rendererNotified: tray.rendererNotified,
    pendingReported: tray.pendingReported,

    /** Every event main sends the renderer passes here first. */
    observe(event: DeskEvent): void {
      if (event.type === 'connectivity' || event.type === 'wake') {
        tray.online(event.online);
      } else if (event.type === 'settings-changed') {
        syncLaunchAtLogin();
        tray.refresh(); // the language may have changed
      }
    },

    /** powerMonitor resume / unlock-screen: the services probe the API now and tell the renderer. */
    wake(reason: WakeReason): void {
      void p.services()?.wake(reason);
    },

    /** The window's `close`: hide to the tray and keep sending, or quit (asking when changes are unsent). */
    windowClosing(win: LifecycleWindow, event: CancellableEvent): void {
      const services = p.services();
      const pending = services?.pendingCount() ?? 0;
      const action = closeAction({
        platform: p.platform,
        pending,
        keepRunningInBackground: services?.settings().keepRunningInBackground ?? false,
        trayAvailable: tray.available(),
        quitting: quitState !== 'running',
      });
      if (action === 'close') return;
      event.preventDefault();
      if (action === 'hide') {
        win.hide();
        p.log().info('window hidden: sending in the background', { pending });
        tray.refresh();
      } else {
        requestQuit();
      }
    },

    /** render-process-gone: reload (the outbox is in IndexedDB, nothing is lost), unless it loops. */
    rendererGone(win: LifecycleWindow, details: { reason: string; exitCode: number }): void {
      const at = now();
      const action = crashAction(crashes, at);
      crashes.push(at);
      p.log().error('renderer process gone', { reason: details.reason, exitCode: details.exitCode, action });
      if (win.isDestroyed() || quitState !== 'running') return;
      if (action === 'reload') {
        win.loadURL(p.entryUrl).catch((cause: unknown) => p.log().error('reloading the renderer failed', { error: cause }));
      } else {
        p.showError(crashLoopText(language()));
      }
    },

    /** `before-quit`: while running, every quit (menu, tray, Cmd+Q, OS) goes through the question. */
    beforeQuit(event: CancellableEvent): void {
      if (quitState !== 'running') return;
      event.preventDefault();
      requestQuit();
    },

    /** `will-quit`: hold the process until everything is disposed (or the time is up), then quit. */
    willQuit(event: CancellableEvent): void {
      if (quitState === 'disposed') return;
      event.preventDefault();
      if (quitState === 'disposing') return;
      quitState = 'disposing';
      tray.destroy();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
      void Promise.race([p.dispose().catch((cause: unknown) => p.log().warn('dispose failed', { error: cause })), timeout]).finally(
        () => {
          quitState = 'disposed';
          p.quit();
        },
      );
    },

    /**
     * The updater is about to quit and install: its own rules checked for unsent changes, so
     * that quit passes the question. Should the installer never take over, quitting asks again.
     */
    restartingForUpdate(): void {
      quitState = 'confirmed';
      setTimeout(() => {
        if (quitState === 'confirmed') quitState = 'running';
      }, UPDATE_RESTART_GRACE_MS).unref();
    },

    /** Startup failed: say so; the process then exits without the quit question or disposing. */
    startupFailed(cause: unknown): void {
      p.log().error('startup failed', { error: cause });
      quitState = 'disposed';
      p.showError(startupFailedText(language()));
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
