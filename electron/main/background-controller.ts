/**
 * Electron glue for running in the background (issue 12), around the pure rules in
 * ./background.ts: the tray and what it shows, closing the window (hide or quit), the
 * "all changes sent" notice while hidden, a gone renderer, launch at login, and whether
 * the first window starts hidden (started at login).
 */
import { dialog, type BrowserWindow, type Event as ElectronEvent, type RenderProcessGoneDetails } from 'electron';
import type { DeskEvent } from '../../common/ipc-contract';
import type { DeskServices } from '../services/desk-services';
import type { Logger } from '../services/logger';
import { closeAction, crashAction, drainNotice } from './background';
import { applyLaunchAtLogin, createDeskTray, openedAtLogin, type DeskTray } from './desktop';

export interface BackgroundDeps {
  productName: string;
  locale: () => string;
  log: () => Logger;
  services: () => DeskServices | null;
  window: () => BrowserWindow | null;
  isQuitting: () => boolean;
  entryUrl: string;
  focusWindow(): void;
  requestQuit(): void;
  quit(): void;
  /** To the renderer (tray → Sync now). */
  emit(event: DeskEvent): void;
  notify(title: string, body: string): boolean;
}

export function createBackgroundController(d: BackgroundDeps) {
  let tray: DeskTray | null = null;
  let lastPending = 0;
  let online = true;
  let lastRendererNoticeAt: number | null = null;
  const crashes: number[] = [];
  let launchAtLoginApplied: boolean | null = null;
  let hideFirstWindow = false;

  const refreshTray = () => tray?.update({ pending: lastPending, online, locale: d.locale() });
  const visible = () => {
    const win = d.window();
    return win !== null && !win.isDestroyed() && win.isVisible();
  };

  return {
    /** After `ready`: the tray icon, and whether this start is a login start (no window shown). */
    start(startedInBackground: boolean): void {
      hideFirstWindow = startedInBackground || openedAtLogin();
      tray = createDeskTray(
        d.productName,
        { open: d.focusWindow, 'sync-now': () => d.emit({ type: 'sync-now' }), quit: d.quit },
        d.log(),
      );
      refreshTray();
    },

    /** True once for the first window when it should stay hidden in the tray. */
    takeStartHidden(): boolean {
      const hidden = hideFirstWindow && tray !== null;
      hideFirstWindow = false;
      return hidden;
    },

    /** Every event main sends the renderer passes here first. */
    observe(event: DeskEvent): void {
      if (event.type === 'connectivity' || event.type === 'wake') {
        online = event.online;
        refreshTray();
      } else if (event.type === 'settings-changed') {
        this.syncLaunchAtLogin();
      }
    },

    /** The renderer showed a notification (it says "synced" for long queues itself). */
    rendererNotified(): void {
      lastRendererNoticeAt = Date.now();
    },

    /** The renderer reported its unsent count: tray, and "all sent" while in the background. */
    pendingReported(pending: number): void {
      const notice = drainNotice({
        previousPending: lastPending,
        pending,
        windowVisible: visible(),
        lastRendererNoticeAt,
        now: Date.now(),
        locale: d.locale(),
      });
      lastPending = pending;
      refreshTray();
      if (notice) d.notify(notice.title, notice.body);
    },

    syncLaunchAtLogin(): void {
      const wanted = d.services()?.settings().launchAtLogin ?? false;
      if (launchAtLoginApplied === wanted) return;
      // At start only an "on" is re-applied (the program may have moved); "off" is the default.
      const first = launchAtLoginApplied === null;
      launchAtLoginApplied = wanted;
      if (first && !wanted) return;
      void applyLaunchAtLogin(wanted, d.productName, d.log());
    },

    /** The window's `close`: hide to the tray and keep sending, or quit (asking when changes are unsent). */
    onClose(win: BrowserWindow, event: ElectronEvent): void {
      const services = d.services();
      const action = closeAction({
        platform: process.platform,
        pending: services?.pendingCount() ?? 0,
        keepRunningInBackground: services?.settings().keepRunningInBackground ?? false,
        trayAvailable: tray !== null,
        quitting: d.isQuitting(),
      });
      if (action === 'close') return;
      event.preventDefault();
      if (action === 'hide') {
        win.hide();
        d.log().info('window hidden: sending in the background', { pending: services?.pendingCount() ?? 0 });
        refreshTray();
      } else {
        d.requestQuit();
      }
    },

    /** render-process-gone: reload (the outbox is in IndexedDB, nothing is lost), unless it loops. */
    onRendererGone(win: BrowserWindow, details: RenderProcessGoneDetails): void {
      const now = Date.now();
      const action = crashAction(crashes, now);
      crashes.push(now);
      d.log().error('renderer process gone', { reason: details.reason, exitCode: details.exitCode, action });
      if (win.isDestroyed() || d.isQuitting()) return;
      if (action === 'reload') {
        win.loadURL(d.entryUrl).catch((cause: unknown) => d.log().error('reloading the renderer failed', { error: cause }));
      } else {
        dialog.showErrorBox(
          d.productName,
          'The window keeps crashing. Unsent changes are safe on this computer; restart the app. Details are in the log (Help → Open log folder).',
        );
      }
    },

    stop(): void {
      tray?.destroy();
      tray = null;
    },
  };
}
