import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../../electron/services/policy/policy-service';
import { parseRegQuery, POLICY_KEY_PATH, readRegistryPolicy } from '../../../../electron/services/policy/registry-source';
import type { CommandRunner } from '../../../../electron/services/policy/sources';

type Values = Record<string, [type: string, data: string]>;
interface FakeKey {
  values: Values;
  defaults?: Values;
}

/** `reg query <key> /s` as reg.exe prints it, from a fake registry of two hives. */
function fakeRegistry(hives: Partial<Record<'HKLM' | 'HKCU', FakeKey>>, calls: string[][] = []): CommandRunner {
  const long = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' } as const;
  return (command, args) => {
    calls.push([command, ...args]);
    const hive = (args[1] ?? '').split('\\')[0] as 'HKLM' | 'HKCU';
    const key = hives[hive];
    if (command !== 'reg' || args[0] !== 'query' || !key) {
      return { status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };
    }
    const block = (path: string, values: Values) =>
      [path, ...Object.entries(values).map(([n, [t, d]]) => `    ${n}    ${t}    ${d}`), ''].join('\r\n');
    const root = `${long[hive]}\\${POLICY_KEY_PATH}`;
    let out = `\r\n${block(root, key.values)}`;
    if (key.defaults) out += `\r\n${block(`${root}\\Defaults`, key.defaults)}`;
    return { status: 0, stdout: out, stderr: '' };
  };
}

describe('registry policy source (reg query behind a runner)', () => {
  it('reads values and the Defaults subkey; DWORD 0/1 are booleans for boolean policies', () => {
    const out = [
      '',
      `HKEY_LOCAL_MACHINE\\${POLICY_KEY_PATH}`,
      '    apiUrl    REG_SZ    https://api.example.cz',
      '    demoMode    REG_DWORD    0x0',
      '    syncConcurrencyMax    REG_DWORD    0x3',
      '',
      `HKEY_LOCAL_MACHINE\\${POLICY_KEY_PATH}\\Defaults`,
      '    launchAtLogin    REG_DWORD    0x1',
      '',
    ].join('\r\n');
    expect(parseRegQuery(out, `HKEY_LOCAL_MACHINE\\${POLICY_KEY_PATH}`)).toEqual({
      enforced: { apiUrl: 'https://api.example.cz', demoMode: false, syncConcurrencyMax: 3 },
      defaults: { launchAtLogin: true },
    });
  });

  it('HKLM wins over HKCU name by name; HKCU fills what HKLM leaves', () => {
    const calls: string[][] = [];
    const run = fakeRegistry(
      {
        HKLM: { values: { updates: ['REG_SZ', 'off'] } },
        HKCU: { values: { updates: ['REG_SZ', 'auto'], devTools: ['REG_DWORD', '0x0'] }, defaults: { launchAtLogin: ['REG_DWORD', '0x1'] } },
      },
      calls,
    );
    const policy = loadPolicy({ platform: 'win32', env: {}, run });
    expect(calls.map((c) => c[2])).toEqual([`HKLM\\${POLICY_KEY_PATH}`, `HKCU\\${POLICY_KEY_PATH}`]);
    expect(policy.enforced).toEqual({ updates: 'off', devTools: false });
    expect(policy.defaults).toEqual({ launchAtLogin: true });
    expect(policy.view.entries.find((e) => e.name === 'updates')?.source).toBe(`HKLM\\${POLICY_KEY_PATH}`);
    expect(policy.view.entries.find((e) => e.name === 'devTools')?.source).toBe(`HKCU\\${POLICY_KEY_PATH}`);
  });

  it('no key in either hive: no policy and nothing refused', () => {
    const policy = loadPolicy({ platform: 'win32', env: {}, run: fakeRegistry({}) });
    expect(policy.view.entries).toEqual([]);
    expect(policy.view.refused).toEqual([]);
  });

  it('refuses wrong types and unknown names, keeping what is valid', () => {
    const run = fakeRegistry({
      HKLM: {
        values: {
          demoMode: ['REG_DWORD', '0x2'],
          updates: ['REG_SZ', 'sometimes'],
          colour: ['REG_SZ', 'blue'],
          historyRetentionDays: ['REG_DWORD', '0xe'],
        },
      },
    });
    const policy = loadPolicy({ platform: 'win32', env: {}, run });
    expect(policy.enforced).toEqual({ historyRetentionDays: 14 });
    expect(policy.view.refused.map((r) => r.name).sort()).toEqual(['colour', 'demoMode', 'updates']);
    expect(policy.view.refused.find((r) => r.name === 'colour')?.reason).toBe('unknown policy');
  });

  it('a failing reg.exe is named as refused and does not stop the other hive', () => {
    const good = fakeRegistry({ HKCU: { values: { devTools: ['REG_DWORD', '0x0'] } } });
    const run: CommandRunner = (command, args) =>
      (args[1] ?? '').startsWith('HKLM') ? { status: null, stdout: '', stderr: 'spawn reg ENOENT' } : good(command, args);
    const read = readRegistryPolicy(run);
    expect(read.refused).toEqual([{ name: '(registry)', source: `HKLM\\${POLICY_KEY_PATH}`, code: 'unreadable', reason: 'reg query failed (spawn reg ENOENT)' }]);
    expect(read.found[0]?.enforced).toEqual({ devTools: false });
  });
});
