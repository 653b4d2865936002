/**
 * The desk's connectivity: the monitor (../connectivity.ts) probing the API the requests
 * go to, fed by every client's exchanges, and the wake handler (../wake.ts).
 */
import type { DeskEvent } from '../../../common/ipc-contract';
import type { ApiExchangeOutcome } from '../api-client';
import { createConnectivityMonitor, type ConnectivityMonitor } from '../connectivity';
import type { Logger } from '../logger';
import { createWakeHandler, type WakeHandler } from '../wake';

const PROBE_TIMEOUT_MS = 5000;
/** While online, the API is probed this often (a key-less HEAD, no rate-limit quota): an outage shows as Offline within ~15 s. */
const ONLINE_PROBE_MS = 10_000;

export interface DeskConnectivityOptions {
  isOsOnline?: () => boolean;
  fetch: typeof fetch;
  log: Logger;
  emit: (event: DeskEvent) => void;
  /** The API to probe; `undefined`: nothing remote to reach (the demo sandbox not started). */
  probeBase: () => string | undefined;
}

export interface DeskConnectivity {
  monitor: ConnectivityMonitor;
  wake: WakeHandler;
  /** What an API client's attempt told about reachability. */
  onExchange(outcome: ApiExchangeOutcome): void;
}

export function createDeskConnectivity(c: DeskConnectivityOptions): DeskConnectivity {
  const { log } = c;
  const fetchImpl = c.fetch;
  const monitor = createConnectivityMonitor({
    isOsOnline: c.isOsOnline ?? (() => true),
    // "Online" in the header is the API's answer, not only the OS's.
    onlineProbeMs: ONLINE_PROBE_MS,
    probe: async () => {
      const base = c.probeBase();
      if (base === undefined) return true; // demo sandbox not started: nothing remote to reach
      try {
        // No key is sent: any HTTP answer from the API's origin means it is reachable.
        const res = await fetchImpl(new URL('/', base), {
          method: 'HEAD',
          redirect: 'manual',
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        await res.body?.cancel().catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
    onChange: (state) => {
      log.info(state.online ? 'connectivity: online' : 'connectivity: offline');
      c.emit({ type: 'connectivity', ...state });
    },
    onOsOnline: () => void wake.trigger('network-back'),
  });
  const wake = createWakeHandler({ probeNow: () => monitor.probeNow(), emit: c.emit, log });
  return {
    monitor,
    wake,
    onExchange(outcome) {
      if (outcome === 'unclear') monitor.check();
      else monitor.report(outcome === 'response');
    },
  };
}
