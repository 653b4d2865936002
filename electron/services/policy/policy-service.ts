/**
 * The one policy service, plain Node, read once at start by main and by the browser host
 * (modelled on VS Code's policy service: one reader per platform behind one interface).
 *
 * Where policies come from:
 * - DESK_POLICY_FILE (tests, the browser host, trying a policy without root): that JSON
 *   file replaces the OS source;
 * - Windows: the registry (./registry-source.ts), HKLM before HKCU;
 * - macOS: managed preferences (./plist-source.ts);
 * - Linux: /etc/bizkithub-complaints-desk/policy.json (./file-source.ts).
 *
 * Each value is checked by common/policy.ts on its own; what is refused is kept with its
 * reason for Settings → About and the log, and never stops the app. Policy wins over the
 * settings, environment variables and command-line flags; the modules that apply it ask
 * here (`enforced`, `defaults`).
 */
import os from 'node:os';
import {
  checkPolicySection,
  NO_POLICY,
  policyValueText,
  type PolicyEntry,
  type PolicyName,
  type PolicyRefusal,
  type PolicyValues,
  type PolicyView,
} from '../../../common/policy';
import { checkApiBaseUrl } from '../api-url';
import type { Logger } from '../logger';
import { readPolicyFile } from './file-source';
import { managedPreferenceFiles, readPlistPolicy } from './plist-source';
import { readRegistryPolicy } from './registry-source';
import { readFileBytes, runCommand, type CommandRunner, type FileReader, type SourceRead } from './sources';

export const POLICY_FILE_ENV = 'DESK_POLICY_FILE';
export const LINUX_POLICY_FILE = '/etc/bizkithub-complaints-desk/policy.json';

export interface Policy {
  /** Locked values: the agent cannot change them. */
  enforced: PolicyValues;
  /** Starting values: used where the agent has not chosen. */
  defaults: PolicyValues;
  /** An enforced `apiUrl` was set but refused: no live mode, never an unmanaged address. */
  apiUrlRefused: boolean;
  /** For the renderer (Settings → About, the locked fields). */
  view: PolicyView;
}

export const NO_POLICIES: Policy = { enforced: {}, defaults: {}, apiUrlRefused: false, view: NO_POLICY };

export interface LoadPolicyOptions {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  run?: CommandRunner;
  readFile?: FileReader;
  /** The user name for per-user managed preferences (macOS). */
  user?: string;
}

/** The raw sources for this platform (or the file DESK_POLICY_FILE names). */
export function readPolicySources(o: LoadPolicyOptions): SourceRead {
  const run = o.run ?? runCommand;
  const readFile = o.readFile ?? readFileBytes;
  const named = o.env[POLICY_FILE_ENV]?.trim();
  if (named) return readPolicyFile(named, readFile, true);
  switch (o.platform) {
    case 'win32':
      return readRegistryPolicy(run);
    case 'darwin': {
      const reads = managedPreferenceFiles(o.user ?? safeUserName()).map((f) => readPlistPolicy(f, run, readFile));
      return { found: reads.flatMap((r) => r.found), refused: reads.flatMap((r) => r.refused) };
    }
    case 'linux':
      return readPolicyFile(LINUX_POLICY_FILE, readFile, false);
    default:
      return { found: [], refused: [] };
  }
}

function safeUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** Checks every value of every source; the first source that sets a name validly wins. */
export function resolvePolicy(read: SourceRead): Policy {
  const enforced: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  const entries: PolicyEntry[] = [];
  const refused: PolicyRefusal[] = [...read.refused];
  let apiUrlRefused = false;
  for (const raw of read.found) {
    for (const section of ['enforced', 'defaults'] as const) {
      const checked = checkPolicySection(raw[section], raw.source, section);
      refused.push(...checked.refused);
      if (section === 'enforced' && checked.refused.some((r) => r.name === 'apiUrl')) apiUrlRefused = true;
      const into = section === 'enforced' ? enforced : defaults;
      for (const [name, value] of Object.entries(checked.values)) {
        if (name === 'apiUrl' && typeof value === 'string') {
          const base = checkApiBaseUrl(value);
          if (!base.ok) {
            refused.push({ name: section === 'enforced' ? name : `defaults.${name}`, source: raw.source, code: 'invalid-value', reason: base.error });
            if (section === 'enforced') apiUrlRefused = true;
            continue;
          }
        }
        if (name in into) continue;
        into[name] = value;
        entries.push({ name: name as PolicyName, value: policyValueText(value), enforced: section === 'enforced', source: raw.source });
      }
    }
  }
  // A refused enforced address blocks live mode even where a lower source set a valid one.
  if (apiUrlRefused) {
    delete enforced.apiUrl;
    const i = entries.findIndex((e) => e.name === 'apiUrl' && e.enforced);
    if (i >= 0) entries.splice(i, 1);
  }
  const view: PolicyView = { entries, refused, enforced: { ...enforced } as PolicyView['enforced'], apiUrlRefused };
  return { enforced: enforced as PolicyValues, defaults: defaults as PolicyValues, apiUrlRefused, view };
}

export function loadPolicy(o: LoadPolicyOptions): Policy {
  return resolvePolicy(readPolicySources(o));
}

/** One line per policy in force, one warning per refusal. */
export function logPolicy(policy: Policy, log: Logger): void {
  for (const e of policy.view.entries) {
    log.info('policy in force', { name: e.name, value: e.value, enforced: e.enforced, source: e.source });
  }
  for (const r of policy.view.refused) log.warn('policy refused', { name: r.name, source: r.source, reason: r.reason });
  if (policy.apiUrlRefused) log.error('policy: the API address set by the organisation is refused; live mode is off');
}
