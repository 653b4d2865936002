/**
 * Wake handling, pure: the computer resumed from sleep, the screen was unlocked, or the OS
 * reported the network back. Timers armed before a sleep are stale (on most OSes they do
 * not count the time asleep), so nothing may wait for them:
 *
 * 1. probe the API at once (the connectivity monitor's `probeNow`), then
 * 2. emit `{ type: 'wake', online, since }` with that fresh answer: the renderer's sync
 *    engine drops its stale retry timer and flushes now; entries whose retry time passed
 *    during the sleep are sent at once (it compares with the wall clock).
 *
 * Triggers that arrive while a probe runs (resume and unlock-screen usually come together)
 * get one more probe and wake after it, never a pile of them.
 */
import type { Connectivity, DeskEvent } from '../../common/ipc-contract';
import type { Logger } from './logger';

export type WakeReason = 'resume' | 'unlock-screen' | 'network-back';

export interface WakeHandlerOptions {
  probeNow: () => Promise<Connectivity>;
  emit: (event: DeskEvent) => void;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export interface WakeHandler {
  /** Resolves when the probe and the event this trigger caused are done. */
  trigger(reason: WakeReason): Promise<void>;
}

export function createWakeHandler(o: WakeHandlerOptions): WakeHandler {
  let running: Promise<void> | null = null;
  let again: WakeReason | null = null;

  const once = async (reason: WakeReason): Promise<void> => {
    let state: Connectivity;
    try {
      state = await o.probeNow();
    } catch (e) {
      o.log?.warn('wake: probe failed', { reason, error: e });
      return;
    }
    o.log?.info('wake: probed the API', { reason, online: state.online });
    try {
      o.emit({ type: 'wake', online: state.online, since: state.since });
    } catch (e) {
      o.log?.warn('wake: emit failed', { error: e });
    }
  };

  const loop = async (first: WakeReason): Promise<void> => {
    let reason: WakeReason | null = first;
    while (reason !== null) {
      again = null;
      await once(reason);
      reason = again;
    }
    running = null;
  };

  return {
    trigger(reason) {
      if (running) {
        again = reason;
        return running;
      }
      running = loop(reason);
      return running;
    },
  };
}
