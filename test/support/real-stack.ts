/**
 * The app's main side in this Node process, wired as the hosts wire it: the real desk
 * services (in-memory keychain, a temporary user-data folder) against a sandbox, the real
 * dispatcher, and `createDeskApi` over it as the preload builds `window.desk`. Nothing
 * between the caller and the sandbox's HTTP server is mocked. Used by the sync
 * integration harness, the chaos and crash runs, and the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskApi, DeskEvent } from '../../common/ipc-contract';
import { SANDBOX_DEMO_KEY } from '../../electron/sandbox/demo-key';
import type { Sandbox } from '../../electron/sandbox/sandbox-server';
import { createDeskServices, type DeskServices } from '../../electron/services/desk-services';
import { createMemoryLogger, type MemoryLogger } from '../../electron/services/logger';
import type { DeskDatabase } from '../../renderer/src/data/db';
import { reconcileWithJournal, type ReconcileReport } from '../../renderer/src/data/journal-reconcile';
import { attachJournal } from '../../renderer/src/data/journal-writer';
import { deskOverDispatcher } from './desk-over-dispatcher';
import { memoryKeyring } from './memory-keyring';

export interface MainSide {
  services: DeskServices;
  desk: DeskApi;
  log: MemoryLogger;
  /** Sends an event to the renderer side, as main would (e.g. connectivity). */
  emit(event: DeskEvent): void;
  /** What the OS says about the network (main's connectivity monitor polls it every second, like net.isOnline()). */
  setOsOnline(online: boolean): void;
  /** Disposes the services and removes the user-data folder (the sandbox stays the caller's). */
  dispose(): Promise<void>;
}

export interface MainSideOptions {
  /** Names the temporary user-data folder and the keychain service. */
  name: string;
  /** AppInfo's version. Default `0.0.0-test`. */
  version?: string;
  /** AppInfo's platform. Default `linux`. */
  platform?: string;
  /** The API client's timeout (default: the services' own). */
  timeoutMs?: number;
  /** What the OS reports at first. Default online. */
  osOnline?: boolean;
  /**
   * The user-data folder (with the journal of unsent work in it) to use and keep, as a
   * restarted main finds it. Default: a fresh one, removed on dispose.
   */
  userDataDir?: string;
}

/** Main's services against `sandbox`; no key configured (demo mode, the sandbox's demo key). */
export async function startMainSide(sandbox: Sandbox, options: MainSideOptions): Promise<MainSide> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), `${options.name}-`));
  const listeners = new Set<(event: unknown) => void>();
  const emit = (event: DeskEvent): void => listeners.forEach((l) => l(event));
  const log = createMemoryLogger();
  let osOnline = options.osOnline ?? true;
  const services = await createDeskServices({
    host: 'browser',
    version: options.version ?? '0.0.0-test',
    platform: options.platform ?? 'linux',
    locale: 'en-US',
    userDataDir,
    keychain: { service: options.name, account: 'api-key', backend: memoryKeyring() },
    apiUrlOverride: sandbox.url,
    startDemoSandbox: async () => ({ url: sandbox.url, demoKey: SANDBOX_DEMO_KEY }),
    isOsOnline: () => osOnline,
    log,
    emit,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const desk = deskOverDispatcher(services, log, (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
  return {
    services,
    desk,
    log,
    emit,
    setOsOnline: (online) => {
      osOnline = online;
    },
    async dispose() {
      listeners.clear();
      await services.dispose();
      if (options.userDataDir === undefined) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The journal of unsent work on, as a workspace turns it on at its start: the database's
 * outbox actions are journaled through `desk`, and the database is reconciled with main's
 * journal (what it lacks is restored).
 */
export async function journalOn(db: DeskDatabase, desk: DeskApi): Promise<ReconcileReport> {
  attachJournal(db, async (records) => {
    const written = await desk.appendJournal({ records });
    if (!written.ok) throw new Error(written.error.message);
  });
  return reconcileWithJournal(db, desk);
}
