/**
 * Non-secret settings in `<dir>/settings.json`, validated with `SettingsSchema`.
 *
 * Writes are atomic (temp file in the same folder, fsync, rename, fsync the folder), so a
 * crash leaves either the old or the new file. A file that cannot be parsed or validated
 * is never overwritten: it is renamed to `settings.json.corrupt-<timestamp>` and the
 * defaults are used, with a warning in the log.
 *
 * IT policy (./policy/policy-service.ts) wins over what the file says: an enforced value is
 * what `get()` gives and an update cannot change it; a policy default fills what the file
 * does not say (the agent's own choice, once saved, is kept). The file itself keeps the
 * agent's values, so lifting a policy gives the agent their settings back.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskError } from '../../common/errors';
import { redact } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../common/settings';
import type { PolicyValues } from '../../common/policy';
import { describeZodIssues, zodIssuesLine } from '../../common/zod-issues';
import { checkApiBaseUrl } from './api-url';
import type { Logger } from './logger';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsStoreOptions {
  dir: string;
  log: Logger;
  /** Clock for the corrupt file's timestamp (tests). */
  now?: () => Date;
  /** IT policy: enforced values win, defaults fill what the file does not say. */
  policy?: { enforced: PolicyValues; defaults: PolicyValues };
}

/** The message (and issue) of an update that touches a setting IT has locked. */
export const LOCKED_BY_POLICY = 'set by your organisation';

/** The settings a policy value stands for (enforced or default). */
function policySettings(values: PolicyValues): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (values.apiUrl !== undefined) out.apiUrl = values.apiUrl;
  if (values.historyRetentionDays !== undefined) out.historyRetentionDays = values.historyRetentionDays;
  if (values.launchAtLogin !== undefined) out.launchAtLogin = values.launchAtLogin;
  return out;
}

export interface SettingsStore {
  get(): Settings;
  /** Validates the patch (and the API URL rule), writes atomically, returns the new settings. */
  update(patch: SettingsPatch): Result<Settings, DeskError>;
}

function errorText(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e)).slice(0, 300);
}

/** Writes `data` to `path` atomically: temp file in the same folder, fsync, rename, fsync the folder. */
export function writeFileAtomic(path: string, dir: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, data, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* it may not exist */
    }
    throw e;
  }
  // Make the rename itself durable. Not possible on Windows (cannot open a folder); harmless to skip.
  if (process.platform !== 'win32') {
    try {
      const dfd = openSync(dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      /* best effort */
    }
  }
}

function timestampForFileName(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

type LoadProblem = { reason: string };

/**
 * Strict UTF-8: an invalid byte sequence makes the file unusable (kept aside) instead of
 * being silently replaced by U+FFFD and written back that way on the next save. A BOM
 * (an editor such as Notepad adds one) is skipped.
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function parseSettingsFile(bytes: Uint8Array, defaults: Partial<Settings>): Result<Settings, LoadProblem> {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return err({ reason: 'not valid UTF-8' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err({ reason: `not JSON (${errorText(e)})` });
  }
  const withDefaults = typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...defaults, ...json } : json;
  const parsed = SettingsSchema.safeParse(withDefaults);
  if (!parsed.success) {
    return err({ reason: `invalid settings (${zodIssuesLine(parsed.error.issues, 5)})` });
  }
  const url = checkApiBaseUrl(parsed.data.apiUrl);
  if (!url.ok) return err({ reason: `apiUrl refused (${url.error})` });
  return ok(parsed.data);
}

export function createSettingsStore(o: SettingsStoreOptions): SettingsStore {
  const { dir, log } = o;
  const now = o.now ?? (() => new Date());
  const file = join(dir, SETTINGS_FILE);
  const enforced = policySettings(o.policy?.enforced ?? {});
  const concurrencyMax = o.policy?.enforced.syncConcurrencyMax;
  const policyDefaults = policySettings(o.policy?.defaults ?? {});
  /** The agent's settings as stored (policy defaults where the file says nothing). */
  let current: Settings = { ...DEFAULT_SETTINGS, ...policyDefaults };
  const effective = (): Settings => ({
    ...current,
    ...enforced,
    syncConcurrency: concurrencyMax === undefined ? current.syncConcurrency : Math.min(current.syncConcurrency, concurrencyMax),
  });
  /** An unusable file that could not be moved aside: never overwrite it. */
  let unmovedBadFile = false;

  const moveAside = (): string => {
    const aside = `${file}.corrupt-${timestampForFileName(now())}`;
    renameSync(file, aside);
    return aside;
  };

  // Load.
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ENOENT') {
      // Unreadable (permissions, a folder in its place…): not overwritten either.
      unmovedBadFile = true;
      log.warn('settings: cannot read the file; using defaults', { file, error: errorText(e) });
    }
  }
  if (bytes !== undefined) {
    const parsed = parseSettingsFile(bytes, policyDefaults);
    if (parsed.ok) {
      current = parsed.value;
    } else {
      try {
        const aside = moveAside();
        log.warn('settings: the file is unusable; kept it aside and using defaults', {
          reason: parsed.error.reason,
          keptAs: aside,
        });
      } catch (e) {
        // The bad file stays where it is; `update` will not overwrite it until it is moved.
        unmovedBadFile = true;
        log.error('settings: the file is unusable and could not be moved aside; using defaults', {
          reason: parsed.error.reason,
          error: errorText(e),
        });
      }
    }
  }

  return {
    get: effective,

    update(patch) {
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        return err({ kind: 'bad-request', message: 'Invalid settings.', issues: describeZodIssues(parsed.error.issues) });
      }
      // Only the keys that were given (an explicit `undefined` changes nothing).
      const changes = Object.fromEntries(
        Object.entries(parsed.data).filter(([, v]) => v !== undefined),
      ) as SettingsPatch;
      const locked = Object.keys(changes).filter((k) => k in enforced);
      if (changes.syncConcurrency !== undefined && concurrencyMax !== undefined && changes.syncConcurrency > concurrencyMax) {
        locked.push('syncConcurrency');
      }
      if (locked.length > 0) {
        return err({
          kind: 'bad-request',
          message: `Not changed: ${locked.join(', ')} ${LOCKED_BY_POLICY}.`,
          issues: locked.map((k) => `${k}: ${LOCKED_BY_POLICY}`),
        });
      }
      if (changes.apiUrl !== undefined) {
        const url = checkApiBaseUrl(changes.apiUrl);
        if (!url.ok) {
          return err({ kind: 'bad-request', message: url.error, issues: [`apiUrl: ${url.error}`] });
        }
      }
      const merged = SettingsSchema.safeParse({ ...current, ...changes });
      if (!merged.success) {
        return err({ kind: 'bad-request', message: 'Invalid settings.', issues: describeZodIssues(merged.error.issues) });
      }
      if (unmovedBadFile) {
        let moveError: unknown;
        try {
          const aside = moveAside();
          unmovedBadFile = false;
          log.warn('settings: moved the unusable file aside', { keptAs: aside });
        } catch (e) {
          moveError = e;
          if ((e as { code?: unknown }).code === 'ENOENT') {
            unmovedBadFile = false; // someone removed it meanwhile
          }
        }
        if (unmovedBadFile) {
          log.error('settings: the unusable file still cannot be moved aside; not overwriting it', {
            error: errorText(moveError),
          });
          return err({
            kind: 'internal',
            message: `The settings could not be saved: ${file} is unusable and cannot be moved aside.`,
          });
        }
      }
      try {
        mkdirSync(dir, { recursive: true });
        writeFileAtomic(file, dir, `${JSON.stringify(merged.data, null, 2)}\n`);
      } catch (e) {
        log.error('settings: could not write the file', { file, error: errorText(e) });
        return err({ kind: 'internal', message: `The settings could not be saved: ${errorText(e)}` });
      }
      current = merged.data;
      log.info('settings: updated', { changed: Object.keys(changes) });
      return ok(effective());
    },
  };
}
