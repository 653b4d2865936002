import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../common/ipc-contract';
import { createConnectivityMonitor, nextProbeDelay, type Timers } from '../../../electron/services/connectivity';

/** A manual clock: timers fire only when the test advances time. */
function manualTime(start = Date.parse('2026-11-28T12:00:00Z')) {
  let t = start;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      pending.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimeout: (h) => {
      pending.delete(h as number);
    },
  };
  const flush = () => new Promise<void>((r) => setImmediate(r));
  async function advance(ms: number) {
    const end = t + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      t = due[1].at;
      due[1].fn();
      await flush();
    }
    t = end;
    await flush();
  }
  return { timers, now: () => new Date(t), advance, pendingCount: () => pending.size, elapsed: () => t - start };
}

function setup(opts: { os?: boolean; probe?: () => boolean } = {}) {
  const time = manualTime();
  let os = opts.os ?? true;
  const probes: number[] = [];
  let probeResult = opts.probe ?? (() => false);
  const changes: Connectivity[] = [];
  const m = createConnectivityMonitor({
    isOsOnline: () => os,
    probe: async () => {
      probes.push(time.elapsed());
      return probeResult();
    },
    onChange: (s) => changes.push(s),
    now: time.now,
    timers: time.timers,
  });
  return {
    m,
    time,
    probes,
    changes,
    setOs: (v: boolean) => (os = v),
    setProbe: (f: () => boolean) => (probeResult = f),
  };
}

describe('connectivity monitor', () => {
  it('backoff doubles from 1 s and caps at 30 s', () => {
    const seq = [1000];
    for (let i = 0; i < 7; i++) seq.push(nextProbeDelay(seq[seq.length - 1] as number, 1000, 30_000));
    expect(seq).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('starts online when the OS says so and does not probe while online', async () => {
    const s = setup();
    expect(s.m.state().online).toBe(true);
    await s.time.advance(60_000);
    expect(s.probes).toEqual([]);
    expect(s.changes).toEqual([]);
    s.m.stop();
  });

  it('a network failure report goes offline, then probes with backoff until one succeeds', async () => {
    const s = setup();
    s.m.report(false);
    expect(s.m.state().online).toBe(false);
    expect(s.changes).toHaveLength(1);
    expect(s.changes[0]).toMatchObject({ online: false, since: '2026-11-28T12:00:00.000Z' });
    await s.time.advance(1000 + 2000 + 4000 + 5000 + 5000 + 5000);
    expect(s.probes).toEqual([1000, 3000, 7000, 12000, 17000, 22000]);
    s.setProbe(() => true);
    await s.time.advance(30_000);
    expect(s.m.state().online).toBe(true);
    expect(s.changes.map((c) => c.online)).toEqual([false, true]);
    await s.time.advance(120_000);
    expect(s.probes).toHaveLength(7); // no more probing once online
    s.m.stop();
  });

  it('repeated failure reports do not reset the backoff or stack probes', async () => {
    const s = setup();
    s.m.report(false);
    await s.time.advance(1000); // probe 1 (fails) → next in 2 s
    s.m.report(false);
    s.m.report(false);
    await s.time.advance(2000);
    expect(s.probes).toEqual([1000, 3000]);
    s.m.stop();
  });

  it('any HTTP response (report(true)) brings it back online at once and stops probing', async () => {
    const s = setup();
    s.m.report(false);
    await s.time.advance(500);
    s.m.report(true);
    expect(s.m.state().online).toBe(true);
    await s.time.advance(60_000);
    expect(s.probes).toEqual([]);
    s.m.stop();
  });

  it('follows the OS: offline at once, and an immediate probe when it comes back', async () => {
    const s = setup({ probe: () => true });
    s.setOs(false);
    await s.time.advance(1000); // the 1 s poll sees it
    expect(s.m.state().online).toBe(false);
    s.setProbe(() => false);
    await s.time.advance(3000); // probes while offline too (the OS may be wrong)
    const before = s.probes.length;
    s.setOs(true);
    s.setProbe(() => true);
    await s.time.advance(1000);
    expect(s.probes.length).toBe(before + 1);
    expect(s.m.state().online).toBe(true);
    expect(s.changes.map((c) => c.online)).toEqual([false, true]);
    s.m.stop();
  });

  it('a successful probe wins over an OS that wrongly says offline', async () => {
    const s = setup({ os: false, probe: () => true });
    expect(s.m.state().online).toBe(false);
    await s.time.advance(1000);
    expect(s.m.state().online).toBe(true);
    await s.time.advance(10_000);
    expect(s.m.state().online).toBe(true); // no flapping while the OS keeps saying offline
    s.m.stop();
  });

  it('a probe that throws counts as a failure; a throwing onChange does not break it', async () => {
    const time = manualTime();
    let calls = 0;
    const m = createConnectivityMonitor({
      isOsOnline: () => true,
      probe: async () => {
        calls++;
        throw new Error('nope');
      },
      onChange: () => {
        throw new Error('listener bug');
      },
      timers: time.timers,
      now: time.now,
    });
    m.report(false);
    await time.advance(3000);
    expect(calls).toBe(2);
    expect(m.state().online).toBe(false);
    m.stop();
  });

  it('stop() clears every timer', async () => {
    const s = setup();
    s.m.report(false);
    s.m.stop();
    expect(s.time.pendingCount()).toBe(0);
    await s.time.advance(60_000);
    expect(s.probes).toEqual([]);
  });
});

describe('connectivity monitor: check()', () => {
  it('probes at once while online; a failed probe goes offline, a good one changes nothing', async () => {
    const s = setup({ probe: () => true });
    s.m.check();
    await s.time.advance(0);
    expect(s.probes).toEqual([0]);
    expect(s.changes).toEqual([]);
    s.setProbe(() => false);
    s.m.check();
    await s.time.advance(0);
    expect(s.m.state().online).toBe(false);
    expect(s.changes.map((c) => c.online)).toEqual([false]);
    await s.time.advance(1000); // and the backoff probing has started
    expect(s.probes).toEqual([0, 0, 1000]);
    s.m.stop();
  });

  it('is a no-op while offline (probes are already scheduled)', async () => {
    const s = setup();
    s.m.report(false);
    s.m.check();
    s.m.check();
    await s.time.advance(0);
    expect(s.probes).toEqual([]);
    await s.time.advance(1000);
    expect(s.probes).toEqual([1000]);
    s.m.stop();
  });
});
