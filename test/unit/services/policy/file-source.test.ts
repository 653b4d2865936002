import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { LINUX_POLICY_FILE, loadPolicy, logPolicy } from '../../../../electron/services/policy/policy-service';

function policyFile(contents: string | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'desk-policy-')), 'policy.json');
  writeFileSync(file, contents);
  return file;
}
const load = (file: string) => loadPolicy({ platform: 'linux', env: { DESK_POLICY_FILE: file } });

describe('JSON policy file (Linux, DESK_POLICY_FILE)', () => {
  it('top-level keys are enforced, keys under "defaults" are defaults', () => {
    const file = policyFile(JSON.stringify({ apiUrl: 'https://api.example.cz', demoMode: false, defaults: { launchAtLogin: true } }));
    const policy = load(file);
    expect(policy.enforced).toEqual({ apiUrl: 'https://api.example.cz', demoMode: false });
    expect(policy.defaults).toEqual({ launchAtLogin: true });
    expect(policy.view.entries).toEqual([
      { name: 'apiUrl', value: 'https://api.example.cz', enforced: true, source: file },
      { name: 'demoMode', value: 'false', enforced: true, source: file },
      { name: 'launchAtLogin', value: 'true', enforced: false, source: file },
    ]);
    expect(policy.view.refused).toEqual([]);
  });

  it('DESK_POLICY_FILE replaces the OS source', () => {
    const file = policyFile('{"devTools": false}');
    const read: string[] = [];
    const policy = loadPolicy({
      platform: 'linux',
      env: { DESK_POLICY_FILE: file },
      readFile: (p) => {
        read.push(p);
        return new TextEncoder().encode('{"devTools": false}');
      },
    });
    expect(read).toEqual([file]);
    expect(policy.enforced).toEqual({ devTools: false });
  });

  it('on Linux without DESK_POLICY_FILE reads /etc/…/policy.json; none there is no policy', () => {
    const read: string[] = [];
    const policy = loadPolicy({
      platform: 'linux',
      env: {},
      readFile: (p) => {
        read.push(p);
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
    });
    expect(read).toEqual([LINUX_POLICY_FILE]);
    expect(policy.view.refused).toEqual([]);
  });

  it.each([
    ['not JSON', '{"apiUrl": ', /^not JSON/],
    ['not an object', '[1, 2]', /not an object/],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
  ])('a file that is %s is refused as a whole, named with the reason', (_what, contents, reason) => {
    const file = policyFile(contents);
    const policy = load(file);
    expect(policy.enforced).toEqual({});
    expect(policy.view.refused).toHaveLength(1);
    expect(policy.view.refused[0]).toMatchObject({ name: '(file)', source: file });
    expect(policy.view.refused[0]?.reason).toMatch(reason);
  });

  it('a named file that does not exist or cannot be read is refused, never thrown', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'desk-policy-')), 'nope.json');
    expect(load(missing).view.refused[0]).toMatchObject({ name: '(file)', reason: 'the file does not exist' });
    const folder = mkdtempSync(join(tmpdir(), 'desk-policy-'));
    expect(load(folder).view.refused[0]?.reason).toMatch(/^unreadable/);
  });

  it('wrong types and unknown keys are refused one by one; what is valid applies', () => {
    const file = policyFile(
      JSON.stringify({ demoMode: 'no', updates: 'off', syncConcurrencyMax: 99, colour: 'blue', defaults: { launchAtLogin: 'yes', historyRetentionDays: 7 } }),
    );
    const policy = load(file);
    expect(policy.enforced).toEqual({ updates: 'off' });
    expect(policy.defaults).toEqual({ historyRetentionDays: 7 });
    expect(policy.view.refused.map((r) => r.name)).toEqual(['demoMode', 'syncConcurrencyMax', 'colour', 'defaults.launchAtLogin']);
    expect(policy.view.refused.find((r) => r.name === 'colour')?.reason).toBe('unknown policy');
  });

  it('an invalid apiUrl blocks live mode (never an unmanaged address) and is logged', () => {
    const file = policyFile(JSON.stringify({ apiUrl: 'http://api.example.cz', demoMode: false }));
    const policy = load(file);
    expect(policy.apiUrlRefused).toBe(true);
    expect(policy.enforced).toEqual({ demoMode: false });
    expect(policy.view.apiUrlRefused).toBe(true);
    expect(policy.view.refused[0]?.name).toBe('apiUrl');
    const log = createMemoryLogger();
    logPolicy(policy, log);
    const text = log.lines.join('\n');
    expect(text).toContain('policy refused');
    expect(text).toContain('apiUrl');
    expect(text).toContain('live mode is off');
  });
});
