/** #13 finding 8: while online, the API is probed every `onlineProbeMs`, so "Online" reflects the API. */
import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../common/ipc-contract';
import { createConnectivityMonitor, type Timers } from '../../../electron/services/connectivity';

function manualTimers() {
  let t = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(nextId, { at: t + ms, fn });
      return nextId++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  async function advance(ms: number) {
    const end = t + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      t = due[1].at;
      due[1].fn();
      await new Promise<void>((r) => setImmediate(r));
    }
    t = end;
  }
  return { timers, advance, now: () => new Date(t), pending: () => pending.size };
}

describe('connectivity: probing while online', () => {
  it('an outage with nothing being sent shows as offline within one interval, and online again after it', async () => {
    const time = manualTimers();
    let up = true;
    let probes = 0;
    const changes: Connectivity[] = [];
    const m = createConnectivityMonitor({
      isOsOnline: () => true,
      probe: async () => {
        probes++;
        return up;
      },
      onChange: (s) => changes.push(s),
      timers: time.timers,
      now: time.now,
      onlineProbeMs: 10_000,
    });
    await time.advance(25_000);
    expect(probes).toBe(2);
    expect(changes).toEqual([]);

    up = false;
    await time.advance(10_000);
    expect(changes.map((c) => c.online)).toEqual([false]);

    up = true;
    await time.advance(5_000); // the offline backoff probes (1 s, 2 s, …) find it back
    expect(changes.map((c) => c.online)).toEqual([false, true]);
    m.stop();
    expect(time.pending()).toBe(0);
  });

  it('is off without onlineProbeMs (no probes while online)', async () => {
    const time = manualTimers();
    let probes = 0;
    const m = createConnectivityMonitor({
      isOsOnline: () => true,
      probe: async () => {
        probes++;
        return true;
      },
      onChange: () => undefined,
      timers: time.timers,
      now: time.now,
    });
    await time.advance(60_000);
    expect(probes).toBe(0);
    m.stop();
  });
});
