/**
 * Main's real startup (electron/main/desk-app.ts) against a fake Electron facade
 * (test/support/fake-electron.ts), with the real desk services, dispatcher and lifecycle:
 * the wiring the Electron binary would run, run here without it. Start → the window with
 * the secure webPreferences, every contract channel registered behind the sender check,
 * close with unsent changes → hidden to the tray, wake → a probe, Quit with unsent changes
 * → the question, and its two answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESK_EVENT_CHANNEL, IPC_METHODS, ipcContract, type IpcMethod } from '../../../common/ipc-contract';
import { startDeskApp, type DeskApp, type DeskProcess } from '../../../electron/main/desk-app';
import { resolvePolicy, type Policy } from '../../../electron/services/policy/policy-service';
import type { UpdaterPort } from '../../../electron/main/updates';
import { createMemoryLogger, type MemoryLogger } from '../../../electron/services/logger';
import { fakeElectron, preventable, type FakeElectron } from '../../support/fake-electron';
import { memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';

const API_ORIGIN = 'https://api.bizkithub.com';
const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';
const APP_PAGE = { url: 'app://desk/index.html', parent: null };

interface Started {
  electron: FakeElectron;
  app: DeskApp;
  log: MemoryLogger;
  updater: { configured: boolean };
  dataKeyring: MemoryKeyring;
  invoke(method: IpcMethod, input?: unknown, frame?: { url: string; parent: unknown } | null): Promise<unknown>;
}

let dir: string;
const running: Started[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-main-'));
});

afterEach(async () => {
  // Quit whatever a test left running, so its monitor and timers stop.
  for (const s of running.splice(0)) {
    if (!s.electron.app.quitted) {
      s.electron.answers.push(0);
      s.electron.app.emit('will-quit', preventable());
      await vi.waitFor(() => expect(s.electron.app.quitted).toBe(true));
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: { locale?: string; env?: Record<string, string>; loadPolicy?: () => Policy } = {}): Promise<Started> {
  const electron = fakeElectron({ dir, ...(options.locale ? { locale: options.locale } : {}) });
  const log = createMemoryLogger();
  const updater = { configured: false };
  const port: UpdaterPort = {
    configure: () => {
      updater.configured = true;
    },
    onEvent: () => {},
    check: async () => {},
    quitAndInstall: () => {},
  };
  const process: DeskProcess = {
    argv: ['/opt/desk/bizkithub-complaints-desk'],
    env: { APPIMAGE: '/opt/desk/Desk.AppImage', ...options.env },
    platform: 'linux',
    execPath: '/opt/desk/bizkithub-complaints-desk',
    defaultApp: false,
    resourcesPath: '/opt/desk/resources',
    on: () => undefined,
  };
  const dataKeyring = memoryKeyring();
  const app = startDeskApp({
    electron: electron.facade,
    process,
    createLogger: () => log,
    createUpdaterPort: () => port,
    // A key for the live API: the connectivity probe goes to it through net.fetch.
    keyringBackend: memoryKeyring(JSON.stringify({ origin: API_ORIGIN, key: KEY })),
    dataKeyringBackend: dataKeyring,
    ...(options.loadPolicy ? { loadPolicy: options.loadPolicy } : {}),
  });
  await app.ready;
  const started: Started = {
    electron,
    app,
    log,
    updater,
    dataKeyring,
    invoke: (method, input = {}, frame = APP_PAGE) => {
      const handler = electron.ipc.get(ipcContract[method].name);
      if (!handler) throw new Error(`no handler for ${method}`);
      return handler({ senderFrame: frame }, input);
    },
  };
  running.push(started);
  return started;
}

/** Events main sent to the page. */
const sentTypes = (s: Started) =>
  (s.electron.windows[0]?.webContents.sent ?? [])
    .filter((m) => m.channel === DESK_EVENT_CHANNEL)
    .map((m) => (m.payload as { type: string }).type);

describe("main's startup against a fake Electron", () => {
  it('start: the app:// scheme, one window with the secure webPreferences, the app page loaded', async () => {
    const s = await start();
    expect(s.electron.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(s.electron.windows).toHaveLength(1);
    const win = s.electron.windows[0]!;
    expect(win.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      backgroundThrottling: false,
      devTools: false,
      preload: path.join('/opt/desk/resources/app.asar', 'dist', 'electron', 'preload.cjs'),
    });
    expect(win.options.show).toBe(false);
    expect(win.loads).toEqual(['app://desk/index.html']);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(s.updater.configured).toBe(true);
    expect(s.log.lines.join('\n')).toContain('DevTools are disabled');
  });

  it('hardening: permissions denied but persistent storage, new windows denied, foreign navigation and <webview> prevented', async () => {
    const s = await start();
    const granted: boolean[] = [];
    s.electron.session.permissionRequest?.(null, 'geolocation', (ok) => granted.push(ok));
    expect(granted).toEqual([false]);
    // Persistent storage only, and only for the app's own page (unsent changes are never evicted).
    s.electron.session.permissionRequest?.(null, 'persistent-storage', (ok) => granted.push(ok), { requestingUrl: 'app://desk/index.html' });
    s.electron.session.permissionRequest?.(null, 'persistent-storage', (ok) => granted.push(ok), { requestingUrl: 'https://evil.example/' });
    s.electron.session.permissionRequest?.(null, 'notifications', (ok) => granted.push(ok), { requestingUrl: 'app://desk/index.html' });
    expect(granted).toEqual([false, true, false, false]);
    expect(s.electron.session.permissionCheck?.(null, 'persistent-storage', 'app://desk')).toBe(true);
    expect(s.electron.session.permissionCheck?.(null, 'geolocation', 'app://desk')).toBe(false);
    const contents = s.electron.createContents();
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    const away = preventable({ url: 'https://evil.example/' });
    contents.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
    const inside = preventable({ url: 'app://desk/index.html#/worklist' });
    contents.emit('will-navigate', inside);
    expect(inside.prevented).toBe(false);
    const webview = preventable();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('IPC: every contract channel is registered, and only the app page may call it', async () => {
    const s = await start();
    expect([...s.electron.ipc.keys()].sort()).toEqual(IPC_METHODS.map((m) => ipcContract[m].name).sort());
    expect(await s.invoke('reportPending', { pending: 2 })).toEqual({ ok: true, value: {} });
    expect(s.electron.app.badge).toBe(2);
    expect(await s.invoke('reportPending', { pending: 5 }, { url: 'https://evil.example/', parent: null })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await s.invoke('reportPending', { pending: 5 }, { url: 'app://desk/frame.html', parent: {} })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(s.app.services()?.pendingCount()).toBe(2);
  });

  it('data key: made on first use into its own keychain slot, handed only to the app page, never logged', async () => {
    const s = await start();
    expect(await s.invoke('getDataKey', {}, { url: 'https://evil.example/', parent: null })).toMatchObject({ ok: false });
    expect(s.dataKeyring.value()).toBeNull();
    const reply = (await s.invoke('getDataKey')) as { ok: true; value: { keyId: string; key: string; kept: string } };
    expect(reply).toMatchObject({ ok: true, value: { kept: 'keychain' } });
    expect(JSON.parse(s.dataKeyring.value() ?? '')).toEqual({ keyId: reply.value.keyId, key: reply.value.key });
    expect(await s.invoke('getAppInfo')).toMatchObject({ ok: true, value: { dataProtection: { kept: 'keychain' } } });
    expect(s.log.lines.join('\n')).not.toContain(reply.value.key);
  });

  it('close with unsent changes: the window is hidden to the tray, not closed; the tray says what waits', async () => {
    const s = await start();
    const win = s.electron.windows[0]!;
    win.emit('ready-to-show');
    await s.invoke('reportPending', { pending: 3 });
    expect(win.userCloses()).toBe(false);
    expect(win.visible).toBe(false);
    expect(win.destroyed).toBe(false);
    expect(s.electron.messageBoxes).toHaveLength(0);
    expect(s.electron.trays).toHaveLength(1);
    expect(s.electron.trays[0]!.labels()).toEqual(['Online · sending · 3 pending', 'Open', 'Sync now', 'Quit']);
    // Tray → Open brings it back.
    s.electron.trays[0]!.menu.find((e) => e.label === 'Open')?.click?.();
    expect(win.visible).toBe(true);
  });

  it('wake (powerMonitor resume): the API is probed at once through net.fetch, then the page is told', async () => {
    const s = await start();
    const probes = () => s.electron.fetches.filter((f) => f.url === `${API_ORIGIN}/` && f.method === 'HEAD').length;
    const before = probes();
    s.electron.powerMonitor.emit('resume');
    await vi.waitFor(() => expect(sentTypes(s)).toContain('wake'));
    expect(probes()).toBeGreaterThan(before);
    expect(s.log.lines.join('\n')).toMatch(/wake: probed the API.*reason="resume"/);
  });

  it('Quit with unsent changes asks; "stay open" keeps the app running and shows the window', async () => {
    const s = await start();
    const win = s.electron.windows[0]!;
    await s.invoke('reportPending', { pending: 2 });
    win.hide();
    s.electron.answers.push(1);
    s.electron.facade.app.quit(); // the menu's Quit, Cmd+Q, the OS
    await vi.waitFor(() => expect(s.electron.messageBoxes).toHaveLength(1));
    const box = s.electron.messageBoxes[0]!;
    expect(box.parent).toBe(win);
    expect(box.options).toMatchObject({ message: '2 changes have not been sent yet', buttons: ['Quit', 'Stay open'], cancelId: 1 });
    await vi.waitFor(() => expect(win.visible).toBe(true));
    expect(s.electron.app.quitted).toBe(false);
    expect(win.destroyed).toBe(false);
  });

  it('Quit with unsent changes, "quit anyway": the services are disposed, then the app quits', async () => {
    const s = await start();
    await s.invoke('reportPending', { pending: 4 });
    s.electron.answers.push(0);
    s.electron.trays[0]!.menu.find((e) => e.label === 'Quit')?.click?.();
    await vi.waitFor(() => expect(s.electron.app.quitted).toBe(true));
    expect(s.electron.messageBoxes).toHaveLength(1);
    expect(s.electron.trays[0]!.destroyed).toBe(true);
    expect(s.log.lines.join('\n')).toMatch(/quit with unsent changes.*pending=4.*quit=true/);
  });

  it("main's texts follow the language setting, and the tray is redrawn when it changes", async () => {
    const s = await start({ locale: 'en-US' });
    await s.invoke('reportPending', { pending: 3 });
    expect(s.electron.trays[0]!.labels()[0]).toBe('Online · sending · 3 pending');
    expect(await s.invoke('updateSettings', { language: 'cs' })).toMatchObject({ ok: true });
    expect(s.electron.trays[0]!.labels()).toEqual(['Připojeno · odesílá se · 3 neodeslané změny', 'Otevřít', 'Synchronizovat', 'Ukončit']);
    s.electron.answers.push(1);
    s.electron.facade.app.quit(); // the menu's Quit, Cmd+Q, the OS
    await vi.waitFor(() => expect(s.electron.messageBoxes).toHaveLength(1));
    expect(s.electron.messageBoxes[0]!.options.message).toBe('3 změny nebyly odeslány');
  });
});

describe('a packaged app started with switches that redirect or expose its traffic', () => {
  const launch = (argv: string[], o: { isPackaged: boolean; locale?: string; env?: Record<string, string> }) => {
    const electron = fakeElectron({ dir, isPackaged: o.isPackaged, ...(o.locale ? { locale: o.locale } : {}) });
    const log = createMemoryLogger();
    const process: DeskProcess = {
      argv: ['/opt/desk/bizkithub-complaints-desk', ...argv],
      env: { APPIMAGE: '/opt/desk/Desk.AppImage', ...o.env },
      platform: 'linux',
      execPath: '/opt/desk/bizkithub-complaints-desk',
      defaultApp: false,
      resourcesPath: '/opt/desk/resources',
      on: () => undefined,
    };
    const port: UpdaterPort = { configure: () => {}, onEvent: () => {}, check: async () => {}, quitAndInstall: () => {} };
    const app = startDeskApp({
      electron: electron.facade,
      process,
      createLogger: () => log,
      createUpdaterPort: () => port,
      keyringBackend: memoryKeyring(JSON.stringify({ origin: API_ORIGIN, key: KEY })),
    });
    return { electron, log, app };
  };

  it('refuses to start: no window, no IPC, no request; logs which switch (not its value), shows why, exits', async () => {
    const { electron, log, app } = launch(['--proxy-server=http://agent:s3cret@proxy.evil:3128', '--remote-debugging-port=9222'], {
      isPackaged: true,
      locale: 'cs-CZ',
    });
    await app.ready;
    expect(electron.windows).toEqual([]);
    expect(electron.ipc.size).toBe(0);
    expect(electron.fetches).toEqual([]);
    expect(electron.schemes).toEqual([]);
    expect(app.services()).toBeNull();
    expect(electron.app.exitCode).toBe(1);
    expect(electron.errorBoxes).toHaveLength(1);
    expect(electron.errorBoxes[0]?.content).toMatch(/^Aplikace byla spuštěna .*--proxy-server, --remote-debugging-port/);
    const lines = log.lines.join('\n');
    expect(lines).toMatch(/refusing to start/);
    expect(lines).toContain('--proxy-server');
    expect(lines).toContain('--remote-debugging-port');
    expect(lines).not.toContain('s3cret');
    expect(lines).not.toContain('proxy.evil');
    expect(lines).not.toContain('9222');
  });

  it('in English for an English OS; the environment form too (SSLKEYLOGFILE)', async () => {
    const { electron, app } = launch([], { isPackaged: true, env: { SSLKEYLOGFILE: '/tmp/keys.txt' } });
    await app.ready;
    expect(electron.windows).toEqual([]);
    expect(electron.errorBoxes[0]?.content).toMatch(/^The app was started .*SSLKEYLOGFILE/);
    expect(electron.app.exitCode).toBe(1);
  });

  it('a development build (not packaged) keeps --inspect usable: it starts', async () => {
    const { electron, app } = launch(['--inspect=9229'], { isPackaged: false });
    await app.ready;
    expect(electron.windows).toHaveLength(1);
    expect(electron.errorBoxes).toEqual([]);
    running.push({ electron, app, log: createMemoryLogger(), updater: { configured: false }, dataKeyring: memoryKeyring(), invoke: async () => undefined });
  });
});

describe("main's startup under IT policy", () => {
  const policyOf = (enforced: Record<string, unknown>) => () =>
    resolvePolicy({ found: [{ source: 'HKLM\\Software\\Policies\\BizKitHub\\ComplaintsDesk', enforced, defaults: {} }], refused: [] });

  it('devTools false wins over BIZKITHUB_DESK_DEVTOOLS; updates off keeps the updater unconfigured; both logged', async () => {
    const s = await start({ env: { BIZKITHUB_DESK_DEVTOOLS: '1' }, loadPolicy: policyOf({ devTools: false, updates: 'off' }) });
    expect(s.electron.windows[0]?.options.webPreferences.devTools).toBe(false);
    expect(s.updater.configured).toBe(false);
    const text = s.log.lines.join('\n');
    expect(text).toContain('policy in force');
    expect(text).toContain('policy updates=off');
  });

  it('a packaged app ignores DESK_POLICY_FILE (an agent cannot replace the organisation’s policy)', async () => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ devTools: true }));
    const s = await start({ env: { DESK_POLICY_FILE: file } });
    expect(s.electron.windows[0]?.options.webPreferences.devTools).toBe(false);
    expect(s.log.lines.join('\n')).not.toContain('policy in force');
  });

  it('demoMode false: app info says so and no demo sandbox starts without a live key', async () => {
    const s = await start({ loadPolicy: policyOf({ demoMode: false }) });
    expect(await s.invoke('removeKey')).toMatchObject({ ok: true });
    expect(await s.invoke('getAppInfo')).toMatchObject({ ok: true, value: { mode: 'demo', sandbox: false, policy: { enforced: { demoMode: false } } } });
    expect(await s.invoke('getComplaint', { id: 'R-1' })).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
  });
});
