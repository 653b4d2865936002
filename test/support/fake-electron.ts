/**
 * A fake of main's Electron facade (electron/main/electron-facade.ts), for starting main's
 * real startup under Node: it records what main asks of Electron (windows, IPC handlers,
 * tray menus, dialogs, requests) and lets a test play Electron's part (ready, a window's
 * close, powerMonitor resume, the app's quit sequence, the dialog's answer).
 *
 * `app.quit()` behaves as Electron's: `before-quit`, then (if nobody prevented it)
 * `will-quit`, then (if nobody prevented that either) the app has quit.
 */
import type {
  ElectronFacade,
  FacadeFrame,
  FacadeMenuEntry,
  FacadeNewContents,
  FacadeSession,
  FacadeTray,
  FacadeWindow,
  FacadeWindowOptions,
  MessageBoxOptions,
  PreventableEvent,
} from '../../electron/main/electron-facade';

type Listener = (...args: never[]) => unknown;

/** Electron-style `on` / `once` / `emit` over named listeners. */
class Emitter {
  private readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }

  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => !l.once),
    );
    for (const l of list) (l.fn as (...a: unknown[]) => unknown)(...args);
  }

  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event a listener may cancel; says whether one did. */
export function preventable(extra: Record<string, unknown> = {}): PreventableEvent & { prevented: boolean } {
  const event = {
    ...extra,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends Emitter {
  readonly mainFrame: FacadeFrame = { url: 'app://desk/index.html', parent: null };
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  destroyed = false;
  isDestroyed = () => this.destroyed;
  send = (channel: string, payload: unknown) => void this.sent.push({ channel, payload });
  closeDevTools = () => {};
}

export class FakeWindow extends Emitter implements FacadeWindow {
  readonly webContents = new FakeWebContents();
  readonly loads: string[] = [];
  visible = false;
  destroyed = false;
  focused = 0;
  constructor(readonly options: FacadeWindowOptions) {
    super();
  }
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  isVisible = () => this.visible;
  restore = () => {};
  show = () => {
    this.visible = true;
  };
  hide = () => {
    this.visible = false;
  };
  focus = () => {
    this.focused += 1;
  };
  loadURL = async (url: string) => {
    this.loads.push(url);
  };
  /** The user closes the window: `close` (cancellable), then `closed` unless it was prevented. */
  userCloses(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (event.prevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export class FakeTray extends Emitter implements FacadeTray {
  tooltip = '';
  menu: FacadeMenuEntry[] = [];
  destroyed = false;
  setToolTip = (text: string) => {
    this.tooltip = text;
  };
  setContextMenu = (menu: object) => {
    this.menu = (menu as { template: FacadeMenuEntry[] }).template;
  };
  destroy = () => {
    this.destroyed = true;
  };
  /** The labels of the tray's menu, separators left out. */
  labels(): string[] {
    return this.menu.filter((e) => e.type !== 'separator').map((e) => e.label ?? '');
  }
}

export interface FakeElectron {
  facade: ElectronFacade;
  app: Emitter & { quitCalls: number; exitCode: number | null; quitted: boolean; badge: number | null };
  windows: FakeWindow[];
  trays: FakeTray[];
  /** ipcMain.handle's handlers by channel name. */
  ipc: Map<string, (event: { senderFrame: FacadeFrame | null }, input: unknown) => Promise<unknown>>;
  powerMonitor: Emitter;
  messageBoxes: Array<{ parent: FacadeWindow | null; options: MessageBoxOptions }>;
  /** The answer (button index) the next message boxes give. */
  answers: number[];
  errorBoxes: Array<{ title: string; content: string }>;
  fetches: Array<{ url: string; method: string }>;
  schemes: unknown[];
  session: FacadeSession & {
    permissionRequest?: Parameters<FacadeSession['setPermissionRequestHandler']>[0];
    permissionCheck?: Parameters<FacadeSession['setPermissionCheckHandler']>[0];
  };
  /** Every webContents main hardens (`web-contents-created`). */
  createContents(): FacadeNewContents & Emitter & { openHandler?: () => { action: 'deny' } };
}

export interface FakeElectronOptions {
  isPackaged?: boolean;
  locale?: string;
  /** Where getPath('logs' | 'userData' | 'downloads') point. */
  dir: string;
}

export function fakeElectron(o: FakeElectronOptions): FakeElectron {
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const ipc: FakeElectron['ipc'] = new Map();
  const powerMonitor = new Emitter();
  const messageBoxes: FakeElectron['messageBoxes'] = [];
  const answers: number[] = [];
  const errorBoxes: FakeElectron['errorBoxes'] = [];
  const fetches: FakeElectron['fetches'] = [];
  const schemes: unknown[] = [];
  let ready = false;

  const app = Object.assign(new Emitter(), { quitCalls: 0, exitCode: null as number | null, quitted: false, badge: null as number | null });
  const appFacade: ElectronFacade['app'] = {
    isPackaged: o.isPackaged ?? true,
    enableSandbox: () => {},
    requestSingleInstanceLock: () => true,
    setAppUserModelId: () => {},
    setAsDefaultProtocolClient: () => true,
    whenReady: async () => {
      ready = true;
    },
    isReady: () => ready,
    getLocale: () => o.locale ?? 'en-US',
    getVersion: () => '1.2.3',
    getAppPath: () => '/opt/desk/resources/app.asar',
    getPath: () => o.dir,
    setBadgeCount: (count) => {
      app.badge = count;
      return true;
    },
    setLoginItemSettings: () => {},
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    quit: () => {
      app.quitCalls += 1;
      const before = preventable();
      app.emit('before-quit', before);
      if (before.prevented) return;
      const will = preventable();
      app.emit('will-quit', will);
      if (!will.prevented) app.quitted = true;
    },
    exit: (code) => {
      app.exitCode = code;
    },
    on: (event: string, listener: Listener) => app.on(event, listener),
  };

  const session: FakeElectron['session'] = {
    setPermissionRequestHandler: (handler) => {
      session.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler) => {
      session.permissionCheck = handler;
    },
    setDevicePermissionHandler: () => {},
    on: () => undefined,
    resolveProxy: async () => 'DIRECT',
  };

  const facade: ElectronFacade = {
    app: appFacade,
    BrowserWindow: class extends FakeWindow {
      constructor(options: FacadeWindowOptions) {
        super(options);
        windows.push(this);
      }
    },
    Tray: class extends FakeTray {
      constructor() {
        super();
        trays.push(this);
      }
    },
    Menu: {
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu: () => {},
    },
    nativeImage: {
      createFromBuffer: () => {
        const image = { resize: () => image };
        return image;
      },
    },
    Notification: class extends Emitter {
      static isSupported = () => false;
      show = () => {};
    },
    powerMonitor: { on: (event, listener) => powerMonitor.on(event, listener) },
    dialog: {
      showMessageBox: async (parent, options) => {
        messageBoxes.push({ parent, options });
        return { response: answers.shift() ?? options.cancelId };
      },
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: (title, content) => void errorBoxes.push({ title, content }),
    },
    net: {
      isOnline: () => true,
      fetch: async (url, init) => {
        fetches.push({ url, method: init?.method ?? 'GET' });
        return new Response(null, { status: 200 });
      },
    },
    safeStorage: { isEncryptionAvailable: () => false },
    ipcMain: {
      handle: (channel, listener) => {
        if (ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipc.set(channel, listener);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (list) => void schemes.push(...list),
      handle: () => {},
    },
    session: { defaultSession: session },
    shell: { openPath: async () => '' },
  };

  return {
    facade,
    app,
    windows,
    trays,
    ipc,
    powerMonitor,
    messageBoxes,
    answers,
    errorBoxes,
    fetches,
    schemes,
    session,
    createContents() {
      const contents = Object.assign(new Emitter(), {
        openHandler: undefined as undefined | (() => { action: 'deny' }),
        setWindowOpenHandler(handler: () => { action: 'deny' }) {
          contents.openHandler = handler;
        },
      });
      app.emit('web-contents-created', preventable(), contents);
      return contents;
    },
  };
}
