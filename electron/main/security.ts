/**
 * Pure security decisions for the Electron main process. No Electron import at runtime:
 * everything here is table-tested under plain Node. What the browser host shares with
 * main (the CSP, the static-file resolver) is in ../shared/.
 */
import { COMPLAINT_ID_PATTERN } from '../../common/api-schemas';

/** The app's own origin in production: pages are served from `app://desk/...`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL as `scheme://host[:port]`, lower-cased, or null when the URL is not
 * hierarchical, carries credentials (`app://desk@evil`) or does not parse.
 *
 * Node's `URL#origin` is the string "null" for schemes it does not know as special
 * (such as `app:`), so the origin is rebuilt from protocol and host instead.
 */
function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.host === '') return null; // javascript:, data:, about:blank, file:///...
  const protocol = parsed.protocol.toLowerCase();
  if (protocol === 'file:' || protocol === 'javascript:' || protocol === 'data:' || protocol === 'blob:') {
    return null;
  }
  return `${protocol}//${parsed.host.toLowerCase()}`;
}

function sameOrigin(url: string, appOrigin: string): boolean {
  const expected = originOf(appOrigin);
  if (expected === null) return false;
  const actual = originOf(url);
  return actual !== null && actual === expected;
}

/** The parts of Electron's `WebFrameMain` the sender check needs. */
export interface SenderFrameLike {
  url: string;
  /** The parent frame; null for a main frame. */
  parent: unknown;
}

/**
 * Whether an IPC message comes from the app's own top-level page (VS Code's
 * `validatedIpcMain`): the frame exists (it is null after navigation), is a main frame
 * (not an iframe), and its URL has exactly the app's origin.
 */
export function isTrustedSender(
  frame: SenderFrameLike | null | undefined,
  appOrigin: string,
): boolean {
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  if (typeof frame.url !== 'string') return false;
  return sameOrigin(frame.url, appOrigin);
}

/**
 * The one permission the app's page is granted: persistent storage (navigator.storage.persist()),
 * so Chromium never evicts the database holding unsent changes when the disk runs low.
 * Everything else (camera, notifications through the web API, geolocation, …) is denied:
 * main shows notifications itself. Only for the app's own page, never another origin.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['persistent-storage'];

export function isPermissionGranted(permission: string, requestingUrl: string | undefined, appOrigin: string): boolean {
  if (!GRANTED_PERMISSIONS.includes(permission)) return false;
  return typeof requestingUrl === 'string' && sameOrigin(requestingUrl, appOrigin);
}

/** Whether the window may navigate to `url`: only within the app's own origin. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  if (typeof url !== 'string') return false;
  return sameOrigin(url, appOrigin);
}

/** The only `webPreferences` a BrowserWindow of this app is ever created with. */
export interface DeskWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  webSecurity: true;
  webviewTag: false;
  spellcheck: false;
  /** The sync engine runs in the renderer: it keeps its pace with the window hidden in the tray. */
  backgroundThrottling: false;
  /** Off in packaged builds unless support turned them on (`devToolsPolicy`). */
  devTools: boolean;
  preload: string;
}

export function createWebPreferences(preloadPath: string, options: { devTools: boolean }): DeskWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    backgroundThrottling: false,
    devTools: options.devTools === true,
    preload: preloadPath,
  };
}

/** Support opens DevTools in a packaged build by starting the app with this set to `1`. */
export const DEVTOOLS_ENV = 'BIZKITHUB_DESK_DEVTOOLS';

/**
 * Whether the window may open DevTools: always in development, in a packaged build only
 * when support starts the app with `BIZKITHUB_DESK_DEVTOOLS=1` (main logs it when so).
 */
export function devToolsPolicy(facts: {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): { devTools: boolean; reason: string } {
  if (!facts.isPackaged) return { devTools: true, reason: 'development build' };
  if (facts.env[DEVTOOLS_ENV]?.trim() === '1') return { devTools: true, reason: `${DEVTOOLS_ENV}=1 (support)` };
  return { devTools: false, reason: 'packaged build' };
}

/**
 * The IT policy `devTools` over what the build and the environment decided: `false` wins
 * over BIZKITHUB_DESK_DEVTOOLS (and over a development build); `true` opens them.
 */
export function withDevToolsPolicy(
  decided: { devTools: boolean; reason: string },
  policy: boolean | undefined,
): { devTools: boolean; reason: string } {
  return policy === undefined ? decided : { devTools: policy, reason: `policy devTools=${policy}` };
}

/** A menu entry as Electron's `Menu.buildFromTemplate` takes it (the subset used here). */
export interface MenuEntry {
  role?:
    | 'appMenu'
    | 'fileMenu'
    | 'editMenu'
    | 'windowMenu'
    | 'reload'
    | 'forceReload'
    | 'toggleDevTools'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen';
  label?: string;
  type?: 'separator';
  submenu?: MenuEntry[];
}

/**
 * The application menu. Electron's default menu carries View → Toggle Developer Tools and
 * Reload; this one has them only when DevTools are allowed.
 */
export function appMenuTemplate(options: { platform: string; devTools: boolean }): MenuEntry[] {
  const debug: MenuEntry[] = options.devTools
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...debug, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}

export const DEEP_LINK_SCHEME = 'bizkithub-complaints';
/**
 * Extracts the complaint ID from a `bizkithub-complaints://complaint/<id>` deep link, or
 * null when the argument is anything else (or the ID is not a valid complaint ID).
 */
const DEEP_LINK = /^bizkithub-complaints:\/\/complaint\/([^/?#]+)\/?$/i;

export function parseDeepLink(arg: string): string | null {
  if (typeof arg !== 'string' || arg.length > 512) return null;
  const match = DEEP_LINK.exec(arg);
  if (!match?.[1]) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return COMPLAINT_ID_PATTERN.test(id) ? id : null;
}

/**
 * The Vite dev server URL from `VITE_DEV_SERVER_URL`, accepted only when it is plain
 * http on this computer (127.0.0.1 or localhost); anything else (a remote page that
 * would then be trusted as the app's origin) is refused with null. Main ignores it
 * entirely in a packaged app.
 */
export function parseDevServerUrl(raw: string | undefined): URL | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return null;
  return url;
}
