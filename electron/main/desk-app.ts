/**
 * The desktop app's startup: thin glue between Electron (through ./electron-facade.ts),
 * the shared services and the pure rules beside it. ./main.ts calls `startDeskApp` with the
 * real Electron; a Node test calls it with a fake, so this wiring runs under test although
 * the Electron binary cannot run there.
 *
 * - one instance (a second one focuses the window and forwards its deep link)
 * - the renderer is served from `app://desk/` (privileged standard secure scheme) with the
 *   CSP header, through `resolveAppPath`; in development from the Vite dev server
 * - one BrowserWindow with `createWebPreferences`; no new windows, no foreign navigation,
 *   no <webview>, every permission denied (./hardening.ts)
 * - DevTools and the menu entries that open them only in development, or when support
 *   starts a packaged app with BIZKITHUB_DESK_DEVTOOLS=1 (logged)
 * - every IPC channel of the contract: sender check, then the shared dispatcher
 * - closing, quitting, the tray, wake and crashes follow ./lifecycle.ts: quitting with
 *   unsent changes asks first and never discards them; closing the window with unsent
 *   changes hides it to the tray and the renderer keeps sending (backgroundThrottling off)
 * - the API client uses net.fetch (session proxy, PAC, OS certificates); renderer errors
 *   reach main.log; launch at login (./desktop.ts)
 */
import path from 'node:path';
import { DESK_EVENT_CHANNEL, IPC_METHODS, ipcContract, type DeskEvent } from '../../common/ipc-contract';
import { err } from '../../common/result';
import { createDispatcher } from '../ipc/dispatch';
import { SANDBOX_DEMO_KEY } from '../sandbox/demo-key';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-server';
import { createDeskServices, type DeskServices } from '../services/desk-services';
import type { KeyringBackend } from '../services/keychain';
import { createConsoleLogger, type Logger } from '../services/logger';
import { startsHidden } from './autostart';
import {
  applyLaunchAtLogin,
  createDeskTray,
  describeSessionProxy,
  exportPorts,
  openedAtLogin,
  openFolder,
  watchPower,
} from './desktop';
import type { ElectronFacade, FacadeFrame, FacadeWindow } from './electron-facade';
import type { ElectronLoggerOptions } from './electron-logger';
import { saveExportFile } from './export-file';
import { hardenSession, hardenWebContents, registerAppProtocol } from './hardening';
import { createLifecycle } from './lifecycle';
import { adaptNetFetch } from './net-fetch';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  appMenuTemplate,
  createWebPreferences,
  DEEP_LINK_SCHEME,
  devToolsPolicy,
  isTrustedSender,
  parseDeepLink,
  parseDevServerUrl,
} from './security';
import { updateMode } from './update-policy';
import { createUpdateController, readMacSigning, readPackageType, type UpdaterPort } from './updates';

const PRODUCT_NAME = 'BizKitHub Complaints Desk';
const APP_USER_MODEL_ID = 'com.bizkithub.complaintsdesk';
const KEYCHAIN = { service: PRODUCT_NAME, account: 'api-key' } as const;

/** The parts of Node's `process` the startup reads and listens to. */
export type DeskProcess = Pick<
  NodeJS.Process,
  'argv' | 'env' | 'platform' | 'execPath' | 'defaultApp' | 'resourcesPath'
> & {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
};

export interface DeskAppDeps {
  electron: ElectronFacade;
  process: DeskProcess;
  /** main.log's writer (./electron-logger.ts in the app). */
  createLogger(options: ElectronLoggerOptions): Logger;
  /** electron-updater behind the port (./updates.ts); only called when updates are on. */
  createUpdaterPort(log: Logger): UpdaterPort;
  /** The keychain slot; absent: the OS credential store (../services/keychain.ts). */
  keyringBackend?: KeyringBackend;
}

/** What a test may look at once the app has started. */
export interface DeskApp {
  /** Resolves when `ready` has been handled: services up, IPC registered, window created. */
  ready: Promise<void>;
  services(): DeskServices | null;
  window(): FacadeWindow | null;
}

/** The app's startup: call once, before Electron's `ready`. */
export function startDeskApp(deps: DeskAppDeps): DeskApp {
  const { electron, process } = deps;
  const { app, BrowserWindow, Menu, Notification, dialog, ipcMain, net, powerMonitor, protocol } = electron;

  // Must happen before `ready`: `app:` is a standard, secure origin (IndexedDB, fetch).
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
  app.enableSandbox();

  /** In a packaged app the dev server is never used, whatever the environment says. */
  const devServer = app.isPackaged ? null : parseDevServerUrl(process.env.VITE_DEV_SERVER_URL);
  const appOrigin = devServer ? devServer.origin : APP_ORIGIN;
  const entryUrl = devServer ? devServer.href : APP_ENTRY_URL;
  /** DevTools: closed in packaged builds unless support starts the app with BIZKITHUB_DESK_DEVTOOLS=1. */
  const devTools = devToolsPolicy({ isPackaged: app.isPackaged, env: process.env });

  let log: Logger = createConsoleLogger(); // replaced by the file logger once paths are known
  let services: DeskServices | null = null;
  let mainWindow: FacadeWindow | null = null;
  /** A deep link waits here until the page has loaded. */
  let pendingComplaintId: string | null = deepLinkIn(process.argv);
  let rendererLoaded = false;
  let demoSandbox: Promise<Sandbox> | null = null;
  let stopUpdates = () => {};

  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  const lifecycle = createLifecycle({
    platform: process.platform,
    osLocale: () => app.getLocale(),
    log: () => log,
    services: () => services,
    window: liveWindow,
    entryUrl,
    createTray: (actions) => createDeskTray(electron, process.platform, PRODUCT_NAME, actions, log),
    openedAtLogin: () => openedAtLogin(app),
    applyLaunchAtLogin: (enabled) => applyLaunchAtLogin(app, enabled, PRODUCT_NAME, log),
    focusWindow,
    emit,
    notify: showNotification,
    ask: async (text) => {
      const options = { type: 'warning' as const, ...text, defaultId: 1, cancelId: 1, noLink: true };
      return (await dialog.showMessageBox(liveWindow(), options)).response;
    },
    showError: (message) => dialog.showErrorBox(PRODUCT_NAME, message),
    dispose: async () => {
      stopUpdates();
      await services?.dispose().catch((cause: unknown) => log.warn('services dispose failed', { error: cause }));
      const started = await demoSandbox?.catch(() => null);
      await started?.close().catch((cause: unknown) => log.warn('sandbox close failed', { error: cause }));
    },
    quit: () => app.quit(),
  });

  function focusWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) {
      if (app.isReady() && services) createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  /** Events go only to the app's own page, never to whatever a frame navigated to. */
  function emit(event: DeskEvent): void {
    lifecycle.observe(event);
    const contents = liveWindow()?.webContents ?? null;
    if (!contents || contents.isDestroyed()) return;
    if (!isTrustedSender(contents.mainFrame, appOrigin)) return;
    contents.send(DESK_EVENT_CHANNEL, event);
  }

  function openComplaint(id: string): void {
    if (rendererLoaded && liveWindow()) emit({ type: 'open-complaint', id });
    else pendingComplaintId = id;
  }

  function startDemoSandbox(): Promise<{ url: string; demoKey: string }> {
    demoSandbox ??= startSandbox({ port: 0 }).catch((cause: unknown) => {
      demoSandbox = null; // let a later call try again
      throw cause;
    });
    return demoSandbox.then((s) => ({ url: s.url, demoKey: SANDBOX_DEMO_KEY }));
  }

  function showNotification(title: string, body: string): boolean {
    if (!Notification.isSupported()) return false;
    const notification = new Notification({ title, body });
    notification.on('click', focusWindow);
    notification.show();
    return true;
  }

  /** Outbox requests in flight through main: an update restart waits for them. */
  const SEND_CHANNELS: ReadonlySet<string> = new Set([ipcContract.setComplaintStatus.name, ipcContract.createComplaint.name]);
  let sendsInFlight = 0;
  let activityChanged = () => {};

  function registerIpc(current: DeskServices): void {
    const dispatch = createDispatcher(current.handlers, log);
    for (const method of IPC_METHODS) {
      const channel = ipcContract[method].name;
      ipcMain.handle(channel, async (event: { senderFrame: FacadeFrame | null }, input: unknown) => {
        if (!isTrustedSender(event.senderFrame, appOrigin)) {
          log.warn('IPC refused: the sender is not the app page', { channel });
          return err({ kind: 'forbidden', message: 'This page may not use the desk API.' });
        }
        if (!SEND_CHANNELS.has(channel)) return dispatch(channel, input);
        sendsInFlight += 1;
        try {
          return await dispatch(channel, input);
        } finally {
          sendsInFlight -= 1;
          activityChanged();
        }
      });
    }
  }

  /** electron-updater, per update-policy.ts: off in development, notify-only where it cannot install. */
  function startUpdates() {
    const { mode, reason } = updateMode({
      isPackaged: app.isPackaged,
      platform: process.platform,
      env: process.env,
      packageType: readPackageType(process.resourcesPath),
      macSigning: process.platform === 'darwin' ? readMacSigning(process.resourcesPath) : null,
    });
    log.info('updates', { mode, reason });
    const controller = createUpdateController({
      mode,
      currentVersion: app.getVersion(),
      locale: lifecycle.language,
      port: mode === 'off' ? null : deps.createUpdaterPort(log),
      activity: () => ({ pending: services?.pendingCount() ?? 0, sending: sendsInFlight }),
      emit,
      notify: (title, body) => void showNotification(title, body),
      log,
      beforeRestart: lifecycle.restartingForUpdate,
    });
    controller.start();
    stopUpdates = () => controller.stop();
    activityChanged = () => controller.activityChanged();
    return controller;
  }

  function createWindow(): void {
    const preload = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
    const win = new BrowserWindow({
      width: 1280,
      height: 860,
      minWidth: 760,
      minHeight: 520,
      show: false,
      title: PRODUCT_NAME,
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

    win.loadURL(entryUrl).catch((cause: unknown) => log.error('loading the renderer failed', { error: cause }));
  }

  async function onReady(): Promise<void> {
    log = deps.createLogger({ file: path.join(app.getPath('logs'), 'main.log'), console: !app.isPackaged });
    log.info('starting', { version: app.getVersion(), dev: devServer !== null });
    if (devTools.devTools) log.warn('DevTools are enabled', { reason: devTools.reason });
    else log.info('DevTools are disabled (set BIZKITHUB_DESK_DEVTOOLS=1 to open them for support)');
    log.info('OS encryption for local data', { available: electron.safeStorage.isEncryptionAvailable() });
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, devTools: devTools.devTools })));

    hardenSession(electron.session.defaultSession);
    lifecycle.start(startsHidden(process.argv, false));
    registerAppProtocol(protocol, path.join(app.getAppPath(), 'dist', 'renderer'));
    const updater = startUpdates();

    services = await createDeskServices({
      host: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      locale: app.getLocale(),
      userDataDir: app.getPath('userData'),
      keychain: deps.keyringBackend ? { ...KEYCHAIN, backend: deps.keyringBackend } : KEYCHAIN,
      startDemoSandbox,
      isOsOnline: () => net.isOnline(),
      log,
      emit,
      showNotification: (title, body) => {
        lifecycle.rendererNotified();
        return showNotification(title, body);
      },
      onPendingReport: (pending) => {
        app.setBadgeCount(pending);
        activityChanged();
        lifecycle.pendingReported(pending);
      },
      updates: updater,
      // Chromium's network stack: the session's proxy and PAC, the OS certificate store.
      fetch: adaptNetFetch((input, init) => net.fetch(input, init)),
      describeProxy: (url) => describeSessionProxy(electron.session.defaultSession, url),
      saveExport: (fileName, contents) =>
        saveExportFile(exportPorts(electron, () => (liveWindow()?.isVisible() ? liveWindow() : null)), fileName, contents),
      logFolder: app.getPath('logs'),
      openFolder: (folder) => openFolder(electron.shell, folder),
    });
    watchPower(powerMonitor, lifecycle.wake);
    lifecycle.syncLaunchAtLogin();
    registerIpc(services);
    createWindow();
  }

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), services: () => null, window: () => null };
  }

  app.setAppUserModelId(APP_USER_MODEL_ID);
  if (process.defaultApp && process.argv[1] !== undefined) {
    // `electron .` in development: register the deep link with the script path.
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }

  app.on('second-instance', (_event, argv) => {
    focusWindow();
    const id = deepLinkIn(argv);
    if (id !== null) openComplaint(id);
  });
  // macOS delivers deep links as open-url (also before `ready`).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const id = parseDeepLink(url);
    if (id !== null) openComplaint(id);
    focusWindow();
  });

  hardenWebContents(app, appOrigin, () => log);

  // macOS Dock icon: the window may be hidden in the background, or closed.
  app.on('activate', () => {
    if (services) focusWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => lifecycle.beforeQuit(event));
  app.on('will-quit', (event) => lifecycle.willQuit(event));

  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));

  const ready = app
    .whenReady()
    .then(onReady)
    .catch((cause: unknown) => {
      lifecycle.startupFailed(cause);
      app.exit(1);
    });
  return { ready, services: () => services, window: liveWindow };
}

function deepLinkIn(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const id = parseDeepLink(arg);
    if (id !== null) return id;
  }
  return null;
}
