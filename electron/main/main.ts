/**
 * Electron main process: thin glue around the shared services and the pure security
 * functions in `security.ts`. Bundled by scripts/build-electron.mjs to dist/electron/main.cjs.
 *
 * - one instance (a second one focuses the window and forwards its deep link)
 * - the renderer is served from `app://desk/` (privileged standard secure scheme) with
 *   the CSP header, through `resolveAppPath`; in development from the Vite dev server
 * - one BrowserWindow with `createWebPreferences`; no new windows, no foreign
 *   navigation, no <webview>, every permission denied
 * - DevTools and the menu entries that open them only in development, or when support
 *   starts a packaged app with BIZKITHUB_DESK_DEVTOOLS=1 (logged)
 * - every IPC channel of the contract: sender check, then the shared dispatcher
 * - quitting with unsent changes asks first, and never discards them
 * - background (issue 12): closing the window with unsent changes (or always, with "Keep
 *   running in the background") hides it to the tray; the renderer keeps sending
 *   (backgroundThrottling off). Wake and network-back probe and flush at once. The API
 *   client uses net.fetch (session proxy, PAC, OS certificates). Renderer errors reach
 *   main.log; a gone renderer is reloaded. Launch at login. See ./desktop.ts, ./background.ts.
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  type IpcMainInvokeEvent,
} from 'electron';
import { autoUpdater } from 'electron-updater';
import { DESK_EVENT_CHANNEL, IPC_METHODS, ipcContract, type DeskEvent } from '../../common/ipc-contract';
import { err } from '../../common/result';
import { createDispatcher } from '../ipc/dispatch';
import { SANDBOX_DEMO_KEY } from '../sandbox/demo-key';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-server';
import { createDeskServices, type DeskServices } from '../services/desk-services';
import { createConsoleLogger, type Logger } from '../services/logger';
import { startsHidden } from './autostart';
import { createBackgroundController } from './background-controller';
import { describeSessionProxy, exportPorts, openFolder, watchPower } from './desktop';
import { createElectronLogger } from './electron-logger';
import { saveExportFile } from './export-file';
import { hardenSession, hardenWebContents, registerAppProtocol } from './hardening';
import { adaptNetFetch } from './net-fetch';
import { quitDialogText } from './quit-dialog';
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
import {
  createElectronUpdaterPort,
  createUpdateController,
  readMacSigning,
  readPackageType,
  type UpdateController,
} from './updates';

const PRODUCT_NAME = 'BizKitHub Complaints Desk';
const APP_USER_MODEL_ID = 'com.bizkithub.complaintsdesk';
const KEYCHAIN = { service: PRODUCT_NAME, account: 'api-key' } as const;
const DISPOSE_TIMEOUT_MS = 5000;
const UPDATE_RESTART_GRACE_MS = 30_000;

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
let mainWindow: BrowserWindow | null = null;
let rendererLoaded = false;
let pendingComplaintId: string | null = null;
let sandbox: Promise<Sandbox> | null = null;
type QuitState = 'running' | 'confirmed' | 'disposing' | 'disposed';
let quitState: QuitState = 'running';
let confirmingQuit = false;
let updates: UpdateController | null = null;
/** Outbox requests in flight through main: an update restart waits for them. */
const SEND_CHANNELS: ReadonlySet<string> = new Set([ipcContract.setComplaintStatus.name, ipcContract.createComplaint.name]);
let sendsInFlight = 0;
/** Tray, hide-on-close, the drain notice, crash reloads, launch at login (issue 12). */
const background = createBackgroundController({
  productName: PRODUCT_NAME,
  locale: () => app.getLocale(),
  log: () => log,
  services: () => services,
  window: () => mainWindow,
  isQuitting: () => quitState !== 'running',
  entryUrl,
  focusWindow,
  requestQuit,
  quit: () => app.quit(),
  emit,
  notify: showNotification,
});

function deepLinkIn(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const id = parseDeepLink(arg);
    if (id !== null) return id;
  }
  return null;
}

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
  background.observe(event);
  const contents = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
  if (!contents || contents.isDestroyed()) return;
  if (!isTrustedSender(contents.mainFrame, appOrigin)) return;
  contents.send(DESK_EVENT_CHANNEL, event);
}

function openComplaint(id: string): void {
  if (rendererLoaded && mainWindow && !mainWindow.isDestroyed()) emit({ type: 'open-complaint', id });
  else pendingComplaintId = id;
}

function startDemoSandbox(): Promise<{ url: string; demoKey: string }> {
  sandbox ??= startSandbox({ port: 0 }).catch((cause: unknown) => {
    sandbox = null; // let a later call try again
    throw cause;
  });
  return sandbox.then((s) => ({ url: s.url, demoKey: SANDBOX_DEMO_KEY }));
}

function showNotification(title: string, body: string): boolean {
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ title, body });
  notification.on('click', focusWindow);
  notification.show();
  return true;
}

function registerIpc(current: DeskServices): void {
  const dispatch = createDispatcher(current, log);
  for (const method of IPC_METHODS) {
    const channel = ipcContract[method].name;
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
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
        updates?.activityChanged();
      }
    });
  }
}

/** electron-updater, per update-policy.ts: off in development, notify-only where it cannot install. */
function startUpdates(): UpdateController {
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
    locale: app.getLocale(),
    port: mode === 'off' ? null : createElectronUpdaterPort(autoUpdater, log),
    activity: () => ({ pending: services?.pendingCount() ?? 0, sending: sendsInFlight }),
    emit,
    notify: (title, body) => void showNotification(title, body),
    log,
    // The policy checked for unsent changes: let electron-updater's quit through. Should
    // the installer never take over, quitting asks about unsent changes again.
    beforeRestart: () => {
      quitState = 'confirmed';
      setTimeout(() => {
        if (quitState === 'confirmed') quitState = 'running';
      }, UPDATE_RESTART_GRACE_MS).unref();
    },
  });
  controller.start();
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

  const startHidden = background.takeStartHidden();
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
  win.webContents.on('render-process-gone', (_event, details) => background.onRendererGone(win, details));
  win.on('close', (event) => background.onClose(win, event));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  win.loadURL(entryUrl).catch((cause: unknown) => log.error('loading the renderer failed', { error: cause }));
}

async function confirmQuit(): Promise<boolean> {
  const pending = services?.pendingCount() ?? 0;
  if (pending <= 0) return true;
  const text = quitDialogText(pending, app.getLocale());
  const options: Electron.MessageBoxOptions = {
    type: 'warning',
    title: text.title,
    message: text.message,
    detail: text.detail,
    buttons: text.buttons,
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  log.info('quit with unsent changes', { pending, quit: response === 0 });
  return response === 0;
}

function requestQuit(): void {
  if (confirmingQuit) return;
  confirmingQuit = true;
  confirmQuit()
    .catch((cause: unknown) => {
      log.error('quit confirmation failed', { error: cause });
      return true; // quitting keeps the changes anyway
    })
    .then((quit) => {
      confirmingQuit = false;
      if (quit) {
        quitState = 'confirmed';
        app.quit();
      } else {
        focusWindow();
      }
    })
    .catch(() => undefined);
}

async function disposeAll(): Promise<void> {
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
  updates?.stop();
  background.stop();
  const work = (async () => {
    await services?.dispose().catch((cause: unknown) => log.warn('services dispose failed', { error: cause }));
    const started = await sandbox?.catch(() => null);
    await started?.close().catch((cause: unknown) => log.warn('sandbox close failed', { error: cause }));
  })();
  await Promise.race([work, timeout]);
}

async function onReady(): Promise<void> {
  log = createElectronLogger({ file: path.join(app.getPath('logs'), 'main.log'), console: !app.isPackaged });
  log.info('starting', { version: app.getVersion(), dev: devServer !== null });
  if (devTools.devTools) log.warn('DevTools are enabled', { reason: devTools.reason });
  else log.info('DevTools are disabled (set BIZKITHUB_DESK_DEVTOOLS=1 to open them for support)');
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, devTools: devTools.devTools })));

  hardenSession();
  background.start(startsHidden(process.argv, false));
  registerAppProtocol(path.join(app.getAppPath(), 'dist', 'renderer'));
  const updater = startUpdates();
  updates = updater;

  services = await createDeskServices({
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    userDataDir: app.getPath('userData'),
    keychain: KEYCHAIN,
    startDemoSandbox,
    isOsOnline: () => net.isOnline(),
    log,
    emit,
    showNotification: (title, body) => {
      background.rendererNotified();
      return showNotification(title, body);
    },
    onPendingReport: (pending) => {
      app.setBadgeCount(pending);
      updates?.activityChanged();
      background.pendingReported(pending);
    },
    updates: updater,
    // Chromium's network stack: the session's proxy and PAC, the OS certificate store.
    fetch: adaptNetFetch((input, init) => net.fetch(input, init)),
    describeProxy: describeSessionProxy,
    saveExport: (fileName, contents) =>
      saveExportFile(exportPorts(() => (mainWindow && !mainWindow.isDestroyed() && mainWindow.isVisible() ? mainWindow : null)), fileName, contents),
    logFolder: app.getPath('logs'),
    openFolder,
  });
  const current = services;
  watchPower((reason) => void current.wake(reason));
  background.syncLaunchAtLogin();
  registerIpc(services);
  createWindow();
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  app.setAppUserModelId(APP_USER_MODEL_ID);
  if (process.defaultApp && process.argv[1] !== undefined) {
    // `electron .` in development: register the deep link with the script path.
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  pendingComplaintId = deepLinkIn(process.argv);

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

  hardenWebContents(appOrigin, () => log);

  // macOS Dock icon: the window may be hidden in the background, or closed.
  app.on('activate', () => {
    if (services) focusWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitState !== 'running') return;
    event.preventDefault();
    requestQuit();
  });
  app.on('will-quit', (event) => {
    if (quitState === 'disposed') return;
    event.preventDefault();
    if (quitState === 'disposing') return;
    quitState = 'disposing';
    void disposeAll().finally(() => {
      quitState = 'disposed';
      app.quit();
    });
  });

  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));

  app
    .whenReady()
    .then(onReady)
    .catch((cause: unknown) => {
      log.error('startup failed', { error: cause });
      dialog.showErrorBox(PRODUCT_NAME, 'The app could not start. Details are in the log file.');
      quitState = 'disposed';
      app.exit(1);
    });
}

main();
