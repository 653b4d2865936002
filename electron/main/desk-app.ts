/**
 * The desktop app's startup: thin glue between Electron (through ./electron-facade.ts),
 * the shared services and the pure rules beside it. ./main.ts calls `startDeskApp` with the
 * real Electron; a Node test calls it with a fake, so this wiring runs under test although
 * the Electron binary cannot run there.
 *
 * - one instance (a second one focuses the window and forwards its deep link)
 * - the renderer is served from `app://desk/` (privileged standard secure scheme) with the
 *   CSP header, through `resolveAppPath`; in development from the Vite dev server
 * - one BrowserWindow with `createWebPreferences` (./desk-window.ts); no new windows, no
 *   foreign navigation, no <webview>, every permission denied (./hardening.ts)
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
import { resolveAppLanguage } from '../../common/language';
import { IPC_METHODS, ipcContract } from '../../common/ipc-contract';
import { err } from '../../common/result';
import { createDispatcher } from '../ipc/dispatch';
import { SANDBOX_DEMO_KEY } from '../sandbox/demo-key';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-server';
import { sandboxStateFile } from '../sandbox/state-file';
import { createKeychainDataKeyStore, dataKeyAccount } from '../services/data-key-store';
import { createDeskServices, type DeskServices } from '../services/desk-services';
import { loadPolicy, logPolicy, POLICY_FILE_ENV, type Policy } from '../services/policy/policy-service';
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
import { createDeskWindow, type DeskWindow } from './desk-window';
import type { ElectronFacade, FacadeFrame, FacadeWindow } from './electron-facade';
import type { ElectronLoggerOptions } from './electron-logger';
import { saveExportFile } from './export-file';
import { hardenSession, hardenWebContents, registerAppProtocol } from './hardening';
import { createLifecycle, type Lifecycle } from './lifecycle';
import { adaptNetFetch } from './net-fetch';
import { refusedStartupSwitches, refusedSwitchesText, type RefusedSwitch } from './startup-switches';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  appMenuTemplate,
  DEEP_LINK_SCHEME,
  devToolsPolicy,
  withDevToolsPolicy,
  isTrustedSender,
  parseDeepLink,
  parseDevServerUrl,
} from './security';
import { updateMode } from './update-policy';
import { createUpdateController, readMacSigning, readPackageType, type UpdaterPort } from './updates';

const PRODUCT_NAME = 'BizKitHub Complaints Desk';
const APP_USER_MODEL_ID = 'com.bizkithub.complaintsdesk';
const KEYCHAIN = { service: PRODUCT_NAME, account: 'api-key' } as const;
/** Outbox requests in flight through main: an update restart waits for them. */
const SEND_CHANNELS: ReadonlySet<string> = new Set([ipcContract.setComplaintStatus.name, ipcContract.createComplaint.name]);

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
  /** The data key's keychain slot; absent: the OS credential store (../services/data-key-store.ts). */
  dataKeyringBackend?: KeyringBackend;
  /** IT policy; absent: read from the OS source (or DESK_POLICY_FILE) by ../services/policy/. */
  loadPolicy?: () => Policy;
}

/** What a test may look at once the app has started. */
export interface DeskApp {
  /** Resolves when `ready` has been handled: services up, IPC registered, window created. */
  ready: Promise<void>;
  services(): DeskServices | null;
  window(): FacadeWindow | null;
}

/** What the startup's steps share; `log`, `services` and the hooks change once `ready` is handled. */
interface DeskAppContext {
  deps: DeskAppDeps;
  appOrigin: string;
  devServer: URL | null;
  devTools: { devTools: boolean; reason: string };
  policy: Policy;
  log: Logger;
  services: DeskServices | null;
  lifecycle: Lifecycle;
  windows: DeskWindow;
  sendsInFlight: number;
  /** The updater heard that the outbox or the sends in flight changed. */
  activityChanged(): void;
  stopUpdates(): void;
  demoSandbox: Promise<Sandbox> | null;
}

/** The app's startup: call once, before Electron's `ready`. */
export function startDeskApp(deps: DeskAppDeps): DeskApp {
  const { electron, process } = deps;
  const { app, dialog, protocol } = electron;

  // First: a packaged app started with switches that redirect or expose its traffic does
  // nothing else (no window, no IPC, no request). Development keeps `--inspect` usable.
  const refused = app.isPackaged ? refusedStartupSwitches(process.argv.slice(1), process.env, process.platform) : [];
  if (refused.length > 0) return refuseToStart(deps, refused);

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
  // Policy is read before anything it governs (DevTools, updates, the API, demo mode).
  // A packaged app reads only the OS source: DESK_POLICY_FILE would let anyone replace IT's policy.
  const policyEnv = app.isPackaged ? { ...process.env, [POLICY_FILE_ENV]: undefined } : process.env;
  const policy = deps.loadPolicy ? deps.loadPolicy() : loadPolicy({ platform: process.platform, env: policyEnv });
  /** DevTools: closed in packaged builds unless support starts the app with BIZKITHUB_DESK_DEVTOOLS=1; policy wins. */
  const devTools = withDevToolsPolicy(devToolsPolicy({ isPackaged: app.isPackaged, env: process.env }), policy.enforced.devTools);

  const windows = createDeskWindow({
    electron,
    productName: PRODUCT_NAME,
    appOrigin,
    entryUrl,
    devTools,
    log: () => ctx.log,
    lifecycle: () => ctx.lifecycle,
    canCreate: () => app.isReady() && ctx.services !== null,
    initialComplaintId: deepLinkIn(process.argv),
  });
  const lifecycle = createLifecycle({
    platform: process.platform,
    osLocale: () => app.getLocale(),
    log: () => ctx.log,
    services: () => ctx.services,
    window: windows.current,
    entryUrl,
    createTray: (actions) => createDeskTray(electron, process.platform, PRODUCT_NAME, actions, ctx.log),
    openedAtLogin: () => openedAtLogin(app),
    applyLaunchAtLogin: (enabled) => applyLaunchAtLogin(app, enabled, PRODUCT_NAME, ctx.log),
    focusWindow: windows.focus,
    emit: windows.emit,
    notify: (title, body) => showNotification(ctx, title, body),
    ask: async (text) => {
      const options = { type: 'warning' as const, ...text, defaultId: 1, cancelId: 1, noLink: true };
      return (await dialog.showMessageBox(windows.current(), options)).response;
    },
    showError: (message) => dialog.showErrorBox(PRODUCT_NAME, message),
    dispose: () => disposeAll(ctx),
    quit: () => app.quit(),
  });
  const ctx: DeskAppContext = {
    deps,
    appOrigin,
    devServer,
    devTools,
    policy,
    log: createConsoleLogger(), // replaced by the file logger once paths are known
    services: null,
    lifecycle,
    windows,
    sendsInFlight: 0,
    activityChanged: () => {},
    stopUpdates: () => {},
    demoSandbox: null,
  };
  const started: DeskApp = { ready: Promise.resolve(), services: () => ctx.services, window: windows.current };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return started;
  }

  app.setAppUserModelId(APP_USER_MODEL_ID);
  if (process.defaultApp && process.argv[1] !== undefined) {
    // `electron .` in development: register the deep link with the script path.
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }

  app.on('second-instance', (_event, argv) => {
    windows.focus();
    const id = deepLinkIn(argv);
    if (id !== null) windows.openComplaint(id);
  });
  // macOS delivers deep links as open-url (also before `ready`).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const id = parseDeepLink(url);
    if (id !== null) windows.openComplaint(id);
    windows.focus();
  });

  hardenWebContents(app, appOrigin, () => ctx.log);

  // macOS Dock icon: the window may be hidden in the background, or closed.
  app.on('activate', () => {
    if (ctx.services) windows.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => lifecycle.beforeQuit(event));
  app.on('will-quit', (event) => lifecycle.willQuit(event));

  process.on('unhandledRejection', (reason) => ctx.log.error('unhandled rejection', { error: reason }));

  started.ready = app
    .whenReady()
    .then(() => onReady(ctx))
    .catch((cause: unknown) => {
      lifecycle.startupFailed(cause);
      app.exit(1);
    });
  return started;
}

/** Logs which switches (never their values), shows why in the OS language once Electron is ready, and exits. */
function refuseToStart(deps: DeskAppDeps, refused: readonly RefusedSwitch[]): DeskApp {
  const { app, dialog } = deps.electron;
  const ready = app.whenReady().then(() => {
    try {
      const log = deps.createLogger({ file: path.join(app.getPath('logs'), 'main.log'), console: !app.isPackaged });
      log.error('refusing to start: switches that redirect or expose network traffic', {
        switches: refused.map((r) => `${r.name} (${r.source})`),
      });
      dialog.showErrorBox(PRODUCT_NAME, refusedSwitchesText(resolveAppLanguage(undefined, app.getLocale()), refused));
    } finally {
      app.exit(1);
    }
  });
  return { ready, services: () => null, window: () => null };
}

async function onReady(ctx: DeskAppContext): Promise<void> {
  const { electron, process } = ctx.deps;
  const { app, Menu } = electron;
  const { devTools, lifecycle, windows } = ctx;
  const log = ctx.deps.createLogger({ file: path.join(app.getPath('logs'), 'main.log'), console: !app.isPackaged });
  ctx.log = log;
  log.info('starting', { version: app.getVersion(), dev: ctx.devServer !== null });
  logPolicy(ctx.policy, log);
  if (devTools.devTools) log.warn('DevTools are enabled', { reason: devTools.reason });
  else log.info('DevTools are disabled (set BIZKITHUB_DESK_DEVTOOLS=1 to open them for support)');
  log.info('OS encryption for local data', { available: electron.safeStorage.isEncryptionAvailable() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, devTools: devTools.devTools })));

  hardenSession(electron.session.defaultSession, ctx.appOrigin);
  lifecycle.start(startsHidden(process.argv, false));
  registerAppProtocol(electron.protocol, path.join(app.getAppPath(), 'dist', 'renderer'));
  const updater = startUpdates(ctx);

  const services = await createDeskServices({
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    userDataDir: app.getPath('userData'),
    keychain: ctx.deps.keyringBackend ? { ...KEYCHAIN, backend: ctx.deps.keyringBackend } : KEYCHAIN,
    // Customers' data is encrypted with this key; it lives in the keychain beside the API key.
    dataKeys: createKeychainDataKeyStore({
      service: KEYCHAIN.service,
      account: dataKeyAccount(KEYCHAIN.account),
      ...(ctx.deps.dataKeyringBackend ? { backend: ctx.deps.dataKeyringBackend } : {}),
      log,
    }),
    policy: ctx.policy,
    startDemoSandbox: () => startDemoSandbox(ctx),
    isOsOnline: () => electron.net.isOnline(),
    log,
    emit: windows.emit,
    showNotification: (title, body) => {
      lifecycle.rendererNotified();
      return showNotification(ctx, title, body);
    },
    onPendingReport: (pending) => {
      app.setBadgeCount(pending);
      ctx.activityChanged();
      lifecycle.pendingReported(pending);
    },
    updates: updater,
    // Chromium's network stack: the session's proxy and PAC, the OS certificate store.
    fetch: adaptNetFetch((input, init) => electron.net.fetch(input, init)),
    describeProxy: (url) => describeSessionProxy(electron.session.defaultSession, url),
    saveExport: (fileName, contents) =>
      saveExportFile(exportPorts(electron, () => (windows.current()?.isVisible() ? windows.current() : null)), fileName, contents),
    logFolder: app.getPath('logs'),
    openFolder: (folder) => openFolder(electron.shell, folder),
  });
  ctx.services = services;
  watchPower(electron.powerMonitor, lifecycle.wake);
  lifecycle.syncLaunchAtLogin();
  registerIpc(ctx, services);
  windows.create();
}

/** Every channel of the contract: the sender check, then the shared dispatcher. */
function registerIpc(ctx: DeskAppContext, current: DeskServices): void {
  const { ipcMain } = ctx.deps.electron;
  const { appOrigin, log } = ctx;
  const dispatch = createDispatcher(current, log);
  for (const method of IPC_METHODS) {
    const channel = ipcContract[method].name;
    ipcMain.handle(channel, async (event: { senderFrame: FacadeFrame | null }, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, appOrigin)) {
        log.warn('IPC refused: the sender is not the app page', { channel });
        return err({ kind: 'forbidden', message: 'This page may not use the desk API.' });
      }
      if (!SEND_CHANNELS.has(channel)) return dispatch(channel, input);
      ctx.sendsInFlight += 1;
      try {
        return await dispatch(channel, input);
      } finally {
        ctx.sendsInFlight -= 1;
        ctx.activityChanged();
      }
    });
  }
}

/** electron-updater, per update-policy.ts: off in development, notify-only where it cannot install. */
function startUpdates(ctx: DeskAppContext) {
  const { electron, process } = ctx.deps;
  const { app } = electron;
  const { log, lifecycle } = ctx;
  const { mode, reason } = updateMode({
    isPackaged: app.isPackaged,
    platform: process.platform,
    env: process.env,
    packageType: readPackageType(process.resourcesPath),
    macSigning: process.platform === 'darwin' ? readMacSigning(process.resourcesPath) : null,
    ...(ctx.policy.enforced.updates !== undefined ? { policy: ctx.policy.enforced.updates } : {}),
  });
  log.info('updates', { mode, reason });
  const controller = createUpdateController({
    mode,
    currentVersion: app.getVersion(),
    locale: lifecycle.language,
    port: mode === 'off' ? null : ctx.deps.createUpdaterPort(log),
    activity: () => ({ pending: ctx.services?.pendingCount() ?? 0, sending: ctx.sendsInFlight }),
    emit: ctx.windows.emit,
    notify: (title, body) => void showNotification(ctx, title, body),
    log,
    beforeRestart: lifecycle.restartingForUpdate,
  });
  controller.start();
  ctx.stopUpdates = () => controller.stop();
  ctx.activityChanged = () => controller.activityChanged();
  return controller;
}

function showNotification(ctx: DeskAppContext, title: string, body: string): boolean {
  const { Notification } = ctx.deps.electron;
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ title, body });
  notification.on('click', ctx.windows.focus);
  notification.show();
  return true;
}

function startDemoSandbox(ctx: DeskAppContext): Promise<{ url: string; demoKey: string }> {
  if (ctx.policy.enforced.demoMode === false) return Promise.reject(new Error('demo mode is off by policy'));
  // Its complaints kept beside the demo database in this profile: a restart meets the
  // statuses the app confirmed last time, not the seed again.
  const start = (): Promise<Sandbox> => {
    const state = sandboxStateFile(path.join(ctx.deps.electron.app.getPath('userData'), 'sandbox-complaints.json'));
    return startSandbox({ port: 0, state });
  };
  const sandbox = (ctx.demoSandbox ??= start().catch((cause: unknown) => {
    ctx.demoSandbox = null; // let a later call try again
    throw cause;
  }));
  return sandbox.then((s) => ({ url: s.url, demoKey: SANDBOX_DEMO_KEY }));
}

/** Before the process ends: the updater, the services and the demo sandbox. */
async function disposeAll(ctx: DeskAppContext): Promise<void> {
  const { log } = ctx;
  ctx.stopUpdates();
  await ctx.services?.dispose().catch((cause: unknown) => log.warn('services dispose failed', { error: cause }));
  const started = await ctx.demoSandbox?.catch(() => null);
  await started?.close().catch((cause: unknown) => log.warn('sandbox close failed', { error: cause }));
}

function deepLinkIn(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const id = parseDeepLink(arg);
    if (id !== null) return id;
  }
  return null;
}
