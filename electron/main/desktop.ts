/**
 * The desktop parts of main, thin around pure modules, each given the Electron pieces it
 * needs through the facade (./electron-facade.ts):
 * - the tray / menu-bar icon (model: ./background.ts `trayModel`)
 * - wake: powerMonitor resume / unlock-screen (handling: ../services/wake.ts)
 * - launch at login (./autostart.ts: login items on Windows/macOS, an XDG autostart entry on Linux)
 * - export for support through the save dialog (./export-file.ts)
 * - the proxy in use (Chromium's answer for the API URL, worded by ../services/proxy.ts)
 * - opening the log folder
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { NetworkInfo } from '../../common/ipc-contract';
import type { Logger } from '../services/logger';
import { describeChromiumProxy } from '../services/proxy';
import type { WakeReason } from '../services/wake';
import {
  applyLinuxAutostart,
  autostartDesktopEntry,
  autostartExec,
  linuxAutostartFile,
  loginItemSettings,
} from './autostart';
import { trayModel } from './background';
import type { ElectronFacade, FacadeApp, FacadeMenuEntry, FacadeSession, FacadeWindow } from './electron-facade';
import type { ExportPorts } from './export-file';
import type { LifecycleTray, TrayActions } from './lifecycle';
import { TRAY_ICON_PNG_BASE64 } from './tray-icon';

/** The tray icon; null where the platform refuses one. */
export function createDeskTray(
  electron: Pick<ElectronFacade, 'Tray' | 'nativeImage' | 'Menu'>,
  platform: string,
  productName: string,
  actions: TrayActions,
  log: Logger,
): LifecycleTray | null {
  const { Menu, Tray, nativeImage } = electron;
  let tray: InstanceType<typeof Tray>;
  try {
    const image = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'));
    tray = new Tray(platform === 'darwin' ? image.resize({ width: 16, height: 16 }) : image);
  } catch (e) {
    log.warn('no tray icon on this desktop', { error: e });
    return null;
  }
  tray.setToolTip(productName);
  // Windows and Linux: a click on the icon opens the window (the menu is on right click).
  tray.on('click', () => {
    if (platform !== 'darwin') actions.open();
  });
  return {
    update(facts) {
      const model = trayModel(facts);
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(
        Menu.buildFromTemplate(
          model.items.flatMap((item) => {
            const entry: FacadeMenuEntry = { label: item.label, enabled: item.enabled };
            if (item.id !== 'status') entry.click = actions[item.id];
            return item.id === 'status' ? [entry, { type: 'separator' as const }] : [entry];
          }),
        ),
      );
    },
    destroy: () => tray.destroy(),
  };
}

/** Resume from sleep and unlocking the screen: main probes and the renderer flushes (../services/wake.ts). */
export function watchPower(powerMonitor: ElectronFacade['powerMonitor'], onWake: (reason: WakeReason) => void): void {
  powerMonitor.on('resume', () => onWake('resume'));
  powerMonitor.on('unlock-screen', () => onWake('unlock-screen'));
}

/** Launch at login on, or off. On Linux an autostart entry; elsewhere Electron's login items. */
export async function applyLaunchAtLogin(app: FacadeApp, enabled: boolean, productName: string, log: Logger): Promise<void> {
  try {
    if (process.platform === 'linux') {
      const file = linuxAutostartFile(process.env, os.homedir());
      const entry = autostartDesktopEntry({
        name: productName,
        exec: autostartExec(process.execPath, process.env),
        args: loginItemSettings(true).args,
      });
      const done = await applyLinuxAutostart(
        { enabled, file, entry },
        { mkdir: (dir) => mkdir(dir, { recursive: true }), writeFile: (f, t) => writeFile(f, t, { mode: 0o644 }), rm: (f) => rm(f, { force: true }) },
      );
      log.info('launch at login', { enabled, autostart: done });
    } else {
      app.setLoginItemSettings(loginItemSettings(enabled));
      log.info('launch at login', { enabled });
    }
  } catch (e) {
    log.warn('launch at login could not be changed', { enabled, error: e });
  }
}

/** Whether this start was the OS starting the app at login (macOS and Windows say so). */
export function openedAtLogin(app: FacadeApp): boolean {
  try {
    return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}

export function exportPorts(electron: Pick<ElectronFacade, 'app' | 'dialog'>, parent: () => FacadeWindow | null): ExportPorts {
  const { app, dialog } = electron;
  return {
    showSaveDialog: (options) => dialog.showSaveDialog(parent(), options),
    writeFile: (file, contents) => writeFile(file, contents, 'utf8'),
    defaultDir: app.getPath('downloads'),
  };
}

export async function describeSessionProxy(session: FacadeSession, url: string): Promise<NetworkInfo> {
  return describeChromiumProxy(await session.resolveProxy(url));
}

/** shell.openPath answers '' on success, else the reason. */
export async function openFolder(shell: ElectronFacade['shell'], folder: string): Promise<boolean> {
  return (await shell.openPath(folder)) === '';
}
