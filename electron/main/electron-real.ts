/**
 * The Electron facade (./electron-facade.ts) implemented by the real `electron` module:
 * what ./main.ts hands to the app's startup. Most members are Electron's own objects; the
 * dialogs take the facade's window-or-null form, and the facade's windows are Electron's
 * BrowserWindows, which is what the casts below rely on.
 *
 * Modules are read when main uses them, not when the facade is made (before `ready`):
 * some (powerMonitor, safeStorage, a session) may only be touched once the app is ready.
 */
import * as electron from 'electron';
import type { BaseWindow } from 'electron';
import type { ElectronFacade, FacadeWindow } from './electron-facade';

/** Every FacadeWindow main holds was made by `facade.BrowserWindow`, i.e. Electron's. */
const native = (win: FacadeWindow): BaseWindow => win as unknown as BaseWindow;

export function realElectron(): ElectronFacade {
  const { dialog } = electron;
  return {
    app: electron.app,
    BrowserWindow: electron.BrowserWindow,
    // The facade's images come from nativeImage below: NativeImages, which Tray takes.
    Tray: electron.Tray as unknown as ElectronFacade['Tray'],
    Menu: {
      buildFromTemplate: (template) => electron.Menu.buildFromTemplate(template as electron.MenuItemConstructorOptions[]),
      setApplicationMenu: (menu) => electron.Menu.setApplicationMenu(menu as electron.Menu),
    },
    nativeImage: electron.nativeImage,
    Notification: electron.Notification,
    get powerMonitor() {
      return electron.powerMonitor;
    },
    dialog: {
      showMessageBox: (parent, options) =>
        parent ? dialog.showMessageBox(native(parent), options) : dialog.showMessageBox(options),
      showSaveDialog: (parent, options) =>
        parent ? dialog.showSaveDialog(native(parent), options) : dialog.showSaveDialog(options),
      showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    },
    get net() {
      return electron.net;
    },
    get safeStorage() {
      return electron.safeStorage;
    },
    get ipcMain() {
      return electron.ipcMain;
    },
    get protocol() {
      return electron.protocol;
    },
    get session() {
      return electron.session;
    },
    get shell() {
      return electron.shell;
    },
  };
}
