import { describe, expect, it } from 'vitest';
import { UpdateStatusSchema, type UpdateStatus } from '../../../common/ipc-contract';
import {
  CHECK_INTERVAL_MS,
  decideInstall,
  initialStatus,
  isCheckDue,
  nextStatus,
  restartBlocker,
  RETRY_AFTER_FAILURE_MS,
  updateMode,
  updateNoticeText,
  UPDATES_ENV,
  type InstallFacts,
  type UpdaterEvent,
} from '../../../electron/main/update-policy';

const facts = (over: Partial<InstallFacts> = {}): InstallFacts => ({
  isPackaged: true,
  platform: 'win32',
  env: {},
  packageType: null,
  macSigning: null,
  ...over,
});

describe('updateMode: which copies update themselves', () => {
  it.each<[string, Partial<InstallFacts>, string]>([
    ['development build', { isPackaged: false }, 'off'],
    ['development build, even with an AppImage env', { isPackaged: false, platform: 'linux', env: { APPIMAGE: '/a' } }, 'off'],
    ['Windows NSIS install', { platform: 'win32' }, 'auto'],
    ['Windows portable', { platform: 'win32', env: { PORTABLE_EXECUTABLE_DIR: 'C:\\x' } }, 'notify'],
    ['macOS, signed', { platform: 'darwin', macSigning: 'signed\n' }, 'auto'],
    ['macOS, unsigned: Squirrel.Mac cannot install', { platform: 'darwin', macSigning: 'unsigned' }, 'notify'],
    ['macOS, no marker (not built by our afterPack)', { platform: 'darwin' }, 'notify'],
    ['Linux AppImage', { platform: 'linux', env: { APPIMAGE: '/home/a/desk.AppImage' } }, 'auto'],
    ['Linux deb', { platform: 'linux', packageType: 'deb\n' }, 'notify'],
    ['Linux rpm', { platform: 'linux', packageType: 'rpm' }, 'notify'],
    ['Linux unpacked folder', { platform: 'linux' }, 'off'],
    ['FreeBSD', { platform: 'freebsd' }, 'off'],
  ])('%s → %s', (_name, over, mode) => {
    expect(updateMode(facts(over)).mode).toBe(mode);
  });

  it(`IT can lower the mode with ${UPDATES_ENV}, never raise it`, () => {
    expect(updateMode(facts({ env: { [UPDATES_ENV]: 'off' } }))).toEqual({ mode: 'off', reason: `${UPDATES_ENV}=off` });
    expect(updateMode(facts({ env: { [UPDATES_ENV]: ' Notify ' } })).mode).toBe('notify');
    expect(updateMode(facts({ platform: 'linux', packageType: 'deb', env: { [UPDATES_ENV]: 'auto' } })).mode).toBe('notify');
    expect(updateMode(facts({ platform: 'linux', env: { [UPDATES_ENV]: 'notify' } })).mode).toBe('off');
    expect(updateMode(facts({ env: { [UPDATES_ENV]: 'whatever' } })).mode).toBe('auto');
  });

  it(`the updates policy replaces ${UPDATES_ENV}: it lowers the mode, never raises it`, () => {
    expect(updateMode(facts({ policy: 'off', env: { [UPDATES_ENV]: 'notify' } }))).toEqual({ mode: 'off', reason: 'policy updates=off' });
    expect(updateMode(facts({ policy: 'notify' })).mode).toBe('notify');
    // Policy says auto: the variable asking for off is not read.
    expect(updateMode(facts({ policy: 'auto', env: { [UPDATES_ENV]: 'off' } })).mode).toBe('auto');
    expect(updateMode(facts({ policy: 'auto', platform: 'linux', packageType: 'deb' })).mode).toBe('notify');
    expect(updateMode(facts({ policy: 'auto', isPackaged: false })).mode).toBe('off');
  });
});

describe('isCheckDue: on start and daily', () => {
  const t0 = Date.UTC(2026, 10, 28, 8, 0, 0);

  it('is due when nothing was checked yet', () => {
    expect(isCheckDue({ lastSuccessAt: null, lastFailureAt: null }, t0)).toBe(true);
  });

  it('after a success: due again only after a day', () => {
    const h = { lastSuccessAt: t0, lastFailureAt: null };
    expect(isCheckDue(h, t0 + 60_000)).toBe(false);
    expect(isCheckDue(h, t0 + CHECK_INTERVAL_MS - 1)).toBe(false);
    expect(isCheckDue(h, t0 + CHECK_INTERVAL_MS)).toBe(true);
  });

  it('after a failure (offline): retried an hour later, not every tick', () => {
    const h = { lastSuccessAt: t0 - 1000, lastFailureAt: t0 };
    expect(isCheckDue(h, t0 + RETRY_AFTER_FAILURE_MS - 1)).toBe(false);
    expect(isCheckDue(h, t0 + RETRY_AFTER_FAILURE_MS)).toBe(true);
  });

  it('an older failure does not shorten the daily interval', () => {
    expect(isCheckDue({ lastSuccessAt: t0, lastFailureAt: t0 - 5000 }, t0 + RETRY_AFTER_FAILURE_MS)).toBe(false);
  });

  it('a clock set backwards makes a check due rather than never', () => {
    expect(isCheckDue({ lastSuccessAt: t0, lastFailureAt: null }, t0 - 1000)).toBe(true);
    expect(isCheckDue({ lastSuccessAt: null, lastFailureAt: t0 }, t0 - 1000)).toBe(true);
  });
});

describe('restart policy: the agent chooses, never while changes wait', () => {
  const ready: Pick<UpdateStatus, 'mode' | 'state'> = { mode: 'auto', state: 'ready' };

  it('restarts only when ready, in auto mode, with an empty outbox and nothing sending', () => {
    expect(decideInstall(ready, { pending: 0, sending: 0 })).toEqual({ install: true });
  });

  it.each([
    [{ pending: 1, sending: 0 }, 'pending-changes'],
    [{ pending: 25, sending: 0 }, 'pending-changes'],
    [{ pending: 0, sending: 1 }, 'sending'],
    [{ pending: 3, sending: 2 }, 'sending'],
  ] as const)('refuses with %j → %s', (activity, blockedBy) => {
    expect(decideInstall(ready, activity)).toEqual({ install: false, blockedBy });
    expect(restartBlocker(activity)).toBe(blockedBy);
  });

  it('refuses when nothing is downloaded, or this copy cannot install itself', () => {
    for (const state of ['idle', 'checking', 'available', 'downloading', 'error'] as const) {
      expect(decideInstall({ mode: 'auto', state }, { pending: 0, sending: 0 })).toEqual({ install: false, blockedBy: 'no-update' });
    }
    expect(decideInstall({ mode: 'notify', state: 'ready' }, { pending: 0, sending: 0 })).toEqual({
      install: false,
      blockedBy: 'not-supported',
    });
    expect(decideInstall({ mode: 'off', state: 'ready' }, { pending: 0, sending: 0 })).toEqual({
      install: false,
      blockedBy: 'not-supported',
    });
  });
});

describe('nextStatus', () => {
  const at = '2026-11-28T08:00:00.000Z';
  const run = (mode: UpdateStatus['mode'], events: UpdaterEvent[]) =>
    events.reduce((s, e) => nextStatus(s, e, at), initialStatus(mode, '1.0.0'));

  it('auto: checking → downloading → ready, and every status fits the contract', () => {
    let s = initialStatus('auto', '1.0.0');
    const seen: UpdateStatus[] = [s];
    for (const e of [
      { type: 'checking' },
      { type: 'available', version: '1.1.0' },
      { type: 'progress', percent: 41.6 },
      { type: 'progress', percent: 130 },
      { type: 'downloaded', version: '1.1.0' },
    ] satisfies UpdaterEvent[]) {
      s = nextStatus(s, e, at);
      seen.push(s);
    }
    expect(seen.map((x) => x.state)).toEqual(['idle', 'checking', 'downloading', 'downloading', 'downloading', 'ready']);
    expect(seen[3]?.percent).toBe(42);
    expect(seen[4]?.percent).toBe(100);
    expect(s).toMatchObject({ state: 'ready', version: '1.1.0', percent: null, checkedAt: at });
    for (const x of seen) expect(UpdateStatusSchema.safeParse(x).success).toBe(true);
  });

  it('notify: only "available", no download', () => {
    expect(run('notify', [{ type: 'checking' }, { type: 'available', version: '2.0.0' }])).toMatchObject({
      state: 'available',
      version: '2.0.0',
      percent: null,
    });
  });

  it('a downloaded update stays ready through later checks and failures', () => {
    const ready = run('auto', [{ type: 'available', version: '1.1.0' }, { type: 'downloaded', version: '1.1.0' }]);
    for (const e of [{ type: 'checking' }, { type: 'not-available' }, { type: 'error' }, { type: 'available', version: '1.1.0' }] satisfies UpdaterEvent[]) {
      expect(nextStatus(ready, e, at).state).toBe('ready');
    }
  });

  it('no update / failure before anything was downloaded', () => {
    expect(run('auto', [{ type: 'checking' }, { type: 'not-available' }])).toMatchObject({ state: 'idle', version: null, checkedAt: at });
    expect(run('auto', [{ type: 'checking' }, { type: 'error' }])).toMatchObject({ state: 'error', checkedAt: at });
  });
});

describe('updateNoticeText', () => {
  it('says when the update is installed, in English and Czech', () => {
    expect(updateNoticeText('ready', '1.2.0', 'en-US').body).toMatch(/1\.2\.0 is ready\. It is installed when you quit the app/);
    expect(updateNoticeText('ready', '1.2.0', 'cs-CZ').body).toMatch(/Verze 1\.2\.0 je připravená/);
    expect(updateNoticeText('available', '1.2.0', 'en').body).toMatch(/package manager/);
  });
});
