import { describe, expect, it } from 'vitest';
import { cs } from '../../../renderer/src/i18n/cs';
import { en } from '../../../renderer/src/i18n/en';
import { loadNotices, NOTICES_URL } from '../../../renderer/src/ui/notices';
import { NOTICES_FILE } from '../../../scripts/third-party-notices.mjs';

describe('loadNotices (Help → About)', () => {
  it('fetches the file the build writes, relative to the page', async () => {
    expect(NOTICES_URL).toBe(`./${NOTICES_FILE}`);
    const asked: string[] = [];
    const result = await loadNotices(async (url) => {
      asked.push(url);
      return new Response('zod 4.6.7\nMIT\n', { status: 200 });
    });
    expect(asked).toEqual(['./third-party-notices.txt']);
    expect(result).toEqual({ ok: true, text: 'zod 4.6.7\nMIT\n' });
  });

  it.each([
    ['a 404', async () => new Response('Not found', { status: 404 })],
    ['an empty file', async () => new Response('  \n', { status: 200 })],
    ['a failed fetch', async () => Promise.reject(new TypeError('network'))],
  ])('reports %s as missing', async (_name, fetchFn) => {
    expect(await loadNotices(fetchFn)).toEqual({ ok: false });
  });

  it('has its strings in English and Czech', () => {
    for (const key of ['help.about', 'help.licences', 'help.aboutOpenSource', 'help.licencesMissing'] as const) {
      expect(en[key]).toBeTruthy();
      expect(cs[key]).toBeTruthy();
      expect(cs[key]).not.toBe(en[key]);
    }
    expect(en['help.licences']).toBe('Third-party licences');
  });
});
