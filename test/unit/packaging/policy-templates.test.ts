/**
 * build/policy/ — the Group Policy template (ADMX with its en-US and cs-CZ ADML) and the
 * example macOS configuration profile — against the one policy schema (common/policy.ts):
 * every policy is there under its own name, with the registry key the app reads, the
 * value kind the app accepts and the schema's bounds and choices; every text the ADMX
 * names exists in both languages; the example profile's values pass the schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  checkPolicySection,
  DEFAULTABLE_POLICIES,
  POLICY_NAMES,
  policyKind,
  UPDATE_POLICIES,
  type PolicyName,
} from '../../../common/policy';
import { NUMBER_SETTING_BOUNDS } from '../../../common/settings';
import { splitPolicyObject } from '../../../electron/services/policy/file-source';
import { BUNDLE_ID, withoutPayloadKeys } from '../../../electron/services/policy/plist-source';
import { POLICY_KEY_PATH } from '../../../electron/services/policy/registry-source';

const DIR = join(__dirname, '../../../build/policy');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const xml = (file: string) => new DOMParser().parseFromString(read(file), 'text/xml').documentElement as unknown as Element;
const children = (el: Element, tag: string): Element[] => Array.from(el.getElementsByTagName(tag)) as unknown as Element[];
const only = (el: Element, tag: string): Element => {
  const found = children(el, tag);
  expect(found, `<${tag}> in <${el.tagName} name="${el.getAttribute('name')}">`).toHaveLength(1);
  return found[0] as Element;
};

const admx = xml('BizKitHubComplaintsDesk.admx');
const policies = children(admx, 'policy');

/** The policy (enforced or default) that writes `name`, as the app reads it. */
function policyFor(name: PolicyName, section: 'enforced' | 'defaults'): Element | undefined {
  const key = section === 'enforced' ? POLICY_KEY_PATH : `${POLICY_KEY_PATH}\\Defaults`;
  return policies.find((p) => {
    if (p.getAttribute('key') !== key) return false;
    if (p.getAttribute('valueName') === name) return true;
    return children(p, '*').some((e) => e.getAttribute('valueName') === name && e.tagName !== 'policy');
  });
}

function checkKind(policy: Element, name: PolicyName): void {
  const kind = policyKind(name);
  if (kind === 'boolean') {
    // A DWORD 1 or 0: what the registry source turns into true or false.
    expect(only(only(policy, 'enabledValue'), 'decimal').getAttribute('value')).toBe('1');
    expect(only(only(policy, 'disabledValue'), 'decimal').getAttribute('value')).toBe('0');
  } else if (kind === 'number') {
    const decimal = only(policy, 'decimal');
    const bounds = NUMBER_SETTING_BOUNDS[name === 'syncConcurrencyMax' ? 'syncConcurrency' : 'historyRetentionDays'];
    expect([decimal.getAttribute('minValue'), decimal.getAttribute('maxValue')]).toEqual([String(bounds.min), String(bounds.max)]);
  } else if (name === 'updates') {
    const items = children(only(policy, 'enum'), 'string').map((s) => s.textContent);
    expect(items).toEqual([...UPDATE_POLICIES]);
  } else {
    expect(only(policy, 'text').getAttribute('valueName')).toBe(name);
  }
}

describe('Group Policy template (ADMX)', () => {
  it.each(POLICY_NAMES)('%s is an enforced policy under the key the app reads, of the kind the schema takes', (name) => {
    const policy = policyFor(name, 'enforced');
    expect(policy, name).toBeDefined();
    if (policy) checkKind(policy, name);
  });

  it('defaults are offered for exactly the policies that may be a default', () => {
    const withDefault = POLICY_NAMES.filter((name) => policyFor(name, 'defaults') !== undefined);
    expect(withDefault.sort()).toEqual([...DEFAULTABLE_POLICIES].sort());
    for (const name of withDefault) checkKind(policyFor(name, 'defaults') as Element, name);
  });

  it('writes nothing the app does not read', () => {
    const valueNames = [
      ...policies.map((p) => p.getAttribute('valueName')),
      ...children(admx, '*').filter((e) => e.tagName !== 'policy').map((e) => e.getAttribute('valueName')),
    ].filter((v): v is string => typeof v === 'string' && v !== '');
    expect(valueNames.filter((v) => !(POLICY_NAMES as string[]).includes(v))).toEqual([]);
  });

  it.each(['en-US', 'cs-CZ'])('every string and presentation the ADMX names exists in %s', (lang) => {
    const adml = xml(`${lang}/BizKitHubComplaintsDesk.adml`);
    const strings = new Set(children(adml, 'string').map((s) => s.getAttribute('id')));
    const presentations = new Set(children(adml, 'presentation').map((p) => p.getAttribute('id')));
    const text = read('BizKitHubComplaintsDesk.admx');
    const wanted = [...text.matchAll(/\$\(string\.([A-Za-z0-9_]+)\)/g)].map((m) => m[1]);
    expect(wanted.filter((id) => !strings.has(id ?? ''))).toEqual([]);
    const wantedPresentations = [...text.matchAll(/\$\(presentation\.([A-Za-z0-9_]+)\)/g)].map((m) => m[1]);
    expect(wantedPresentations.filter((id) => !presentations.has(id ?? ''))).toEqual([]);
    // Each presentation's control refers to an element of its policy.
    const elementIds = new Set(children(admx, '*').map((e) => e.getAttribute('id')).filter(Boolean));
    for (const p of children(adml, 'presentation')) {
      for (const control of children(p, '*')) {
        const ref = control.getAttribute('refId');
        if (ref) expect(elementIds.has(ref), ref).toBe(true);
      }
    }
  });
});

/** A plist's XML value as JSON (what `plutil -convert json` gives for these types). */
function plistValue(el: Element): unknown {
  switch (el.tagName) {
    case 'string':
      return el.textContent ?? '';
    case 'integer':
      return Number(el.textContent);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return elementChildren(el).map(plistValue);
    case 'dict': {
      const out: Record<string, unknown> = {};
      const items = elementChildren(el);
      for (let i = 0; i + 1 < items.length; i += 2) out[(items[i] as Element).textContent ?? ''] = plistValue(items[i + 1] as Element);
      return out;
    }
    default:
      throw new Error(`unexpected plist element <${el.tagName}>`);
  }
}
const elementChildren = (el: Element): Element[] =>
  (Array.from(el.childNodes) as unknown as Element[]).filter((n) => n.nodeType === 1);

describe('example macOS configuration profile', () => {
  const profile = plistValue(elementChildren(xml('com.bizkithub.complaintsdesk.mobileconfig'))[0] as Element) as {
    PayloadContent: Record<string, unknown>[];
  };
  const payload = profile.PayloadContent.find((p) => p.PayloadType === BUNDLE_ID);

  it('has a payload for the app’s bundle id whose every key passes the schema', () => {
    expect(payload).toBeDefined();
    const read = splitPolicyObject(withoutPayloadKeys(payload), 'profile');
    expect(read.refused).toEqual([]);
    const [raw] = read.found;
    const enforced = checkPolicySection(raw?.enforced ?? {}, 'profile', 'enforced');
    const defaults = checkPolicySection(raw?.defaults ?? {}, 'profile', 'defaults');
    expect([...enforced.refused, ...defaults.refused]).toEqual([]);
    // Every policy is shown to IT, enforced or as a default.
    expect([...Object.keys(enforced.values), ...Object.keys(defaults.values)].sort()).toEqual([...POLICY_NAMES].sort());
  });
});
