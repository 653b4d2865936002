/** Renderer errors into main's log (electron/services/renderer-errors.ts): redacted, rate-limited, bounded. */
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createRendererErrorLog, scrubRendererText } from '../../../electron/services/renderer-errors';

describe('renderer errors into the main log', () => {
  const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';
  it('logged redacted: no key, no page token, no query strings', () => {
    const log = createMemoryLogger();
    const errors = createRendererErrorLog({ log });
    expect(
      errors.report({
        kind: 'unhandled-rejection',
        message: `TypeError: failed for ${KEY} at http://127.0.0.1:5199/?token=abc123secret`,
        stack: 'at f (http://127.0.0.1:5199/assets/index.js?v=1:10:5)',
        source: 'app://desk/assets/index.js#x',
      }),
    ).toBe(true);
    const text = log.lines.join('\n');
    expect(text).toContain('ERROR renderer error');
    expect(text).toContain('unhandled-rejection');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('abc123secret');
    expect(text).toContain('assets/index.js');
    expect(scrubRendererText('see https://x.test/a?b=c#d now')).toBe('see https://x.test/a now');
  });

  it('rate-limited: 10 a minute, the rest counted and logged once the next minute opens', () => {
    let now = 0;
    const log = createMemoryLogger();
    const errors = createRendererErrorLog({ log, now: () => now });
    const results = Array.from({ length: 25 }, (_, i) => errors.report({ kind: 'error', message: `boom ${i}` }));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(log.lines.filter((l) => l.includes('renderer error'))).toHaveLength(10);
    now = 60_000;
    expect(errors.report({ kind: 'error', message: 'later' })).toBe(true);
    expect(log.lines.join('\n')).toMatch(/renderer errors not logged \(rate limit\) count=15/);
  });

  it('bounded: long messages and stacks are cut', () => {
    const log = createMemoryLogger();
    createRendererErrorLog({ log }).report({ kind: 'error', message: 'x'.repeat(2000), stack: Array.from({ length: 50 }, (_, i) => `line${i}`).join('\n') });
    const line = log.lines[0] ?? '';
    expect(line).not.toContain('x'.repeat(501));
    expect(line).toContain('line11');
    expect(line).not.toContain('line12');
  });
});
