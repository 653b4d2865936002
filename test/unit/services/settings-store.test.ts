import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsPatchSchema } from '../../../common/settings';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createSettingsStore, writeFileAtomic } from '../../../electron/services/settings-store';

const fresh = () => mkdtempSync(join(tmpdir(), 'desk-settings-'));
const NOW = () => new Date('2026-11-28T12:00:00.000Z');

describe('settings store', () => {
  it('uses defaults when there is no file and does not create one until an update', () => {
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('updates, persists, and reloads; a patch changes only the fields it names', () => {
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(store.update({ syncConcurrency: 2, apiUrl: 'http://127.0.0.1:9999' })).toMatchObject({ ok: true });
    const r = store.update({ theme: 'dark' });
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, syncConcurrency: 2, apiUrl: 'http://127.0.0.1:9999', theme: 'dark' } });
    const again = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(again.get()).toEqual(r.ok ? r.value : null);
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temp files left
  });

  it('a parsed patch does not fill defaults (common/settings fix)', () => {
    expect(SettingsPatchSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
  });

  it('refuses an invalid patch and loses nothing', () => {
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    store.update({ language: 'cs' });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const bad: unknown[] = [
      { syncConcurrency: 0 },
      { syncConcurrency: 1.5 },
      { theme: 'purple' },
      { unknownSetting: true },
      { apiUrl: 'http://api.bizkithub.com' }, // plain http to a remote host
      { apiUrl: 'https://api.bizkithub.com/?apiKey=PRODabcdefghijklmnopqrstuvwxyz12' },
      { apiUrl: 'javascript:alert(1)' },
      'not an object',
    ];
    for (const patch of bad) {
      const r = store.update(patch as never);
      expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      expect(JSON.stringify(r)).not.toContain('PRODabcdefghijklmnopqrstuvwxyz12');
    }
    expect(store.get().language).toBe('cs');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['not JSON', '{ "theme": "dark", '],
    ['invalid value', JSON.stringify({ theme: 'purple' })],
    ['refused apiUrl', JSON.stringify({ apiUrl: 'http://evil.example.com' })],
    ['not an object', '[]'],
  ])('a corrupt file (%s) is kept aside, defaults used, warning logged', (_name, content) => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), content);
    const log = createMemoryLogger();
    const store = createSettingsStore({ dir, log, now: NOW });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const aside = join(dir, 'settings.json.corrupt-2026-11-28T12-00-00-000Z');
    expect(readFileSync(aside, 'utf8')).toBe(content);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
    expect(log.lines.some((l) => l.includes(' WARN ') && l.includes('kept it aside'))).toBe(true);
    // The next update writes a fresh file; the corrupt copy stays.
    expect(store.update({ theme: 'light' }).ok).toBe(true);
    expect(readFileSync(aside, 'utf8')).toBe(content);
  });

  it('keeps unchanged settings when the file is valid', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', cachePruneDays: 7 }));
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', cachePruneDays: 7 });
  });

  it('a failed write leaves the old file and the in-memory settings intact', () => {
    if (process.getuid?.() === 0) {
      // root ignores folder permissions; use a path whose parent is a file instead
      const dir = fresh();
      const file = join(dir, 'blocker');
      writeFileSync(file, 'x');
      const store = createSettingsStore({ dir: join(file, 'sub'), log: createMemoryLogger() });
      const r = store.update({ theme: 'dark' });
      expect(r).toMatchObject({ ok: false, error: { kind: 'internal' } });
      expect(store.get().theme).toBe('system');
      return;
    }
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    store.update({ theme: 'dark' });
    chmodSync(dir, 0o500);
    try {
      expect(store.update({ theme: 'light' })).toMatchObject({ ok: false, error: { kind: 'internal' } });
      expect(store.get().theme).toBe('dark');
      expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).theme).toBe('dark');
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('an unreadable settings path (a folder) is never overwritten', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings.json'));
    writeFileSync(join(dir, 'settings.json', 'inside'), 'keep me');
    const store = createSettingsStore({ dir, log: createMemoryLogger(), now: NOW });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.update({ theme: 'dark' }).ok).toBe(true);
    expect(readFileSync(join(dir, 'settings.json.corrupt-2026-11-28T12-00-00-000Z', 'inside'), 'utf8')).toBe('keep me');
  });

  it('an update replaces the file by rename: a reader of the old file never sees a half-written one', () => {
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger() });
    store.update({ theme: 'dark' });
    const path = join(dir, 'settings.json');
    const oldInode = statSync(path).ino;
    const fd = openSync(path, 'r'); // a reader holding the old file
    try {
      expect(store.update({ theme: 'light', syncConcurrency: 8 }).ok).toBe(true);
      expect(statSync(path).ino).not.toBe(oldInode); // a new file took its place
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, 0);
      expect(JSON.parse(buf.subarray(0, n).toString('utf8')).theme).toBe('dark'); // old content intact
    } finally {
      closeSync(fd);
    }
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ theme: 'light', syncConcurrency: 8 });
  });

  it('writeFileAtomic replaces the whole file and leaves no temp file', () => {
    const dir = fresh();
    const path = join(dir, 'f.json');
    writeFileSync(path, 'old content that is longer');
    writeFileAtomic(path, dir, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['f.json']);
  });
});

describe('settings store under IT policy', () => {
  const policy = {
    enforced: { apiUrl: 'https://api.example.cz', historyRetentionDays: 7, syncConcurrencyMax: 2 },
    defaults: { launchAtLogin: true },
  };

  it('enforced values win over the file; a default fills what the file does not say', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ apiUrl: 'https://other.example.cz', syncConcurrency: 6, theme: 'dark' }));
    const store = createSettingsStore({ dir, log: createMemoryLogger(), policy });
    expect(store.get()).toMatchObject({
      apiUrl: 'https://api.example.cz',
      historyRetentionDays: 7,
      syncConcurrency: 2,
      launchAtLogin: true,
      theme: 'dark',
    });
  });

  it('the agent may change a default; an enforced value cannot be changed and the file keeps the agent’s own', () => {
    const dir = fresh();
    const store = createSettingsStore({ dir, log: createMemoryLogger(), policy });
    expect(store.update({ launchAtLogin: false }).ok).toBe(true);
    expect(store.get().launchAtLogin).toBe(false);
    const refused = store.update({ apiUrl: 'https://other.example.cz' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.issues).toEqual(['apiUrl: set by your organisation']);
    expect(store.update({ syncConcurrency: 3 }).ok).toBe(false);
    expect(store.update({ syncConcurrency: 1 }).ok).toBe(true);
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.apiUrl).toBe(DEFAULT_SETTINGS.apiUrl);
    // Without the policy the agent's own settings come back.
    expect(createSettingsStore({ dir, log: createMemoryLogger() }).get()).toMatchObject({ launchAtLogin: false, syncConcurrency: 1, historyRetentionDays: 30 });
  });
});
