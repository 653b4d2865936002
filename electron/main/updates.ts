/**
 * The app's own updates: thin glue between electron-updater and the rules in
 * `update-policy.ts`.
 *
 * - The feed is the `publish` entry of electron-builder.yml, written into the packaged app
 *   as `resources/app-update.yml` (GitHub releases, or a generic HTTPS server).
 * - Checks shortly after start and then daily (hourly after a failure); in `auto` mode the
 *   update downloads in the background, in `notify` mode the agent is only told.
 * - Never restarts by itself. The agent restarts through `installUpdate`, which is refused
 *   while the outbox has unsent changes or a change is being sent; otherwise the update is
 *   installed when the agent quits the app.
 *
 * The controller talks to an `UpdaterPort`, so tests drive it without Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppUpdater } from 'electron-updater';
import type { DeskEvent, InstallUpdateResult, UpdateStatus } from '../../common/ipc-contract';
import type { Logger } from '../services/logger';
import {
  decideInstall,
  FIRST_CHECK_DELAY_MS,
  initialStatus,
  isCheckDue,
  nextStatus,
  restartBlocker,
  SCHEDULE_TICK_MS,
  updateNoticeText,
  type Activity,
  type CheckHistory,
  type UpdateMode,
  type UpdaterEvent,
} from './update-policy';

/** The few things the controller needs from an updater. */
export interface UpdaterPort {
  configure(options: { autoDownload: boolean; autoInstallOnAppQuit: boolean }): void;
  onEvent(listener: (event: UpdaterEvent) => void): void;
  /** Resolves when the check is done (the download, if any, continues); rejects on failure. */
  check(): Promise<void>;
  /** Quits, installs and starts the new version. */
  quitAndInstall(): void;
}

export interface UpdateControllerOptions {
  mode: UpdateMode;
  currentVersion: string;
  /** The notices' language: a fixed locale, or read at each notice (main follows the language setting). */
  locale: string | (() => string);
  /** Null when mode is `off`. */
  port: UpdaterPort | null;
  activity(): Activity;
  emit(event: DeskEvent): void;
  notify?(title: string, body: string): void;
  log: Logger;
  /** Called right before `quitAndInstall`: main lets that quit through its quit guard. */
  beforeRestart(): void;
  now?(): number;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Schedules the first check and the daily ones. */
  start(): void;
  /** Checks now, unless a check is running. */
  check(): Promise<void>;
  /** The agent's request to restart into the downloaded update. */
  install(): Promise<InstallUpdateResult>;
  /** The outbox count or the sends in flight changed. */
  activityChanged(): void;
  stop(): void;
}

/** How long after the agent's request the restart happens: the reply reaches the page first. */
const RESTART_DELAY_MS = 300;
/** If the app is still running this long after quitAndInstall, the restart did not happen. */
const RESTART_GIVE_UP_MS = 30_000;

export function createUpdateController(o: UpdateControllerOptions): UpdateController {
  const now = o.now ?? Date.now;
  const { log } = o;
  const port = o.mode === 'off' ? null : o.port;
  let status = initialStatus(port === null ? 'off' : o.mode, o.currentVersion);
  const history: CheckHistory = { lastSuccessAt: null, lastFailureAt: null };
  let checking: Promise<void> | null = null;
  let restarting = false;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const noticeShown = new Set<string>();

  const withBlocker = (): UpdateStatus => ({
    ...status,
    restartBlockedBy: status.state === 'ready' ? restartBlocker(o.activity()) : null,
  });
  let lastEmitted = '';
  const publish = () => {
    const current = withBlocker();
    const key = JSON.stringify(current);
    if (key === lastEmitted) return;
    lastEmitted = key;
    o.emit({ type: 'update-status', status: current });
  };

  const notice = (kind: 'ready' | 'available', version: string) => {
    const key = `${kind} ${version}`;
    if (noticeShown.has(key) || !o.notify) return;
    noticeShown.add(key);
    const text = updateNoticeText(kind, version, typeof o.locale === 'function' ? o.locale() : o.locale);
    try {
      o.notify(text.title, text.body);
    } catch (e) {
      log.warn('update notice failed', { error: e });
    }
  };

  const onEvent = (event: UpdaterEvent) => {
    if (stopped) return;
    const before = status.state;
    status = nextStatus(status, event, new Date(now()).toISOString());
    if (event.type === 'downloaded') {
      log.info('update downloaded', { version: event.version });
      notice('ready', event.version);
    } else if (event.type === 'available') {
      log.info('update available', { version: event.version, mode: status.mode });
      if (status.mode === 'notify') notice('available', event.version);
    } else if (event.type === 'error' && before !== status.state) {
      log.warn('update check or download failed');
    }
    publish();
  };

  if (port) {
    port.configure({ autoDownload: o.mode === 'auto', autoInstallOnAppQuit: o.mode === 'auto' });
    port.onEvent(onEvent);
  }

  function check(): Promise<void> {
    if (!port || stopped) return Promise.resolve();
    checking ??= port
      .check()
      .then(
        () => {
          history.lastSuccessAt = now();
        },
        (e: unknown) => {
          history.lastFailureAt = now();
          log.warn('update check failed', { error: e });
          onEvent({ type: 'error' });
        },
      )
      .finally(() => {
        checking = null;
      });
    return checking;
  }

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    timers.add(t);
  };

  return {
    status: withBlocker,

    start() {
      if (!port || stopped) return;
      later(() => void check(), FIRST_CHECK_DELAY_MS);
      const tick = setInterval(() => {
        if (checking === null && isCheckDue(history, now())) void check();
      }, SCHEDULE_TICK_MS);
      tick.unref?.();
      timers.add(tick);
    },

    check,

    async install() {
      const decision = decideInstall(status, o.activity());
      if (!decision.install) {
        log.info('update restart refused', { blockedBy: decision.blockedBy });
        publish();
        return { restarting: false, blockedBy: decision.blockedBy };
      }
      if (restarting || !port) return { restarting: true, blockedBy: null };
      restarting = true;
      later(() => {
        // Look again: a send may have started since the agent asked.
        const again = decideInstall(status, o.activity());
        if (!again.install || stopped) {
          restarting = false;
          log.info('update restart called off', { blockedBy: again.install ? 'stopped' : again.blockedBy });
          publish();
          return;
        }
        log.info('restarting into the update', { version: status.version });
        try {
          o.beforeRestart();
          port.quitAndInstall();
        } catch (e) {
          log.error('quitAndInstall failed', { error: e });
        }
        later(() => {
          restarting = false;
          log.warn('still running after quitAndInstall: the update will be installed on quit');
        }, RESTART_GIVE_UP_MS);
      }, RESTART_DELAY_MS);
      return { restarting: true, blockedBy: null };
    },

    activityChanged() {
      if (status.state === 'ready') publish();
    },

    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** electron-updater behind the port. `updater` is `autoUpdater` from 'electron-updater'. */
export function createElectronUpdaterPort(updater: AppUpdater, log: Logger): UpdaterPort {
  return {
    configure({ autoDownload, autoInstallOnAppQuit }) {
      updater.autoDownload = autoDownload;
      updater.autoInstallOnAppQuit = autoInstallOnAppQuit;
      updater.allowDowngrade = false;
      updater.allowPrerelease = false;
      // Web installers are not signature-checked; this app never publishes one anyway.
      updater.disableWebInstaller = true;
      updater.logger = {
        info: (message?: unknown) => log.info(`updater: ${String(message)}`),
        warn: (message?: unknown) => log.warn(`updater: ${String(message)}`),
        error: (message?: unknown) => log.error(`updater: ${String(message)}`),
      };
    },
    onEvent(listener) {
      updater.on('checking-for-update', () => listener({ type: 'checking' }));
      updater.on('update-available', (info) => listener({ type: 'available', version: info.version }));
      updater.on('update-not-available', () => listener({ type: 'not-available' }));
      updater.on('download-progress', (progress) => listener({ type: 'progress', percent: progress.percent }));
      updater.on('update-downloaded', (event) => listener({ type: 'downloaded', version: event.version }));
      updater.on('error', () => listener({ type: 'error' }));
    },
    async check() {
      const result = await updater.checkForUpdates();
      // The download (auto mode) goes on in the background; a failure arrives as an `error`
      // event, so the promise itself only needs a handler.
      result?.downloadPromise?.catch(() => undefined);
    },
    quitAndInstall() {
      // Silent (no installer window on Windows), and start the new version afterwards.
      updater.quitAndInstall(true, true);
    },
  };
}

/** `resources/package-type`, which electron-builder writes into deb and rpm installs. */
export function readPackageType(resourcesPath: string | undefined): string | null {
  return readResourceMarker(resourcesPath, 'package-type');
}

/** `signed` or `unsigned`, written into a macOS app by scripts/after-pack.mjs; null elsewhere. */
export function readMacSigning(resourcesPath: string | undefined): string | null {
  return readResourceMarker(resourcesPath, 'mac-signing');
}

function readResourceMarker(resourcesPath: string | undefined, name: string): string | null {
  if (!resourcesPath) return null;
  const file = path.join(resourcesPath, name);
  try {
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
  } catch {
    return null;
  }
}
