import type { DataKey } from '../../../common/data-key';
import type { AppInfo, UpdateStatus } from '../../../common/ipc-contract';
import type { PolicyView } from '../../../common/policy';
import { DEFAULT_SETTINGS, type Settings } from '../../../common/settings';
import type { WaitingElsewhere } from '../data/destinations';
import { setDemoWording } from '../i18n/index.svelte';
import type { JournalGap } from './journal-gap';

/** App-wide state the views read: settings, what main says about itself, key changes. */
export class AppState {
  settings = $state<Settings>({ ...DEFAULT_SETTINGS });
  /** The data key for this page load (renderer/src/data/ seals personal data with it); memory only. */
  dataKey: DataKey | null = null;
  #appInfo = $state<AppInfo | null>(null);
  /** What main says about itself; its mode also picks the demo wording of every text. */
  get appInfo(): AppInfo | null {
    return this.#appInfo;
  }
  set appInfo(info: AppInfo | null) {
    this.#appInfo = info;
    setDemoWording(info?.mode === 'demo');
  }
  /** Bumped on every `key-changed` event so views that show the key status reload it. */
  keyVersion = $state(0);
  /** The app's own update, as main reports it (`getUpdateStatus`, then `update-status` events). */
  updateStatus = $state<UpdateStatus | null>(null);
  /** Unsent changes kept for other destinations (another API, or demo mode): they wait, never sent from here. */
  waitingElsewhere = $state<WaitingElsewhere[]>([]);
  /** waitingElsewhere has been read for the current destination (until then, nothing is said to be all sent). */
  waitingLoaded = $state(false);
  /** What the start-up check against main's journal could not settle (./journal-gap.ts); null when nothing. */
  journalGap = $state<JournalGap | null>(null);
  /** IT policy as main reports it (common/policy.ts); null before the app info arrives. */
  get policy(): PolicyView | null {
    return this.appInfo?.policy ?? null;
  }
  /** IT turned demo mode off: no demo data, offer or banner. */
  get demoOff(): boolean {
    return this.appInfo?.policy?.enforced.demoMode === false;
  }
  /** How many changes wait for another destination. */
  get waitingCount(): number {
    return this.waitingElsewhere.reduce((sum, w) => sum + w.entries.length, 0);
  }
}
