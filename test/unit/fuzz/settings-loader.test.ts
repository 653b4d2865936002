/**
 * Bad input for the settings file (`createSettingsStore`): whatever bytes are in
 * settings.json (random bytes, invalid UTF-8, wrong types, prototype-pollution keys,
 * truncated or huge files), loading never throws, a usable file is used as it is, and
 * an unusable one gives the defaults and is kept aside byte for byte, never overwritten.
 * And whatever patch arrives, a refused one leaves the file untouched and an accepted
 * one is written so that the next start reads back exactly the same settings.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema, type Settings } from '../../../common/settings';
import { checkApiBaseUrl } from '../../../electron/services/api-client';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createSettingsStore, SETTINGS_FILE } from '../../../electron/services/settings-store';
import {
  anyClonable,
  expectPrototypesClean,
  hostileString,
  LONE_SURROGATES,
  POLLUTION_JSON,
  prototypeSnapshot,
  runs,
  withPollution,
} from './helpers';

const root = mkdtempSync(join(tmpdir(), 'desk-fuzz-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => {
  const dir = join(root, String(dirCount++));
  mkdirSync(dir);
  return dir;
};

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** What the loader must accept: strict UTF-8 (a BOM allowed), JSON, the schema and the URL rule. */
function usableSettings(bytes: Uint8Array): Settings | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = SettingsSchema.safeParse(json);
  if (!parsed.success || !checkApiBaseUrl(parsed.data.apiUrl).ok) return null;
  return parsed.data;
}

/** Text that a URL parser keeps as written: no whitespace, controls or lone surrogates. */
const URL_TEXT_PROBLEM = /[\s\p{Cc}\p{Cf}\ud800-\udfff]/u;

const goodUrl = fc.constantFrom(
  'https://api.bizkithub.com',
  'https://api.bizkithub.com/',
  'https://proxy.example.com/bizkithub',
  'http://127.0.0.1:8080',
  'http://localhost:3000',
  'http://[::1]:9000',
);

const validSettings = fc.record(
  {
    apiUrl: goodUrl,
    language: fc.constantFrom('system', 'en', 'cs'),
    theme: fc.constantFrom('system', 'light', 'dark'),
    conflictCheck: fc.boolean(),
    syncConcurrency: fc.integer({ min: 1, max: 8 }),
    historyRetentionDays: fc.integer({ min: 1, max: 365 }),
    cachePruneDays: fc.integer({ min: 1, max: 3650 }),
  },
  { requiredKeys: [] },
);

/** A value that does not belong in a settings field (or sometimes does). */
const badFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(null, true, false, [], {}, 0, -1, 9, 366, 3651, 1.5, 'dark ', 'DARK', 'Light'),
  fc.constantFrom(
    'https://exa\tmple.com',
    ' https://api.bizkithub.com',
    'https://api.bizkithub.com\n',
    'https://api.bizkithub.com/\u0000',
    `https://api.bizkithub.com/${LONE_SURROGATES[0]}`,
    'https://api.bizkithub.com\u00ad',
    'http://api.bizkithub.com',
    'http://127.0.0.1.evil.com',
    'https://u:p@api.bizkithub.com',
    'https://api.bizkithub.com/?apiKey=PRODzQ7xW2vN9mK4pL8rT1yB6cH3jF5d',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const FIELDS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

const withBadField = fc
  .tuple(validSettings, fc.constantFrom(...FIELDS), badFieldValue)
  .map(([s, field, value]) => ({ ...s, [field]: value }));

const INVALID_UTF8 = [[0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xff]];

/** A valid file with invalid UTF-8 spliced in somewhere (often inside a string value). */
const withInvalidUtf8 = fc
  .tuple(validSettings, fc.constantFrom(...INVALID_UTF8), fc.nat(), fc.boolean())
  .map(([s, bad, at, inUrl]) => {
    if (inUrl) {
      return concat(utf8(`{"apiUrl":"https://api.bizkithub.com/p`), new Uint8Array(bad), utf8(`","theme":"dark"}`));
    }
    const text = utf8(JSON.stringify(s));
    const cut = at % (text.length + 1);
    return concat(text.slice(0, cut), new Uint8Array(bad), text.slice(cut));
  });

const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validSettings, fc.boolean(), fc.constantFrom(0, 2)).map(([s, bom, indent]) =>
    concat(bom ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(), utf8(JSON.stringify(s, null, indent)))) },
  { weight: 3, arbitrary: withBadField.map((s) => utf8(JSON.stringify(s))) },
  { weight: 2, arbitrary: fc.tuple(validSettings, fc.constantFrom(...POLLUTION_JSON)).map(([s, p]) => utf8(JSON.stringify(withPollution(s, p)))) },
  { weight: 2, arbitrary: withInvalidUtf8 },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => utf8(JSON.stringify(v) ?? 'undefined')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(validSettings, fc.nat()).map(([s, n]) => { const t = JSON.stringify(s); return utf8(t.slice(0, n % t.length)); }) },
  { weight: 1, arbitrary: hostileString.map(utf8) },
  { weight: 1, arbitrary: anyClonable.map((v) => { try { return utf8(String(JSON.stringify(v))); } catch { return utf8('{'); } }) },
);

/** Byte comparison (vitest's toEqual walks typed arrays key by key: far too slow for MiBs). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

function corruptFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith(`${SETTINGS_FILE}.corrupt-`));
}

/** Loads `bytes` and checks the whole contract; returns the store for further steps. */
function loadAndCheck(bytes: Uint8Array) {
  const dir = freshDir();
  const file = join(dir, SETTINGS_FILE);
  writeFileSync(file, bytes);
  const expected = usableSettings(bytes);

  const store = createSettingsStore({ dir, log: createMemoryLogger() });
  const loaded = store.get();
  expect(SettingsSchema.parse(loaded)).toEqual(loaded);
  expect(checkApiBaseUrl(loaded.apiUrl).ok).toBe(true);

  if (expected !== null) {
    expect(loaded).toEqual(expected);
    expect(sameBytes(readFileSync(file), bytes)).toBe(true); // untouched
    expect(corruptFiles(dir)).toEqual([]);
  } else {
    expect(loaded).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(file)).toBe(false);
    const aside = corruptFiles(dir);
    expect(aside).toHaveLength(1);
    expect(sameBytes(readFileSync(join(dir, aside[0] as string)), bytes)).toBe(true); // kept byte for byte
  }
  return { dir, file, store, expected };
}

describe('settings file loader: bad input', () => {
  it('never throws; uses a usable file as it is, else defaults with the file kept aside; then saves and reloads cleanly', () => {
    const protos = prototypeSnapshot();
    fc.assert(
      fc.property(fileBytes, (bytes) => {
        const { dir, store } = loadAndCheck(bytes);
        const asideBefore = corruptFiles(dir).map((n) => readFileSync(join(dir, n)));
        const saved = store.update({ theme: 'dark' });
        expect(saved.ok).toBe(true);
        const reloaded = createSettingsStore({ dir, log: createMemoryLogger() }).get();
        expect(reloaded).toEqual(store.get());
        expect(reloaded.theme).toBe('dark');
        // The file kept aside is never touched by later saves.
        expect(corruptFiles(dir).map((n) => readFileSync(join(dir, n)))).toEqual(asideBefore);
      }),
      runs(200),
    );
    expectPrototypesClean(protos);
  });

  it('regression: invalid UTF-8 inside a string value is a corrupt file, not silently replaced by U+FFFD', () => {
    const bytes = concat(utf8('{"apiUrl":"https://api.bizkithub.com/p'), new Uint8Array([0xff]), utf8('","theme":"dark"}'));
    const { store } = loadAndCheck(bytes);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('regression: a UTF-8 BOM (files saved by Notepad) is not a reason to throw the settings away', () => {
    const bytes = concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8('{"theme":"dark"}'));
    const { store } = loadAndCheck(bytes);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('huge files (16 MiB of garbage, of one JSON string; arrays nested 500,000 deep; 2 MiB of valid JSON) load without throwing', () => {
    const huge = 16 * 1024 * 1024;
    const cases: Uint8Array[] = [
      new Uint8Array(huge).fill(0xff),
      utf8(`"${'a'.repeat(huge)}"`),
      utf8(`${'['.repeat(500_000)}${']'.repeat(500_000)}`),
      utf8(`${' '.repeat(2 * 1024 * 1024)}{"theme":"light"}`),
    ];
    for (const bytes of cases) loadAndCheck(bytes);
  });

  it('an unreadable settings path (a folder in its place) gives the defaults and is never overwritten', () => {
    const dir = freshDir();
    mkdirSync(join(dir, SETTINGS_FILE));
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    // It is moved aside first; only then is a new file written.
    expect(store.update({ theme: 'light' }).ok).toBe(true);
    expect(corruptFiles(dir)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------
// update()

const patch: fc.Arbitrary<unknown> = fc.oneof(
  validSettings,
  withBadField,
  fc.tuple(validSettings, fc.constantFrom(...POLLUTION_JSON)).map(([s, p]) => withPollution(s, p)),
  fc.tuple(validSettings, fc.string({ maxLength: 12 }), badFieldValue).map(([s, k, v]) => ({ ...s, [k]: v })),
  anyClonable,
);

describe('settings update: bad input', () => {
  it('a refused patch changes nothing (memory or disk); an accepted one reloads identically; nothing throws', () => {
    const protos = prototypeSnapshot();
    const dir = freshDir();
    const file = join(dir, SETTINGS_FILE);
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(store.update({}).ok).toBe(true);
    fc.assert(
      fc.property(patch, (p) => {
        const before = store.get();
        const bytesBefore = readFileSync(file);
        // The store's own type says SettingsPatch; the IPC layer guarantees nothing here.
        const r = store.update(p as never);
        if (!r.ok) {
          expect(r.error.kind).toBe('bad-request');
          expect(SettingsPatchSchema.safeParse(p).success && checkApiBaseUrlOk(p)).toBe(false);
          expect(store.get()).toEqual(before);
          expect(sameBytes(readFileSync(file), bytesBefore)).toBe(true);
        } else {
          expect(r.value).toEqual(store.get());
          expect(createSettingsStore({ dir, log: createMemoryLogger() }).get()).toEqual(r.value);
          expect(corruptFiles(dir)).toEqual([]);
          // What is stored is what requests use: the URL parser must not silently rewrite it.
          expect(r.value.apiUrl).not.toMatch(URL_TEXT_PROBLEM);
        }
      }),
      runs(250),
    );
    expectPrototypesClean(protos);
  });

  it('regression: an apiUrl with controls, invisible characters, inner spaces or lone surrogates is refused, not stored', () => {
    const store = createSettingsStore({ dir: freshDir(), log: createMemoryLogger() });
    for (const apiUrl of [
      'https://api.bizkithub.com/\u0000',
      'https://api.bizkithub.com/\u0001x',
      'https://api.bizkithub.com/\u007f',
      'https://api.bizki\u00adthub.com',
      'https://api.bizkithub.com\u200b.evil.com',
      'https://api.bizkithub.com/\u202eexe',
      'https://api.bizkithub.com/a b',
      `https://api.bizkithub.com/${LONE_SURROGATES[0]}`,
    ]) {
      const r = store.update({ apiUrl });
      expect(r.ok ? `accepted ${JSON.stringify(apiUrl)}` : r.error.kind).toBe('bad-request');
    }
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('tabs, line breaks and padding are refused on the raw text, never normalised into another address', () => {
    const store = createSettingsStore({ dir: freshDir(), log: createMemoryLogger() });
    for (const apiUrl of [' https://api.bizkith\tub.com.evil.com\n', 'https://api.bizkithub.com\t.evil.com']) {
      const r = store.update({ apiUrl });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues?.join(' ')).toMatch(/api-address:invisible-characters/);
    }
    expect(store.get().apiUrl).toBe('https://api.bizkithub.com');
  });
});

function checkApiBaseUrlOk(p: unknown): boolean {
  const url = (p as { apiUrl?: unknown } | null)?.apiUrl;
  return typeof url !== 'string' || checkApiBaseUrl(url).ok;
}
