/** Issue 12, the renderer's side: export outcomes, error forwarding, the proxy sentence. */
import { describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../renderer/src/desk';
import { forwardRendererErrors } from '../../../renderer/src/diagnostics';
import { en } from '../../../renderer/src/i18n/en';
import { exportFileName, exportForSupport } from '../../../renderer/src/ui/export-support';
import { describeNetwork } from '../../../renderer/src/ui/settings/network-text';
import { ExportFileNameSchema } from '../../../common/ipc-contract';

const t = (key: keyof typeof en, params: Record<string, string | number> = {}) =>
  String(en[key]).replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? `{${k}}`));

describe('export for support says what really happened', () => {
  const saveExport = (reply: Awaited<ReturnType<DeskApi['saveExport']>>) => {
    const calls: unknown[] = [];
    return { calls, desk: { saveExport: async (input: unknown) => (calls.push(input), reply) } as Pick<DeskApi, 'saveExport'> };
  };
  const noDownload = () => {
    throw new Error('the desktop app must not download');
  };

  it('desktop app: through main, saved with the path', async () => {
    const { desk, calls } = saveExport({ ok: true, value: { outcome: 'saved', path: '/home/a/x.json' } });
    expect(await exportForSupport({ desk, host: 'electron', download: noDownload }, 'x-export.json', '{}')).toEqual({ outcome: 'saved', path: '/home/a/x.json' });
    expect(calls).toEqual([{ fileName: 'x-export.json', contents: '{}' }]);
  });
  it('desktop app: cancelled is cancelled, not "saved"', async () => {
    const { desk } = saveExport({ ok: true, value: { outcome: 'cancelled' } });
    expect(await exportForSupport({ desk, host: 'electron', download: noDownload }, 'x-export.json', '{}')).toEqual({ outcome: 'cancelled' });
  });
  it('desktop app: a failed write is failed, with the reason', async () => {
    const { desk } = saveExport({ ok: false, error: { kind: 'io', message: 'EACCES: permission denied' } });
    expect(await exportForSupport({ desk, host: 'electron', download: noDownload }, 'x-export.json', '{}')).toEqual({ outcome: 'failed', reason: 'EACCES: permission denied' });
  });
  it('browser host: the page downloads it (main is not asked)', async () => {
    const { desk, calls } = saveExport({ ok: true, value: { outcome: 'cancelled' } });
    const downloads: string[] = [];
    const r = await exportForSupport({ desk, host: 'browser', download: (f) => downloads.push(f) }, 'x-export.json', '{}');
    expect(r).toEqual({ outcome: 'downloaded', file: 'x-export.json' });
    expect(downloads).toEqual(['x-export.json']);
    expect(calls).toEqual([]);
  });
  it('the generated name passes the contract (a plain .json name)', () => {
    expect(ExportFileNameSchema.safeParse(exportFileName(new Date('2026-12-01T10:20:30.123Z'))).success).toBe(true);
    expect(ExportFileNameSchema.safeParse('../x.json').success).toBe(false);
  });
});

describe('renderer errors are forwarded to main', () => {
  it('error events and unhandled rejections, with message, stack and source', async () => {
    const listeners = new Map<string, (e: unknown) => void>();
    const target = { addEventListener: (type: string, l: (e: unknown) => void) => listeners.set(type, l) };
    const reports: unknown[] = [];
    forwardRendererErrors(target as never, { reportError: async (r) => (reports.push(r), { ok: true, value: { logged: true } }) });
    const error = new TypeError('x is undefined');
    listeners.get('error')?.({ error, message: 'x is undefined', filename: 'app://desk/assets/index.js', lineno: 3, colno: 7 });
    listeners.get('unhandledrejection')?.({ reason: { code: 42 } });
    expect(reports).toEqual([
      { kind: 'error', message: 'TypeError: x is undefined', stack: expect.stringContaining('x is undefined'), source: 'app://desk/assets/index.js:3:7' },
      { kind: 'unhandled-rejection', message: '{"code":42}' },
    ]);
  });
  it('a failing report is dropped, never thrown', async () => {
    const listeners = new Map<string, (e: unknown) => void>();
    forwardRendererErrors({ addEventListener: (type: string, l: (e: unknown) => void) => listeners.set(type, l) } as never, {
      reportError: () => Promise.reject(new Error('main gone')),
    });
    expect(() => listeners.get('unhandledrejection')?.({ reason: 'x'.repeat(5000) })).not.toThrow();
  });
});

describe('which proxy Settings names', () => {
  it.each([
    [{ source: 'none', via: 'direct', proxy: null, variable: null }, 'Proxy: none (direct connection)'],
    [{ source: 'environment', via: 'proxy', proxy: 'http://p:3128', variable: 'HTTPS_PROXY' }, 'Proxy: http://p:3128 (from HTTPS_PROXY)'],
    [{ source: 'environment', via: 'direct', proxy: null, variable: null }, 'Proxy: none for this API (NO_PROXY)'],
    [{ source: 'system', via: 'proxy', proxy: 'http://corp:8080', variable: null }, 'Proxy: http://corp:8080 (system settings)'],
    [{ source: 'system', via: 'direct', proxy: null, variable: null }, 'Proxy: none (the system settings connect directly)'],
  ] as const)('%j', (info, text) => {
    expect(describeNetwork(info, t as never)).toBe(text);
  });
});
