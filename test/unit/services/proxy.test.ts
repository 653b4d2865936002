/**
 * Proxy selection (electron/services/proxy.ts): from the environment in the browser host,
 * and Chromium's answer for the API URL in the desktop app.
 */
import { describe, expect, it } from 'vitest';
import {
  describeChromiumProxy,
  describeEnvProxy,
  isExempt,
  proxyForUrl,
  proxySelectionFromEnv,
  withoutCredentials,
} from '../../../electron/services/proxy';

describe('proxy selection from the environment (browser host)', () => {
  it('no proxy variables: direct', () => {
    expect(proxySelectionFromEnv({})).toBeNull();
    expect(describeEnvProxy(null, 'https://api.bizkithub.com')).toEqual({ source: 'none', via: 'direct', proxy: null, variable: null });
  });

  it('HTTPS_PROXY for https, HTTP_PROXY for http; https falls back to HTTP_PROXY; lower case wins', () => {
    const both = proxySelectionFromEnv({ HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' });
    expect(proxyForUrl(both, 'https://api.bizkithub.com')).toEqual({ proxy: 'http://s:1', variable: 'HTTPS_PROXY' });
    expect(proxyForUrl(both, 'http://desk.example:8787')).toEqual({ proxy: 'http://p:2', variable: 'HTTP_PROXY' });
    const httpOnly = proxySelectionFromEnv({ HTTP_PROXY: 'http://p:2' });
    expect(proxyForUrl(httpOnly, 'https://api.bizkithub.com')).toEqual({ proxy: 'http://p:2', variable: 'HTTP_PROXY' });
    const lower = proxySelectionFromEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' });
    expect(proxyForUrl(lower, 'https://x.example')).toEqual({ proxy: 'http://lower:1', variable: 'https_proxy' });
  });

  it.each([
    ['', 'https://api.bizkithub.com', false],
    ['*', 'https://api.bizkithub.com', true],
    ['bizkithub.com', 'https://api.bizkithub.com', true],
    ['.bizkithub.com', 'https://api.bizkithub.com', true],
    ['*.bizkithub.com', 'https://api.bizkithub.com', true],
    ['kithub.com', 'https://api.bizkithub.com', false],
    ['api.bizkithub.com:8443', 'https://api.bizkithub.com', false],
    ['api.bizkithub.com:443', 'https://api.bizkithub.com', true],
    ['localhost, 127.0.0.1', 'http://127.0.0.1:8787', true],
    ['localhost', 'http://127.0.0.1:8787', false],
  ])('NO_PROXY=%j exempts %s: %s', (noProxy, url, exempt) => {
    expect(isExempt(noProxy, new URL(url))).toBe(exempt);
  });

  it.each([
    'http://127.0.0.1:8787',
    'http://127.1.2.3:8787',
    'https://127.0.0.1',
    'http://localhost:8787',
    'http://LOCALHOST.:8787',
    'http://[::1]:8787',
    'https://[::ffff:127.0.0.1]:8443',
  ])('loopback %s is never proxied, whatever NO_PROXY says', (url) => {
    for (const noProxy of ['', 'example.com', 'localhost:1']) {
      const sel = proxySelectionFromEnv({ HTTP_PROXY: 'http://p:2', HTTPS_PROXY: 'http://s:1', NO_PROXY: noProxy });
      expect(proxyForUrl(sel, url)).toBeNull();
      expect(describeEnvProxy(sel, url)).toEqual({ source: 'environment', via: 'local', proxy: null, variable: null });
    }
  });

  it.each(['http://127.example:1', 'http://localhost.example:1', 'https://128.0.0.1', 'https://[::2]'])(
    '%s is not loopback: proxied as named',
    (url) => {
      const sel = proxySelectionFromEnv({ HTTP_PROXY: 'http://p:2' });
      expect(proxyForUrl(sel, url)).toEqual({ proxy: 'http://p:2', variable: 'HTTP_PROXY' });
    },
  );

  it('Settings never shows proxy credentials', () => {
    const sel = proxySelectionFromEnv({ HTTPS_PROXY: 'http://agent:s3cret@proxy.corp:3128' });
    const info = describeEnvProxy(sel, 'https://api.bizkithub.com');
    expect(info).toEqual({ source: 'environment', via: 'proxy', proxy: 'http://proxy.corp:3128', variable: 'HTTPS_PROXY' });
    expect(JSON.stringify(info)).not.toContain('s3cret');
    expect(withoutCredentials('agent:pw@proxy:8080')).toBe('proxy:8080');
  });
});

describe("the desktop app's proxy (Chromium's answer for the API URL)", () => {
  it.each([
    ['DIRECT', { source: 'system', via: 'direct', proxy: null, variable: null }],
    ['PROXY proxy.corp:3128; DIRECT', { source: 'system', via: 'proxy', proxy: 'http://proxy.corp:3128', variable: null }],
    ['HTTPS secure.corp:443', { source: 'system', via: 'proxy', proxy: 'https://secure.corp', variable: null }],
    ['SOCKS5 socks.corp:1080', { source: 'system', via: 'proxy', proxy: 'socks5://socks.corp:1080', variable: null }],
    ['', { source: 'system', via: 'direct', proxy: null, variable: null }],
  ])('%j', (resolved, info) => {
    expect(describeChromiumProxy(resolved)).toEqual(info);
  });
});
