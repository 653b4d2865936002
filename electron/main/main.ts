/**
 * The Electron main process entry (bundled by scripts/build-electron.mjs to
 * dist/electron/main.cjs): starts the app (./desk-app.ts) with the real Electron, main's
 * file logger and electron-updater. Everything else is in the startup, which a Node test
 * runs against a fake Electron; this file is what only the real binary runs.
 */
import { autoUpdater } from 'electron-updater';
import { startDeskApp } from './desk-app';
import { createElectronLogger } from './electron-logger';
import { realElectron } from './electron-real';
import { createElectronUpdaterPort } from './updates';

startDeskApp({
  electron: realElectron(),
  process,
  createLogger: createElectronLogger,
  createUpdaterPort: (log) => createElectronUpdaterPort(autoUpdater, log),
});
