/**
 * The Electron glue cannot run here (no Electron binary), so its security-relevant
 * wiring is checked on the source text, and the pure pieces it uses are tested directly.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mainOptions } from '../../../scripts/build-electron.mjs';
import { IPC_METHODS, ipcContract } from '../../../common/ipc-contract';
import { createElectronLogger } from '../../../electron/main/electron-logger';
import { quitDialogText } from '../../../electron/main/quit-dialog';
import { parseDevServerUrl } from '../../../electron/main/security';

const root = path.resolve(__dirname, '../../..');
const mainDir = path.join(root, 'electron/main');
const mainSources = readdirSync(mainDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(path.join(mainDir, f), 'utf8'))
  .join('\n');
const preloadTs = readFileSync(path.join(root, 'electron/preload/preload.ts'), 'utf8');

/** Source without comments, so a mention in a comment does not count. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('electron/main source', () => {
  const src = code(mainSources);

  it('creates every BrowserWindow with createWebPreferences', () => {
    const windows = [...src.matchAll(/new BrowserWindow\(\{([\s\S]*?)\}\);/g)];
    expect(windows.length).toBeGreaterThan(0);
    for (const [, options] of windows) {
      expect(options).toMatch(/webPreferences:\s*createWebPreferences\(/);
    }
  });

  it.each([
    ['setWindowOpenHandler denies', /setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/],
    ['will-navigate is guarded', /on\('will-navigate'[\s\S]{0,120}preventDefault\(\)/],
    ['will-attach-webview is prevented', /on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/],
    ['permission requests are denied but persistent storage (isPermissionGranted)', /setPermissionRequestHandler\([\s\S]{0,120}callback\(isPermissionGranted\(permission, details\?\.requestingUrl, appOrigin\)\)/],
    ['permission checks are denied but persistent storage (isPermissionGranted)', /setPermissionCheckHandler\([\s\S]{0,120}isPermissionGranted\(permission, requestingOrigin, appOrigin\)\)/],
    ['single instance lock', /requestSingleInstanceLock\(\)/],
    ['second instance handled', /on\('second-instance'/],
    ['app:// registered privileged', /registerSchemesAsPrivileged\([\s\S]*standard: true, secure: true/],
    ['app:// handled through readAppFile (resolveAppPath)', /protocol\.handle\(APP_SCHEME[\s\S]*readAppFile\(/],
    ['CSP header on app:// responses', /'Content-Security-Policy': CONTENT_SECURITY_POLICY/],
    ['IPC checks the sender first', /ipcMain\.handle\([\s\S]{0,120}isTrustedSender\(event\.senderFrame, appOrigin\)[\s\S]{0,200}kind: 'forbidden'/],
    ['events travel on DESK_EVENT_CHANNEL', /contents\.send\(DESK_EVENT_CHANNEL, event\)/],
    ['quit with unsent changes asks', /before-quit[\s\S]*requestQuit\(\)/],
    ['badge count for pending', /setBadgeCount\(/],
    ['dev server only when not packaged', /app\.isPackaged \? null : parseDevServerUrl\(/],
    ['DevTools decided by devToolsPolicy from isPackaged and the environment', /devToolsPolicy\(\{ isPackaged: app\.isPackaged, env: process\.env \}\)/],
    ['the window gets the policy', /createWebPreferences\(preload, \{ devTools: devTools\.devTools \}\)/],
    ['DevTools opened anyway are closed', /if \(!devTools\.devTools\) win\.webContents\.on\('devtools-opened', \(\) => win\.webContents\.closeDevTools\(\)\)/],
    ['enabled DevTools are logged', /if \(devTools\.devTools\) log\.warn\('DevTools are enabled'/],
    ['own application menu, without DevTools unless allowed', /Menu\.setApplicationMenu\(Menu\.buildFromTemplate\(appMenuTemplate\(\{ platform: process\.platform, devTools: devTools\.devTools \}\)\)\)/],
  ])('%s', (_name, pattern) => {
    expect(src).toMatch(pattern);
  });

  it('registers a handler for every contract channel, and only through the dispatcher', () => {
    expect(src).toMatch(/for \(const method of IPC_METHODS\)/);
    expect(src).toMatch(/return dispatch\(channel, input\)/);
    expect(IPC_METHODS.length).toBe(Object.keys(ipcContract).length);
  });

  it.each([
    /nodeIntegration:\s*true/,
    /contextIsolation:\s*false/,
    /sandbox:\s*false/,
    /webSecurity:\s*false/,
    /allowRunningInsecureContent/,
    /experimentalFeatures/,
    /enableBlinkFeatures/,
    /webviewTag:\s*true/,
    /action: 'allow'/,
    /shell\.openExternal/,
    /'unsafe-(inline|eval)'/,
    /bypassCSP:\s*true/,
    /electron-log\/main/,
    /openDevTools\(/,
  ])('never contains %s', (pattern) => {
    expect(src).not.toMatch(pattern);
  });
});

describe('main bundle (esbuild, as npm run build makes it)', () => {
  it('demo mode starts the sandbox without its control API, which is not even bundled', async () => {
    const result = await build({ ...mainOptions, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('electron/sandbox/sandbox-server.ts');
    expect(inputs).not.toContain('electron/sandbox/control-api.ts');
    const text = result.outputFiles.map((f) => f.text).join('\n');
    // Route names of the control API: fault switches and "colleague" changes.
    expect(text).not.toContain('staff-status');
    expect(text).not.toContain('revoke-key');
    expect(code(mainSources)).toMatch(/startSandbox\(\{ port: 0, state \}\)/);
    expect(code(mainSources)).not.toMatch(/control-api|startSandboxWithControl|control:/);
  }, 30_000);
});

describe('preload source', () => {
  const src = code(preloadTs);

  it('exposes only window.desk built from the contract', () => {
    const exposed = [...src.matchAll(/exposeInMainWorld\('([^']+)'/g)].map((m) => m[1]);
    expect(exposed).toEqual(['desk']);
    expect(src).toMatch(/createDeskApi\(/);
  });

  it('never hands out ipcRenderer or the IPC event', () => {
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(src).toMatch(/\(_event: IpcRendererEvent, payload: unknown\) => listener\(payload\)/);
    expect(src).toMatch(/removeListener\(DESK_EVENT_CHANNEL, handler\)/);
  });

  it('turns zod JIT off before the contract is imported', () => {
    expect(src.indexOf("import '../../common/zod-jitless'")).toBeGreaterThan(-1);
    expect(src.indexOf("import '../../common/zod-jitless'")).toBeLessThan(src.indexOf('ipc-contract'));
  });
});

describe('parseDevServerUrl', () => {
  it.each([
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    [' http://127.0.0.1:5173/ ', 'http://127.0.0.1:5173'],
    ['https://127.0.0.1:5173', null],
    ['http://evil.com:5173', null],
    ['http://127.0.0.1.evil.com:5173', null],
    ['http://user@127.0.0.1:5173', null],
    ['file:///tmp/index.html', null],
    ['not a url', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (raw, origin) => {
    expect(parseDevServerUrl(raw)?.origin ?? null).toBe(origin);
  });
});

describe('quitDialogText', () => {
  it.each([
    [1, 'en-US', '1 change has not been sent yet'],
    [3, 'en-GB', '3 changes have not been sent yet'],
    [1, 'cs', '1 změna nebyla odeslána'],
    [3, 'cs-CZ', '3 změny nebyly odeslány'],
    [7, 'cs-CZ', '7 změn nebylo odesláno'],
  ])('%i pending (%s): %s', (pending, locale, message) => {
    const text = quitDialogText(pending, locale);
    expect(text.message).toBe(message);
    expect(text.buttons).toHaveLength(2);
  });

  it('says the changes are kept and sent on the next start', () => {
    expect(quitDialogText(2, 'en').detail).toMatch(/kept[\s\S]*sent the next time you start/);
    expect(quitDialogText(2, 'cs').detail).toMatch(/zůstanou uložené[\s\S]*příštím spuštění/);
  });
});

describe('createElectronLogger', () => {
  it('writes redacted lines to the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-elog-'));
    try {
      const file = path.join(dir, 'main.log');
      const log = createElectronLogger({ file, console: false });
      const key = 'PRODabcdefghijklmnopqrstuvwxyz12';
      log.info('request', { url: `https://api.example/x?apiKey=${key}` });
      log.error('failed', { key });
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('INFO request');
      expect(text).toContain('ERROR failed');
      expect(text).not.toContain(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
