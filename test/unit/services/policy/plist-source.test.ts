import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../../electron/services/policy/policy-service';
import { BUNDLE_ID, managedPreferenceFiles, readPlistPolicy } from '../../../../electron/services/policy/plist-source';
import type { CommandRunner, FileReader } from '../../../../electron/services/policy/sources';

const MACHINE = `/Library/Managed Preferences/${BUNDLE_ID}.plist`;
const USER = `/Library/Managed Preferences/agent/${BUNDLE_ID}.plist`;

const enoent = (): never => {
  throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
};

/** plutil over a fake folder: each path maps to the JSON plutil would print, or to its failure. */
function fakeMac(files: Record<string, object | { fails: string }>): { run: CommandRunner; readFile: FileReader; calls: string[][] } {
  const calls: string[][] = [];
  const readFile: FileReader = (path) => (path in files ? new Uint8Array([0x62, 0x70]) : enoent());
  const run: CommandRunner = (command, args) => {
    calls.push([command, ...args]);
    const file = files[args[args.length - 1] ?? ''];
    if (command !== 'plutil' || file === undefined) return { status: 1, stdout: '', stderr: 'no such file' };
    if ('fails' in file) return { status: 1, stdout: '', stderr: file.fails };
    return { status: 0, stdout: JSON.stringify(file), stderr: '' };
  };
  return { run, readFile, calls };
}

describe('macOS managed preferences (plutil behind a runner)', () => {
  it('reads the machine plist, enforced keys at the top and defaults under "defaults"', () => {
    const mac = fakeMac({ [MACHINE]: { apiUrl: 'https://api.example.cz', demoMode: false, defaults: { launchAtLogin: true } } });
    const policy = loadPolicy({ platform: 'darwin', env: {}, user: 'agent', ...mac });
    expect(policy.enforced).toEqual({ apiUrl: 'https://api.example.cz', demoMode: false });
    expect(policy.defaults).toEqual({ launchAtLogin: true });
    expect(mac.calls[0]).toEqual(['plutil', '-convert', 'json', '-o', '-', '--', MACHINE]);
  });

  it('the machine plist wins over the per-user one; the user one fills the rest', () => {
    const mac = fakeMac({ [MACHINE]: { updates: 'off' }, [USER]: { updates: 'auto', devTools: false } });
    const policy = loadPolicy({ platform: 'darwin', env: {}, user: 'agent', ...mac });
    expect(policy.enforced).toEqual({ updates: 'off', devTools: false });
    expect(managedPreferenceFiles('agent')).toEqual([MACHINE, USER]);
  });

  it('no plist: plutil is not run and there is no policy', () => {
    const mac = fakeMac({});
    const policy = loadPolicy({ platform: 'darwin', env: {}, user: 'agent', ...mac });
    expect(mac.calls).toEqual([]);
    expect(policy.view).toEqual({ entries: [], refused: [], enforced: {}, apiUrlRefused: false });
  });

  it('a plist plutil cannot turn into JSON (a date value, a broken file) is refused by name', () => {
    const mac = fakeMac({ [MACHINE]: { fails: 'invalid object in plist for destination format' } });
    const read = readPlistPolicy(MACHINE, mac.run, mac.readFile);
    expect(read.found).toEqual([]);
    expect(read.refused[0]).toMatchObject({ name: '(file)', source: MACHINE });
    expect(read.refused[0]?.reason).toContain('invalid object in plist');
  });
});
