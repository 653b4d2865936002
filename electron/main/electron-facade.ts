/**
 * The part of Electron that main's wiring uses, as a plain interface (no Electron import):
 * ./desk-app.ts starts the app against it, ./electron-real.ts implements it with the real
 * `electron` module, and a Node test starts the same wiring against a fake of it, so the
 * wiring runs without the Electron binary.
 *
 * Only the members main calls are here, each typed as narrowly as main uses it: a fake
 * then implements what main really touches, and nothing else. Windows and webContents are
 * the facade's own handles (`FacadeWindow`), so a dialog's parent is always a window the
 * facade made.
 */

/** An event whose default action a listener may cancel (Electron's `Event`). */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The frame an IPC message came from, or a page's main frame (`WebFrameMain`). */
export interface FacadeFrame {
  url: string;
  /** The parent frame; null for a main frame. */
  parent: unknown;
}

export interface FacadeWebContents {
  readonly mainFrame: FacadeFrame;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  closeDevTools(): void;
  on(event: 'devtools-opened' | 'did-start-loading' | 'did-finish-load', listener: () => void): unknown;
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown;
}

/** What main passes to `new BrowserWindow(...)`. */
export interface FacadeWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    webSecurity: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
    backgroundThrottling: boolean;
    devTools: boolean;
    preload: string;
  };
}

export interface FacadeWindow {
  readonly webContents: FacadeWebContents;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  hide(): void;
  focus(): void;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

/** Every webContents the app creates, as `web-contents-created` hands it over (hardening). */
export interface FacadeNewContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent & { url: string }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface FacadeApp {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  setAppUserModelId(id: string): void;
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean;
  whenReady(): Promise<unknown>;
  isReady(): boolean;
  getLocale(): string;
  getVersion(): string;
  getAppPath(): string;
  getPath(name: 'logs' | 'userData' | 'downloads'): string;
  setBadgeCount(count: number): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
  quit(): void;
  exit(code: number): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'activate' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit' | 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: FacadeNewContents) => void): unknown;
}

/** An opaque menu: built by `Menu.buildFromTemplate`, handed to a tray or the app. */
export type FacadeMenu = object;

/** A menu entry as main builds them (the application menu and the tray's). */
export interface FacadeMenuEntry {
  role?: string;
  label?: string;
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
  submenu?: FacadeMenuEntry[];
}

export interface FacadeImage {
  resize(size: { width: number; height: number }): FacadeImage;
}

export interface FacadeTray {
  setToolTip(text: string): void;
  setContextMenu(menu: FacadeMenu): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface FacadeNotification {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface MessageBoxOptions {
  type: 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
}

export interface SaveDialogOptions {
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

export interface FacadeSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details?: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
  /** Chromium's answer for which proxy a request to `url` takes (`DIRECT`, `PROXY host:port`, …). */
  resolveProxy(url: string): Promise<string>;
}

export interface PrivilegedScheme {
  scheme: string;
  privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean; codeCache: boolean };
}

export interface ElectronFacade {
  app: FacadeApp;
  BrowserWindow: new (options: FacadeWindowOptions) => FacadeWindow;
  Tray: new (image: FacadeImage) => FacadeTray;
  Menu: {
    buildFromTemplate(template: FacadeMenuEntry[]): FacadeMenu;
    setApplicationMenu(menu: FacadeMenu): void;
  };
  nativeImage: { createFromBuffer(buffer: Buffer): FacadeImage };
  Notification: {
    new (options: { title: string; body: string }): FacadeNotification;
    isSupported(): boolean;
  };
  powerMonitor: {
    on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  };
  dialog: {
    /** `parent` null: an application-wide box. */
    showMessageBox(parent: FacadeWindow | null, options: MessageBoxOptions): Promise<{ response: number }>;
    showSaveDialog(
      parent: FacadeWindow | null,
      options: SaveDialogOptions,
    ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
    showErrorBox(title: string, content: string): void;
  };
  net: {
    isOnline(): boolean;
    fetch(input: string, init?: RequestInit): Promise<Response>;
  };
  /** OS-backed encryption of small secrets (Keychain, DPAPI, the Secret Service). */
  safeStorage: {
    isEncryptionAvailable(): boolean;
  };
  ipcMain: {
    handle(
      channel: string,
      listener: (event: { senderFrame: FacadeFrame | null }, input: unknown) => Promise<unknown>,
    ): void;
  };
  protocol: {
    registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  session: { readonly defaultSession: FacadeSession };
  shell: {
    /** '' on success, else the reason. */
    openPath(path: string): Promise<string>;
  };
}
