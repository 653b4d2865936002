/**
 * Online/offline as the app should act on it: "can we reach the API?".
 *
 * - Every `pollMs` (~1 s) the OS state is read (cheap). Going offline there is believed at
 *   once; coming back online triggers an immediate probe.
 * - While offline (or while the last probe failed) the API is probed with backoff
 *   (1 s doubling to 5 s), one probe at a time. A probe is one key-less HEAD request, which
 *   costs no rate-limit quota, so a short cap is cheap and a server that comes back on its
 *   own is noticed within seconds. A successful probe wins even over an OS that still
 *   says offline (its detection can be wrong; an HTTP answer is proof).
 * - `report(ok)` feeds the API client's real outcomes in without extra requests;
 *   `check()` asks for a probe now when an outcome was ambiguous (timeout, dropped).
 * - With `onlineProbeMs`, the API is also probed that often while online, so "Online"
 *   reflects the API and not only the OS: a server outage shows as Offline within that
 *   time even when nothing is being sent.
 */
import type { Connectivity } from '../../common/ipc-contract';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConnectivityOptions {
  isOsOnline: () => boolean;
  /** Resolves true when the API answered at all (any HTTP status). Should time out on its own. */
  probe: () => Promise<boolean>;
  onChange: (state: Connectivity) => void;
  /** The OS reported the network back (offline → online); a probe has just started. */
  onOsOnline?: () => void;
  now?: () => Date;
  timers?: Timers;
  pollMs?: number;
  probeMinMs?: number;
  probeMaxMs?: number;
  /** While online, probe this often (off when absent). */
  onlineProbeMs?: number;
}

export interface ConnectivityMonitor {
  state(): Connectivity;
  /** An API outcome: true = the server answered, false = it could not be reached. */
  report(ok: boolean): void;
  /**
   * Something looked wrong but proves nothing (a timeout, a dropped connection): probe
   * now instead of waiting. Changes the state only through the probe's answer.
   */
  check(): void;
  /**
   * Probe now, whatever the state and the backoff (wake from sleep, network back), and
   * resolve with the answer. A probe already running is that answer (it started just now).
   */
  probeNow(): Promise<Connectivity>;
  stop(): void;
}

const nodeTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Never keep a process alive just to watch the network.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function nextProbeDelay(current: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, current * 2));
}

/** The OS's answer, or `fallback` when asking throws (no opinion: the probes and API outcomes decide). */
function osOnlineOr(isOsOnline: () => boolean, fallback: boolean): boolean {
  try {
    return isOsOnline();
  } catch {
    return fallback;
  }
}

/** A failing listener must not stop the monitor. */
function callListener(listener: () => void): void {
  try {
    listener();
  } catch {
    // ignored: see above
  }
}

export function createConnectivityMonitor(o: ConnectivityOptions): ConnectivityMonitor {
  const timers = o.timers ?? nodeTimers;
  const now = o.now ?? (() => new Date());
  const pollMs = o.pollMs ?? 1000;
  const probeMin = o.probeMinMs ?? 1000;
  const probeMax = o.probeMaxMs ?? 5_000;

  const safeOs = (): boolean => osOnlineOr(o.isOsOnline, true);

  let osOnline = safeOs();
  let online = osOnline;
  let since = now().toISOString();
  let stopped = false;
  let pollTimer: unknown;
  let probeTimer: unknown;
  let probeDelay = probeMin;
  let probing = false;
  let probeRun: Promise<void> = Promise.resolve();
  /** Bumped whenever a probe's answer would be stale (a newer fact arrived). */
  let generation = 0;

  const set = (next: boolean) => {
    if (next === online) return;
    online = next;
    since = now().toISOString();
    callListener(() => o.onChange({ online, since }));
  };

  const cancelProbe = () => {
    if (probeTimer !== undefined) timers.clearTimeout(probeTimer);
    probeTimer = undefined;
  };

  const scheduleProbe = (delay: number) => {
    if (stopped || probing) return;
    cancelProbe();
    probeTimer = timers.setTimeout(() => {
      probeTimer = undefined;
      void runProbe();
    }, delay);
  };

  /** Next probe after the current backoff step; the step after it is twice as long (capped). */
  const scheduleBackoffProbe = () => {
    if (stopped || probing || probeTimer !== undefined) return;
    const wait = probeDelay;
    probeDelay = nextProbeDelay(probeDelay, probeMin, probeMax);
    scheduleProbe(wait);
  };

  const runProbe = (): Promise<void> => {
    if (stopped || probing) return probeRun;
    probing = true;
    probeRun = probeOnce();
    return probeRun;
  };

  const probeOnce = async () => {
    const gen = generation;
    let reachable = false;
    try {
      reachable = await o.probe();
    } catch {
      reachable = false;
    }
    probing = false;
    if (stopped) return;
    if (gen !== generation) {
      // A report or an OS change arrived meanwhile; it decides. Keep probing if still offline.
      if (!online) scheduleBackoffProbe();
      return;
    }
    if (reachable) {
      probeDelay = probeMin;
      set(true);
    } else {
      set(false);
      scheduleBackoffProbe();
    }
  };

  const poll = () => {
    pollTimer = undefined;
    if (stopped) return;
    const os = safeOs();
    if (os !== osOnline) {
      osOnline = os;
      generation++;
      if (!os) {
        set(false);
        probeDelay = probeMin;
        cancelProbe();
        scheduleBackoffProbe();
      } else {
        probeDelay = probeMin;
        cancelProbe();
        void runProbe();
        callListener(() => o.onOsOnline?.());
      }
    }
    pollTimer = timers.setTimeout(poll, pollMs);
  };

  pollTimer = timers.setTimeout(poll, pollMs);
  if (!osOnline) scheduleBackoffProbe();

  let heartbeatTimer: unknown;
  const heartbeat = () => {
    heartbeatTimer = undefined;
    if (stopped) return;
    // Offline has its own backoff probes; one probe at a time.
    if (online && !probing && probeTimer === undefined) void runProbe();
    if (o.onlineProbeMs !== undefined) heartbeatTimer = timers.setTimeout(heartbeat, o.onlineProbeMs);
  };
  if (o.onlineProbeMs !== undefined) heartbeatTimer = timers.setTimeout(heartbeat, o.onlineProbeMs);

  return {
    state: () => ({ online, since }),
    report(ok) {
      if (stopped) return;
      generation++;
      if (ok) {
        probeDelay = probeMin;
        cancelProbe();
        set(true);
      } else {
        if (online) {
          probeDelay = probeMin;
          set(false);
        }
        scheduleBackoffProbe(); // no-op while a probe is pending or running
      }
    },
    check() {
      if (stopped || probing || !online) return; // offline: probes are already scheduled
      cancelProbe();
      void runProbe();
    },
    async probeNow() {
      if (!stopped) {
        if (!probing) {
          generation++;
          probeDelay = probeMin;
          cancelProbe();
        }
        await runProbe();
      }
      return { online, since };
    },
    stop() {
      stopped = true;
      if (pollTimer !== undefined) timers.clearTimeout(pollTimer);
      if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer);
      cancelProbe();
      pollTimer = undefined;
    },
  };
}
