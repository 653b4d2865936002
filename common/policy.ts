/**
 * IT policy: the settings an organisation sets for every agent, and the one zod schema each
 * policy value is checked by (every source — the JSON file, the Windows registry, macOS
 * managed preferences — reads its raw values and hands them here).
 *
 * A policy is either enforced (locked: the agent sees its value, disabled) or a default
 * (the value the agent starts with and may change). Each name is checked on its own, so one
 * bad value never takes the valid ones with it: what is refused is listed with its reason.
 *
 * Also the shape of what the renderer is told (`PolicyViewSchema`, part of the app info):
 * the policies in force, where each came from, and what was refused.
 */
import { z } from 'zod';
import { checkApiAddress, describeApiAddressRefusal } from './api-address';
import { NUMBER_SETTING_BOUNDS } from './settings';
import { redact } from './redact';

export const UPDATE_POLICIES = ['auto', 'notify', 'off'] as const;
export type UpdatePolicy = (typeof UPDATE_POLICIES)[number];

const ApiUrlPolicySchema = z.string().superRefine((text, ctx) => {
  const checked = checkApiAddress(text);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: describeApiAddressRefusal(checked.error) });
});

const bounded = (setting: keyof typeof NUMBER_SETTING_BOUNDS) =>
  z.number().int().min(NUMBER_SETTING_BOUNDS[setting].min).max(NUMBER_SETTING_BOUNDS[setting].max);

/** Every policy and the schema its value must pass. */
export const POLICY_SCHEMAS = {
  /** The only API address allowed. */
  apiUrl: ApiUrlPolicySchema,
  /** `false`: no demo sandbox, no demo data, no demo banner. */
  demoMode: z.boolean(),
  /** Replaces BIZKITHUB_DESK_UPDATES; can lower what the install supports, never raise it. */
  updates: z.enum(UPDATE_POLICIES),
  /** The most complaints sent to at once. */
  syncConcurrencyMax: bounded('syncConcurrency'),
  historyRetentionDays: bounded('historyRetentionDays'),
  launchAtLogin: z.boolean(),
  /** `false`: the API key is only ever kept in the OS keychain. */
  allowSessionOnlyKey: z.boolean(),
  /** `true`: personal data is never written to disk without OS encryption for its key. */
  requireEncryptedStorage: z.boolean(),
  /** `false` wins over BIZKITHUB_DESK_DEVTOOLS. */
  devTools: z.boolean(),
} as const;

export type PolicyName = keyof typeof POLICY_SCHEMAS;
export const POLICY_NAMES = Object.keys(POLICY_SCHEMAS) as PolicyName[];
export type PolicyValues = { [K in PolicyName]?: z.infer<(typeof POLICY_SCHEMAS)[K]> };

/** The value's kind, for sources that store untyped values (registry DWORDs, plist). */
export function policyKind(name: PolicyName): 'boolean' | 'number' | 'string' {
  const schema: z.ZodType = POLICY_SCHEMAS[name];
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodNumber) return 'number';
  return 'string';
}

export function isPolicyName(name: string): name is PolicyName {
  return Object.prototype.hasOwnProperty.call(POLICY_SCHEMAS, name);
}

/** The section of a policy file holding the defaults (the registry's subkey is `Defaults`). */
export const DEFAULTS_KEY = 'defaults';

/**
 * The policies that may be a default: the ones that are settings the agent has. The others
 * (demo mode, updates, DevTools, the key and storage rules, the concurrency cap) have no
 * setting of the agent's to start from, so they are only ever enforced.
 */
export const DEFAULTABLE_POLICIES: ReadonlySet<PolicyName> = new Set(['apiUrl', 'historyRetentionDays', 'launchAtLogin']);

export const PolicyEntrySchema = z.object({
  name: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]),
  /** The value as text (booleans and numbers as JSON). */
  value: z.string(),
  enforced: z.boolean(),
  /** Where it came from: a file path or a registry key. */
  source: z.string(),
});
export type PolicyEntry = z.infer<typeof PolicyEntrySchema>;

export const PolicyRefusalSchema = z.object({
  /** The name as written by IT (may be an unknown one), or `(file)` for the whole source. */
  name: z.string(),
  source: z.string(),
  /** What kind of refusal, for the agent's language; `reason` is main's detail, in English. */
  code: z.enum(['unknown-policy', 'enforced-only', 'invalid-value', 'unreadable']),
  reason: z.string(),
});
export type PolicyRefusal = z.infer<typeof PolicyRefusalSchema>;

/** What the renderer is told: the policies in force and what was refused. */
export const PolicyViewSchema = z.object({
  entries: z.array(PolicyEntrySchema),
  refused: z.array(PolicyRefusalSchema),
  /** Enforced values (the UI locks these settings). */
  enforced: z.object({
    apiUrl: z.string().optional(),
    demoMode: z.boolean().optional(),
    updates: z.enum(UPDATE_POLICIES).optional(),
    syncConcurrencyMax: z.number().optional(),
    historyRetentionDays: z.number().optional(),
    launchAtLogin: z.boolean().optional(),
    allowSessionOnlyKey: z.boolean().optional(),
    requireEncryptedStorage: z.boolean().optional(),
    devTools: z.boolean().optional(),
  }),
  /** An `apiUrl` policy was set but refused: no live mode until IT fixes it. */
  apiUrlRefused: z.boolean(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const NO_POLICY: PolicyView = { entries: [], refused: [], enforced: {}, apiUrlRefused: false };

/** A single value's refusal: the rules it broke (the path is always the value itself), never the value. */
function issueMessages(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => redact(issue.message).slice(0, 200))
    .join('; ');
}

/** One section (enforced or defaults) of one source, checked name by name. */
export function checkPolicySection(
  raw: Readonly<Record<string, unknown>>,
  source: string,
  section: 'enforced' | 'defaults',
): { values: PolicyValues; refused: PolicyRefusal[] } {
  const values: Record<string, unknown> = {};
  const refused: PolicyRefusal[] = [];
  const where = section === 'defaults' ? `${DEFAULTS_KEY}.` : '';
  for (const [name, value] of Object.entries(raw)) {
    if (!isPolicyName(name)) {
      refused.push({ name: `${where}${name}`, source, code: 'unknown-policy', reason: 'unknown policy' });
      continue;
    }
    if (section === 'defaults' && !DEFAULTABLE_POLICIES.has(name)) {
      refused.push({ name: `${where}${name}`, source, code: 'enforced-only', reason: 'only enforced, never a default' });
      continue;
    }
    const parsed = POLICY_SCHEMAS[name].safeParse(value);
    if (parsed.success) values[name] = parsed.data;
    else refused.push({ name: `${where}${name}`, source, code: 'invalid-value', reason: issueMessages(parsed.error.issues) });
  }
  return { values: values as PolicyValues, refused };
}

/** A value as the About list shows it. */
export function policyValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
