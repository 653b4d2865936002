/**
 * Windows Group Policy: `HKLM\Software\Policies\BizKitHub\ComplaintsDesk` first, then the
 * same under HKCU; the `Defaults` subkey holds the defaults. Read with `reg query`, the
 * tool every Windows has, behind an injectable runner: no native module to build per
 * Electron version, and the tests run it against a fake registry on any OS.
 *
 * Values: REG_SZ is text, REG_DWORD a number; a boolean policy takes a DWORD 0 or 1 (what
 * the ADMX template writes). Anything else reaches the schema as it is and is refused there.
 */
import { policyKind, isPolicyName } from '../../../common/policy';
import type { CommandRunner, RawPolicy, SourceRead } from './sources';

export const POLICY_KEY_PATH = 'Software\\Policies\\BizKitHub\\ComplaintsDesk';
export const REGISTRY_HIVES = ['HKLM', 'HKCU'] as const;
const DEFAULTS_SUBKEY = 'Defaults';

/** `    name    REG_TYPE    data` (four spaces between the columns; the data may be empty). */
const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

function registryValue(name: string, type: string, data: string): unknown {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const n = Number.parseInt(data, 16);
    if (isPolicyName(name) && policyKind(name) === 'boolean' && (n === 0 || n === 1)) return n === 1;
    return n;
  }
  if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') return data;
  return `(${type})`;
}

/** `reg query <key> /s` output → the key's values and its Defaults subkey's values. */
export function parseRegQuery(output: string, key: string): { enforced: Record<string, unknown>; defaults: Record<string, unknown> } {
  const enforced: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  let section: Record<string, unknown> | null = null;
  const defaultsKey = `${key}\\${DEFAULTS_SUBKEY}`.toLowerCase();
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith('HKEY_')) {
      const lower = line.trim().toLowerCase();
      section = lower === defaultsKey ? defaults : lower === key.toLowerCase() ? enforced : null;
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (section && m?.[1] && m[2]) section[m[1]] = registryValue(m[1], m[2], (m[3] ?? '').trimEnd());
  }
  return { enforced, defaults };
}

const LONG_HIVE: Record<(typeof REGISTRY_HIVES)[number], string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
};

/** Both hives, machine first. A key that is not there is no policy; a failing tool is a refusal. */
export function readRegistryPolicy(run: CommandRunner): SourceRead {
  const found: RawPolicy[] = [];
  const refused: SourceRead['refused'] = [];
  for (const hive of REGISTRY_HIVES) {
    const shortKey = `${hive}\\${POLICY_KEY_PATH}`;
    const r = run('reg', ['query', shortKey, '/s']);
    if (r.status === 1 && /unable to find/i.test(r.stderr)) continue;
    if (r.status !== 0) {
      refused.push({ name: '(registry)', source: shortKey, code: 'unreadable', reason: `reg query failed (${r.stderr.trim().slice(0, 200) || `status ${r.status}`})` });
      continue;
    }
    const parsed = parseRegQuery(r.stdout, `${LONG_HIVE[hive]}\\${POLICY_KEY_PATH}`);
    if (Object.keys(parsed.enforced).length > 0 || Object.keys(parsed.defaults).length > 0) found.push({ source: shortKey, ...parsed });
  }
  return { found, refused };
}
