/**
 * The updater glue (electron/main/updates.ts) with a fake electron-updater: it checks on
 * start and daily, never restarts by itself, and restarts on the agent's request only when
 * the outbox is empty and nothing is being sent.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateStatusSchema, type DeskEvent } from '../../../common/ipc-contract';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, RETRY_AFTER_FAILURE_MS, type UpdaterEvent } from '../../../electron/main/update-policy';
import {
  createElectronUpdaterPort,
  createUpdateController,
  readPackageType,
  type UpdateControllerOptions,
  type UpdaterPort,
} from '../../../electron/main/updates';
import type { Logger } from '../../../electron/services/logger';

const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, setSecrets: () => undefined };

function fakePort() {
  let listener: ((e: UpdaterEvent) => void) | null = null;
  const port = {
    configured: null as null | { autoDownload: boolean; autoInstallOnAppQuit: boolean },
    checks: 0,
    fail: false,
    quitAndInstall: vi.fn(),
    configure(options: { autoDownload: boolean; autoInstallOnAppQuit: boolean }) {
      port.configured = options;
    },
    onEvent(l: (e: UpdaterEvent) => void) {
      listener = l;
    },
    async check() {
      port.checks += 1;
      if (port.fail) throw new Error('net::ERR_INTERNET_DISCONNECTED');
    },
    fire(e: UpdaterEvent) {
      listener?.(e);
    },
  };
  return port satisfies UpdaterPort & Record<string, unknown>;
}

function setup(over: Partial<UpdateControllerOptions> = {}) {
  const port = fakePort();
  const activity = { pending: 0, sending: 0 };
  const events: DeskEvent[] = [];
  const notices: string[] = [];
  const beforeRestart = vi.fn();
  const controller = createUpdateController({
    mode: 'auto',
    currentVersion: '1.0.0',
    locale: 'en-US',
    port,
    activity: () => activity,
    emit: (e) => events.push(e),
    notify: (_title, body) => notices.push(body),
    log: silentLog,
    beforeRestart,
    ...over,
  });
  const ready = (version = '1.1.0') => {
    port.fire({ type: 'available', version });
    port.fire({ type: 'downloaded', version });
  };
  return { port, activity, events, notices, beforeRestart, controller, ready };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 28, 8, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('update controller: schedule', () => {
  it('configures electron-updater for the mode (auto downloads and installs on quit)', () => {
    expect(setup().port.configured).toEqual({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(setup({ mode: 'notify' }).port.configured).toEqual({ autoDownload: false, autoInstallOnAppQuit: false });
  });

  it('checks shortly after start, then daily', async () => {
    const { port, controller } = setup();
    controller.start();
    expect(port.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(port.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - FIRST_CHECK_DELAY_MS - 60_000);
    expect(port.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(port.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(port.checks).toBe(3);
    controller.stop();
  });

  it('after a failed check (offline) it tries again about an hour later', async () => {
    const { port, controller, events } = setup();
    port.fail = true;
    controller.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(port.checks).toBe(1);
    expect(controller.status().state).toBe('error');
    expect(events.at(-1)).toMatchObject({ type: 'update-status', status: { state: 'error' } });
    port.fail = false;
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS + 10 * 60_000);
    expect(port.checks).toBe(2);
    controller.stop();
  });

  it('does nothing when off (no port)', async () => {
    const { controller } = setup({ mode: 'off', port: null });
    controller.start();
    await vi.advanceTimersByTimeAsync(2 * CHECK_INTERVAL_MS);
    expect(controller.status()).toMatchObject({ mode: 'off', state: 'idle' });
    expect(await controller.install()).toEqual({ restarting: false, blockedBy: 'not-supported' });
  });

  it('mode off wins over a port that was passed anyway', async () => {
    const { port, controller } = setup({ mode: 'off' });
    controller.start();
    await vi.advanceTimersByTimeAsync(2 * CHECK_INTERVAL_MS);
    expect(port.checks).toBe(0);
    expect(port.configured).toBeNull();
  });

  it('stop() ends the schedule', async () => {
    const { port, controller } = setup();
    controller.start();
    controller.stop();
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(port.checks).toBe(0);
  });
});

describe('update controller: the agent chooses when to restart', () => {
  it('a downloaded update never restarts the app by itself; the agent is told once', async () => {
    const { port, controller, notices, events, ready } = setup();
    controller.start();
    ready();
    ready();
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(port.quitAndInstall).not.toHaveBeenCalled();
    expect(notices).toEqual(['Version 1.1.0 is ready. It is installed when you quit the app; unsent changes are kept.']);
    expect(controller.status()).toMatchObject({ state: 'ready', version: '1.1.0', restartBlockedBy: null });
    for (const e of events) {
      expect(e.type).toBe('update-status');
      if (e.type === 'update-status') expect(UpdateStatusSchema.safeParse(e.status).success).toBe(true);
    }
    controller.stop();
  });

  it('refuses while changes are unsent, and says why', async () => {
    const { port, controller, activity, ready } = setup();
    ready();
    activity.pending = 3;
    expect(controller.status().restartBlockedBy).toBe('pending-changes');
    expect(await controller.install()).toEqual({ restarting: false, blockedBy: 'pending-changes' });
    await vi.runAllTimersAsync();
    expect(port.quitAndInstall).not.toHaveBeenCalled();
  });

  it('refuses while a change is being sent', async () => {
    const { port, controller, activity, ready } = setup();
    ready();
    activity.sending = 1;
    expect(await controller.install()).toEqual({ restarting: false, blockedBy: 'sending' });
    await vi.runAllTimersAsync();
    expect(port.quitAndInstall).not.toHaveBeenCalled();
  });

  it('refuses when nothing is downloaded', async () => {
    const { port, controller } = setup();
    port.fire({ type: 'available', version: '1.1.0' });
    expect(await controller.install()).toEqual({ restarting: false, blockedBy: 'no-update' });
  });

  it('restarts on request with an empty outbox: lets the quit through first, once', async () => {
    const { port, controller, beforeRestart, ready } = setup();
    ready();
    expect(await controller.install()).toEqual({ restarting: true, blockedBy: null });
    expect(await controller.install()).toEqual({ restarting: true, blockedBy: null });
    expect(port.quitAndInstall).not.toHaveBeenCalled(); // the reply reaches the page first
    await vi.advanceTimersByTimeAsync(1000);
    expect(beforeRestart).toHaveBeenCalledTimes(1);
    expect(port.quitAndInstall).toHaveBeenCalledTimes(1);
    expect(beforeRestart.mock.invocationCallOrder[0]).toBeLessThan(port.quitAndInstall.mock.invocationCallOrder[0] ?? 0);
  });

  it('calls the restart off if a send starts between the request and the restart', async () => {
    const { port, controller, activity, events, ready } = setup();
    ready();
    expect(await controller.install()).toEqual({ restarting: true, blockedBy: null });
    activity.sending = 1;
    await vi.advanceTimersByTimeAsync(1000);
    expect(port.quitAndInstall).not.toHaveBeenCalled();
    expect(events.at(-1)).toMatchObject({ type: 'update-status', status: { restartBlockedBy: 'sending' } });
    // Once it is sent, the agent may ask again.
    activity.sending = 0;
    expect(await controller.install()).toEqual({ restarting: true, blockedBy: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(port.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('re-announces the status when the outbox empties, so the page can offer the restart', () => {
    const { controller, activity, events, ready } = setup();
    activity.pending = 2;
    ready();
    expect(events.at(-1)).toMatchObject({ status: { state: 'ready', restartBlockedBy: 'pending-changes' } });
    activity.pending = 0;
    controller.activityChanged();
    expect(events.at(-1)).toMatchObject({ status: { state: 'ready', restartBlockedBy: null } });
    const count = events.length;
    controller.activityChanged();
    expect(events).toHaveLength(count); // unchanged status is not sent again
  });

  it('notify mode: tells the agent a version exists, never offers a restart', async () => {
    const { port, controller, notices } = setup({ mode: 'notify', locale: 'cs-CZ' });
    port.fire({ type: 'available', version: '2.0.0' });
    expect(controller.status()).toMatchObject({ mode: 'notify', state: 'available', version: '2.0.0' });
    expect(notices).toEqual(['Je k dispozici verze 2.0.0. Tuto instalaci aktualizuje správce balíčků, IT nebo nové stažení.']);
    expect(await controller.install()).toEqual({ restarting: false, blockedBy: 'not-supported' });
  });
});

describe('electron-updater port', () => {
  function fakeUpdater() {
    const emitter = new EventEmitter();
    const updater = Object.assign(emitter, {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: true,
      allowPrerelease: true,
      disableWebInstaller: false,
      logger: null as unknown,
      checkForUpdates: vi.fn(async () => ({ downloadPromise: Promise.reject(new Error('download failed')) })),
      quitAndInstall: vi.fn(),
    });
    // A structural stand-in: only the members the port touches exist.
    return { updater, asAppUpdater: updater as unknown as AppUpdater };
  }

  it('sets safe options and maps events', async () => {
    const { updater, asAppUpdater } = fakeUpdater();
    const port = createElectronUpdaterPort(asAppUpdater, silentLog);
    port.configure({ autoDownload: false, autoInstallOnAppQuit: false });
    expect(updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      allowPrerelease: false,
      disableWebInstaller: true,
    });
    const seen: UpdaterEvent[] = [];
    port.onEvent((e) => seen.push(e));
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.2.0' });
    updater.emit('download-progress', { percent: 50 });
    updater.emit('update-downloaded', { version: '1.2.0' });
    updater.emit('update-not-available', { version: '1.0.0' });
    updater.emit('error', new Error('x'));
    expect(seen.map((e) => e.type)).toEqual(['checking', 'available', 'progress', 'downloaded', 'not-available', 'error']);
    // A failed background download is reported by its `error` event, not as an unhandled rejection.
    await expect(port.check()).resolves.toBeUndefined();
    port.quitAndInstall();
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });
});

describe('readPackageType', () => {
  it('reads resources/package-type (deb/rpm installs), null otherwise', () => {
    vi.useRealTimers();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-pt-'));
    try {
      expect(readPackageType(dir)).toBeNull();
      writeFileSync(path.join(dir, 'package-type'), 'deb\n');
      expect(readPackageType(dir)).toBe('deb');
      expect(readPackageType(undefined)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
