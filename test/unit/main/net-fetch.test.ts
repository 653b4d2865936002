/** The net.fetch adapter (electron/main/net-fetch.ts): Electron's fetch made to behave like the one the API client expects. */
import { describe, expect, it } from 'vitest';
import { adaptNetFetch } from '../../../electron/main/net-fetch';

describe('net.fetch adapter', () => {
  it('passes URL objects as strings, never sends session credentials, keeps the init', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = [];
    const f = adaptNetFetch(async (input, init) => {
      calls.push({ input, init });
      return new Response('{}', { status: 200 });
    });
    const res = await f(new URL('https://api.bizkithub.com/x?apiKey=k'), { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(calls[0]).toEqual({ input: 'https://api.bizkithub.com/x?apiKey=k', init: { method: 'HEAD', redirect: 'manual', credentials: 'omit', cache: 'no-store' } });
  });

  it('never lets a request use or fill the HTTP cache, whatever the caller asked (the URL holds the key, a detail reply personal data)', async () => {
    const modes: Array<RequestCache | undefined> = [];
    const f = adaptNetFetch(async (_input, init) => {
      modes.push(init?.cache);
      return new Response('{}', { status: 200 });
    });
    await f('https://api.bizkithub.com/api/v1/shop/complaint/detail?id=1&apiKey=k');
    await f('https://api.bizkithub.com/x', { method: 'POST', body: '{}', cache: 'force-cache' });
    await f(new URL('https://api.bizkithub.com/x'), { cache: 'default', redirect: 'manual' });
    expect(modes).toEqual(['no-store', 'no-store', 'no-store']);
  });

  it('a manual redirect (Electron fails it as "Redirect was cancelled") becomes a 3xx answer, never followed', async () => {
    const f = adaptNetFetch(async () => {
      throw new Error('Redirect was cancelled');
    });
    expect((await f('https://api.bizkithub.com/', { redirect: 'manual' })).status).toBe(307);
    await expect(f('https://api.bizkithub.com/', { redirect: 'follow' })).rejects.toThrow(/cancelled/);
  });

  it('network failures stay failures', async () => {
    const f = adaptNetFetch(async () => {
      throw new Error('net::ERR_PROXY_CONNECTION_FAILED');
    });
    await expect(f('https://api.bizkithub.com/', { redirect: 'manual' })).rejects.toThrow(/PROXY_CONNECTION_FAILED/);
  });
});
