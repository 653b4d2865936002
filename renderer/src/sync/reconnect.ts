/**
 * Back online, everything goes. While BizKitHub cannot be reached, tries do not grow an
 * entry's backoff (common/outbox-transitions.ts); when it answers again after being offline
 * or unreachable, every entry waiting on a network or server backoff is due within a
 * second or two (../data/outbox-reconnect.ts). Without this, a change whose check kept
 * failing during a long outage would wait out a backoff grown meanwhile.
 *
 * "Unreachable" is what main said (its connectivity monitor probes the API), what the
 * window's OS said, what this database last stored (a window closed or killed offline),
 * or a request of this engine that found nothing at the other end.
 */
import { releaseReconnectBackoffs } from '../data/outbox-reconnect';
import type { DeskDatabase } from '../data/db';
import type { SyncMetaState } from './sync-meta';

export interface Reachability {
  /** The API may be unreachable (the OS went offline, or the window was closed offline). */
  lost(): void;
  /**
   * Main's word on the API. Offline: noted. Online after being unreachable: the waiting
   * backoffs end first. Resolves with `online`.
   */
  apiAnswered(online: boolean): Promise<boolean>;
}

export function createReachability(o: {
  db: DeskDatabase;
  state: SyncMetaState;
  now: () => number;
  random: () => number;
}): Reachability {
  const { state } = o;
  let unreachable = false;
  return {
    lost() {
      unreachable = true;
    },
    async apiAnswered(online) {
      if (!online) {
        unreachable = true;
        await state.setOnline(false);
        return false;
      }
      // A request of this engine that reached nothing leaves `network` as the last error.
      const cameBack = unreachable || !state.meta.online || state.meta.lastError?.kind === 'network';
      unreachable = false;
      await state.setOnline(true);
      // A database that fails here fails the flush that follows too, which reports it.
      if (cameBack) await releaseReconnectBackoffs(o.db, o.now(), o.random).catch(() => 0);
      return true;
    },
  };
}
