import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createConsoleLogger,
  createFileLogger,
  createLogger,
  createMemoryLogger,
  stringifyLogValue,
} from '../../../electron/services/logger';

const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';
const ODD_SECRET = 'not-a-key-shaped-secret-42';

describe('logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('redacts key-shaped text, apiKey query params and bearer tokens in messages', () => {
    const log = createMemoryLogger();
    log.info(`GET https://api.bizkithub.com/x?id=1&apiKey=${KEY}`);
    log.warn(`header Authorization: Bearer ${KEY}`);
    log.error(`raw ${KEY} here`);
    expect(log.lines).toHaveLength(3);
    for (const line of log.lines) {
      expect(line).not.toContain(KEY);
      expect(line).toContain('[redacted]');
    }
    expect(log.lines[0]).toMatch(/ INFO GET https:\/\/api\.bizkithub\.com\/x\?id=1&apiKey=\[redacted\]$/);
    expect(log.lines[1]).toContain(' WARN ');
    expect(log.lines[2]).toContain(' ERROR ');
  });

  it('redacts data values after JSON-stringifying them (nested, errors, causes)', () => {
    const log = createMemoryLogger();
    const cause = Object.assign(new Error(`connect failed for ?apiKey=${KEY}`), { code: 'ECONNREFUSED' });
    log.error('boom', {
      url: `https://h/?apiKey=${KEY}`,
      nested: { deeper: [KEY] },
      error: new Error('outer', { cause }),
    });
    const line = log.lines[0] ?? '';
    expect(line).not.toContain(KEY);
    expect(line).toContain('ECONNREFUSED');
    expect(line).toContain('outer');
    expect(line).toMatch(/nested=\{"deeper":\["\[redacted\]"\]\}/);
  });

  it('redacts the secrets given with setSecrets, even when not key-shaped, and keeps old ones', () => {
    const log = createMemoryLogger();
    log.info(`before ${ODD_SECRET}`);
    log.setSecrets([ODD_SECRET]);
    log.setSecrets(['another-secret-value']);
    log.info(`after ${ODD_SECRET}`, { v: `x${ODD_SECRET}x`, w: 'another-secret-value' });
    expect(log.lines[0]).toContain(ODD_SECRET); // nothing known yet
    expect(log.lines[1]).not.toContain(ODD_SECRET);
    expect(log.lines[1]).not.toContain('another-secret-value');
  });

  it('never throws: circular data, bigint, a throwing sink', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(stringifyLogValue(circular)).toContain('[circular]');
    expect(stringifyLogValue(10n)).toBe('"10"');
    const log = createLogger(() => {
      throw new Error('sink down');
    });
    expect(() => log.info('x', { circular })).not.toThrow();
  });

  it('console logger routes by level and redacts', () => {
    const info = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = createConsoleLogger();
    log.info(`i ${KEY}`);
    log.warn('w');
    log.error('e');
    expect(info).toHaveBeenCalledOnce();
    expect(String(info.mock.calls[0]?.[0])).not.toContain(KEY);
    expect(warn).toHaveBeenCalledOnce();
    expect(error).toHaveBeenCalledOnce();
  });

  it('file logger appends redacted lines, creating the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-log-'));
    const file = join(dir, 'logs', 'desk.log');
    const log = createFileLogger(file);
    log.info('one', { key: KEY });
    log.setSecrets([ODD_SECRET]);
    log.warn(`two ${ODD_SECRET}`);
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(ODD_SECRET);
  });
});
