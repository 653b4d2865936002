/**
 * The app's one window, as main's startup (./desk-app.ts) holds it: created with the only
 * webPreferences this app uses (./security.ts `createWebPreferences`), shown, or kept
 * hidden on a login start; events reach only the app's own page; a deep link waits until
 * the page has loaded. Closing and crashes are the lifecycle's decisions (./lifecycle.ts).
 */
import path from 'node:path';
import { DESK_EVENT_CHANNEL, type DeskEvent } from '../../common/ipc-contract';
import type { Logger } from '../services/logger';
import type { ElectronFacade, FacadeWindow } from './electron-facade';
import type { Lifecycle } from './lifecycle';
import { createWebPreferences, isTrustedSender } from './security';

export interface DeskWindowOptions {
  electron: Pick<ElectronFacade, 'app' | 'BrowserWindow'>;
  productName: string;
  /** The page's origin (`app://desk`, or the dev server's): only it receives events. */
  appOrigin: string;
  entryUrl: string;
  devTools: { devTools: boolean };
  log: () => Logger;
  lifecycle: () => Lifecycle;
  /** A window may be made now (the app is ready and the services run). */
  canCreate: () => boolean;
  /** A deep link from the command line, opened once the page has loaded. */
  initialComplaintId: string | null;
}

export function createDeskWindow(o: DeskWindowOptions) {
  const { app, BrowserWindow } = o.electron;
  const { devTools } = o;
  let mainWindow: FacadeWindow | null = null;
  let rendererLoaded = false;
  let pendingComplaintId = o.initialComplaintId;

  const current = (): FacadeWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  /** Events go only to the app's own page, never to whatever a frame navigated to. */
  function emit(event: DeskEvent): void {
    o.lifecycle().observe(event);
    const contents = current()?.webContents ?? null;
    if (!contents || contents.isDestroyed()) return;
    if (!isTrustedSender(contents.mainFrame, o.appOrigin)) return;
    contents.send(DESK_EVENT_CHANNEL, event);
  }

  function create(): void {
    const log = o.log();
    const lifecycle = o.lifecycle();
    const preload = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
    const win = new BrowserWindow({
      width: 1280,
      height: 860,
      minWidth: 760,
      minHeight: 520,
      show: false,
      title: o.productName,
      autoHideMenuBar: true,
      webPreferences: createWebPreferences(preload, { devTools: devTools.devTools }),
    });
    mainWindow = win;
    rendererLoaded = false;

    const startHidden = lifecycle.takeStartHidden();
    win.once('ready-to-show', () => {
      if (startHidden) log.info('started in the background (tray)');
      else win.show();
    });
    if (!devTools.devTools) win.webContents.on('devtools-opened', () => win.webContents.closeDevTools());
    win.webContents.on('did-start-loading', () => {
      rendererLoaded = false;
    });
    win.webContents.on('did-finish-load', () => {
      rendererLoaded = true;
      if (pendingComplaintId !== null) {
        const id = pendingComplaintId;
        pendingComplaintId = null;
        emit({ type: 'open-complaint', id });
      }
    });
    win.webContents.on('render-process-gone', (_event, details) => lifecycle.rendererGone(win, details));
    win.on('close', (event) => lifecycle.windowClosing(win, event));
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });

    win.loadURL(o.entryUrl).catch((cause: unknown) => log.error('loading the renderer failed', { error: cause }));
  }

  return {
    current,
    emit,
    create,

    /** Show the window (restored, focused), or create it when there is none. */
    focus(): void {
      if (!mainWindow || mainWindow.isDestroyed()) {
        if (o.canCreate()) create();
        return;
      }
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    },

    /** A deep link: opened now when the page is there, else once it has loaded. */
    openComplaint(id: string): void {
      if (rendererLoaded && current()) emit({ type: 'open-complaint', id });
      else pendingComplaintId = id;
    },
  };
}

export type DeskWindow = ReturnType<typeof createDeskWindow>;
