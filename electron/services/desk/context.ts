/**
 * What the desk services' parts share: the options both hosts pass to
 * `createDeskServices` (../desk-services.ts) and the context each group of channels is
 * built from.
 */
import type { DeskError } from '../../../common/errors';
import type {
  DeskEvent,
  InstallUpdateResult,
  NetworkInfo,
  SaveExportResult,
  UpdateStatus,
} from '../../../common/ipc-contract';
import type { Result } from '../../../common/result';
import type { ConnectivityMonitor } from '../connectivity';
import type { KeyringBackend, KeyStore } from '../keychain';
import type { Logger } from '../logger';
import type { Policy } from '../policy/policy-service';
import type { SettingsStore } from '../settings-store';
import type { Secrets } from './secrets';
import type { Targets } from './targets';
import type { DataKeyStore } from './data-key-channels';
import type { Journal } from '../journal/journal';

export interface DeskServicesOptions {
  host: 'electron' | 'browser';
  version: string;
  platform: string;
  locale: string;
  /** settings.json lives here. */
  userDataDir: string;
  keychain: { service: string; account: string; backend?: KeyringBackend };
  /** Where the data key is kept between runs; without it, for this run only. */
  dataKeys?: DataKeyStore;
  /** The journal of unsent work in `userDataDir` (default on); false runs without it (a bench's baseline). */
  journal?: boolean;
  /** The browser host's BIZKITHUB_API_URL: wins over the setting (an `apiUrl` policy wins over both). */
  apiUrlOverride?: string;
  /** IT policy (../policy/policy-service.ts), read once at start. Absent: none. */
  policy?: Policy;
  /**
   * The live API is the built-in sandbox too (the browser host without BIZKITHUB_API_URL):
   * the app then says so instead of "connected" as if it were BizKitHub.
   */
  liveIsSandbox?: boolean;
  /** Called lazily, at most once. */
  startDemoSandbox: () => Promise<{ url: string; demoKey: string }>;
  isOsOnline?: () => boolean;
  log: Logger;
  /** Events to the renderer(s). */
  emit: (event: DeskEvent) => void;
  showNotification?: (title: string, body: string) => boolean;
  onPendingReport?: (pending: number) => void;
  /** The app's updater (packaged Electron app only; electron/main/updates.ts). Absent: updates are off. */
  updates?: {
    status(): UpdateStatus;
    install(): Promise<InstallUpdateResult>;
  };
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Which proxy a request to this URL goes through (Settings → Network). Absent: direct. */
  describeProxy?: (url: string) => Promise<NetworkInfo> | NetworkInfo;
  /** Export for support through a save dialog (desktop app). Absent: the page downloads it. */
  saveExport?: (fileName: string, contents: string) => Promise<Result<SaveExportResult, DeskError>>;
  /** The folder main's log is in, and how to open it (absent: the UI shows the path). */
  logFolder?: string;
  openFolder?: (folder: string) => Promise<boolean>;
}

/**
 * What each group of channels (./settings-channels.ts, ./complaint-channels.ts,
 * ./host-channels.ts) is built from: the options and the services they share.
 */
export interface ChannelContext {
  o: DeskServicesOptions;
  log: Logger;
  secrets: Secrets;
  settings: SettingsStore;
  keys: KeyStore;
  /** The data key, made known to `secrets` whenever the store gives it. */
  dataKeys: DataKeyStore;
  targets: Targets;
  /** The journal of unsent work; null when it is off or its file could not be opened. */
  journal: Journal | null;
  monitor: ConnectivityMonitor;
  /** To the renderer(s); a failing listener is logged, never thrown. */
  emit: (event: DeskEvent) => void;
}
