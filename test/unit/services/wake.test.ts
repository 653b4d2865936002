/**
 * Wake handling (electron/services/wake.ts) with the connectivity monitor's probeNow and
 * onOsOnline: probe at once, then tell the renderer.
 */
import { describe, expect, it } from 'vitest';
import type { Connectivity, DeskEvent } from '../../../common/ipc-contract';
import { createConnectivityMonitor, type Timers } from '../../../electron/services/connectivity';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createWakeHandler } from '../../../electron/services/wake';

const neverTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

describe('wake: probe at once, then tell the renderer', () => {
  it('resume probes (even while the monitor believes it is online) and emits wake with the fresh answer', async () => {
    let reachable = false;
    let probes = 0;
    const events: DeskEvent[] = [];
    const m = createConnectivityMonitor({
      isOsOnline: () => true,
      probe: async () => {
        probes += 1;
        return reachable;
      },
      onChange: (s) => events.push({ type: 'connectivity', ...s }),
      timers: neverTimers,
    });
    expect(m.state().online).toBe(true);
    const wake = createWakeHandler({ probeNow: () => m.probeNow(), emit: (e) => events.push(e) });
    await wake.trigger('resume');
    expect(probes).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['connectivity', 'wake']);
    expect(events[1]).toMatchObject({ type: 'wake', online: false });
    reachable = true;
    await wake.trigger('unlock-screen');
    expect(probes).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'wake', online: true });
  });

  it('resume and unlock-screen together: one probe runs, one more after it, never a pile', async () => {
    let release: (v: Connectivity) => void = () => undefined;
    let probes = 0;
    const events: DeskEvent[] = [];
    const wake = createWakeHandler({
      probeNow: () => {
        probes += 1;
        return new Promise<Connectivity>((r) => (release = r));
      },
      emit: (e) => events.push(e),
    });
    const first = wake.trigger('resume');
    void wake.trigger('unlock-screen');
    void wake.trigger('network-back');
    expect(probes).toBe(1);
    release({ online: true, since: 'a' });
    await new Promise((r) => setImmediate(r));
    expect(probes).toBe(2);
    release({ online: true, since: 'b' });
    await first;
    expect(probes).toBe(2);
    expect(events).toEqual([
      { type: 'wake', online: true, since: 'a' },
      { type: 'wake', online: true, since: 'b' },
    ]);
  });

  it('the OS reporting the network back calls onOsOnline (services turn it into a wake)', async () => {
    let os = false;
    const due: Array<() => void> = [];
    let osOnline = 0;
    const m = createConnectivityMonitor({
      isOsOnline: () => os,
      probe: async () => true,
      onChange: () => undefined,
      onOsOnline: () => (osOnline += 1),
      timers: { setTimeout: (fn) => due.push(fn), clearTimeout: () => undefined },
      pollMs: 1000,
    });
    os = true;
    // Fire the poll timer (the first one armed).
    due.shift()?.();
    expect(osOnline).toBe(1);
    await m.probeNow();
    m.stop();
  });

  it('a probe failure in probeNow is not an exception for the handler', async () => {
    const log = createMemoryLogger();
    const wake = createWakeHandler({ probeNow: () => Promise.reject(new Error('boom')), emit: () => undefined, log });
    await expect(wake.trigger('resume')).resolves.toBeUndefined();
    expect(log.lines.join('\n')).toContain('wake: probe failed');
  });
});
