/**
 * macOS managed preferences: the configuration profile IT installs lands in
 * `/Library/Managed Preferences/<bundle id>.plist` (per user: `…/<user>/<bundle id>.plist`,
 * read after the machine's). Converted with `plutil -convert json`, which every macOS has
 * and which reads XML and binary plists alike, behind an injectable runner: no parser
 * dependency, and the tests run with a fake. A plist with a date or data value cannot
 * become JSON; plutil refuses it and so the whole file is refused, named with the reason.
 * A profile's own `Payload…` keys (identifier, UUID, version) are not policies and are
 * left out.
 */
import { splitPolicyObject } from './file-source';
import { errorCode, type CommandRunner, type FileReader, type SourceRead } from './sources';

export const BUNDLE_ID = 'com.bizkithub.complaintsdesk';
export const MANAGED_PREFERENCES = '/Library/Managed Preferences';

export function managedPreferenceFiles(user: string | undefined): string[] {
  const machine = `${MANAGED_PREFERENCES}/${BUNDLE_ID}.plist`;
  return user ? [machine, `${MANAGED_PREFERENCES}/${user}/${BUNDLE_ID}.plist`] : [machine];
}

/** One plist; a missing one is no policy. `exists` is probed first so plutil only sees real files. */
export function readPlistPolicy(path: string, run: CommandRunner, readFile: FileReader): SourceRead {
  try {
    readFile(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return { found: [], refused: [] };
  }
  const r = run('plutil', ['-convert', 'json', '-o', '-', '--', path]);
  if (r.status !== 0) {
    return { found: [], refused: [{ name: '(file)', source: path, code: 'unreadable', reason: `plutil could not read it (${r.stderr.trim().slice(0, 200) || `status ${r.status}`})` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    return { found: [], refused: [{ name: '(file)', source: path, code: 'unreadable', reason: 'plutil gave no JSON' }] };
  }
  return splitPolicyObject(withoutPayloadKeys(json), path);
}

/** The settings of a configuration profile's payload, without the profile's own keys. */
export function withoutPayloadKeys(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  return Object.fromEntries(Object.entries(json).filter(([key]) => !key.startsWith('Payload')));
}
