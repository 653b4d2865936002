import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  appMenuTemplate,
  createWebPreferences,
  DEVTOOLS_ENV,
  devToolsPolicy,
  withDevToolsPolicy,
  isAllowedNavigation,
  isPermissionGranted,
  isTrustedSender,
  parseDeepLink,
  type MenuEntry,
} from '../../../electron/main/security';
import { CONTENT_SECURITY_POLICY } from '../../../electron/shared/content-policy';
import { resolveAppPath } from '../../../electron/shared/static-files';

const ORIGIN = 'app://desk';
const DEV_ORIGIN = 'http://127.0.0.1:5173';

describe('isTrustedSender', () => {
  const main = (url: string) => ({ url, parent: null });
  const cases: Array<[string, Parameters<typeof isTrustedSender>[0], string, boolean]> = [
    ['main frame of the app', main('app://desk/index.html'), ORIGIN, true],
    ['main frame with hash route', main('app://desk/index.html#/complaint/42'), ORIGIN, true],
    ['main frame, root path', main('app://desk/'), ORIGIN, true],
    ['upper-case host is the same origin', main('app://DESK/index.html'), ORIGIN, true],
    ['dev server origin in dev mode', main('http://127.0.0.1:5173/'), DEV_ORIGIN, true],
    ['null frame (after navigation)', null, ORIGIN, false],
    ['undefined frame', undefined, ORIGIN, false],
    ['iframe of the app', { url: 'app://desk/index.html', parent: {} }, ORIGIN, false],
    ['look-alike host with suffix', main('app://desk.evil/index.html'), ORIGIN, false],
    ['credentials trick', main('app://desk@evil/index.html'), ORIGIN, false],
    ['credentials on the right host', main('app://user@desk/index.html'), ORIGIN, false],
    ['host with port', main('app://desk:80/index.html'), ORIGIN, false],
    ['other scheme, same host', main('https://desk/index.html'), ORIGIN, false],
    ['javascript: url', main('javascript:alert(1)'), ORIGIN, false],
    ['file: url', main('file:///etc/passwd'), ORIGIN, false],
    ['data: url', main('data:text/html,<script>1</script>'), ORIGIN, false],
    ['about:blank', main('about:blank'), ORIGIN, false],
    ['empty url', main(''), ORIGIN, false],
    ['garbage url', main('not a url'), ORIGIN, false],
    ['dev origin other port', main('http://127.0.0.1:5174/'), DEV_ORIGIN, false],
    ['dev origin localhost vs 127.0.0.1', main('http://localhost:5173/'), DEV_ORIGIN, false],
    ['app page when dev origin expected', main('app://desk/index.html'), DEV_ORIGIN, false],
    ['malformed app origin', main('app://desk/index.html'), 'not an origin', false],
  ];
  it.each(cases)('%s', (_name, frame, origin, expected) => {
    expect(isTrustedSender(frame, origin)).toBe(expected);
  });
});

describe('isAllowedNavigation', () => {
  const cases: Array<[string, string, boolean]> = [
    ['app://desk/index.html', ORIGIN, true],
    ['app://desk/index.html#/settings', ORIGIN, true],
    ['app://desk.evil/index.html', ORIGIN, false],
    ['app://desk@evil/', ORIGIN, false],
    ['https://example.com/', ORIGIN, false],
    ['https://desk/', ORIGIN, false],
    ['file:///etc/passwd', ORIGIN, false],
    ['javascript:alert(1)', ORIGIN, false],
    ['data:text/html,hi', ORIGIN, false],
    ['about:blank', ORIGIN, false],
    ['', ORIGIN, false],
    ['http://127.0.0.1:5173/index.html', DEV_ORIGIN, true],
    ['http://127.0.0.1:5173.evil.com/', DEV_ORIGIN, false],
    ['http://evil.com/?http://127.0.0.1:5173', DEV_ORIGIN, false],
  ];
  it.each(cases)('%s (origin %s) → %s', (url, origin, expected) => {
    expect(isAllowedNavigation(url, origin)).toBe(expected);
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/desk/dist/renderer');
  const inRoot = (...p: string[]) => path.join(root, ...p);

  const allowed: Array<[string, string]> = [
    ['app://desk/index.html', inRoot('index.html')],
    ['app://desk/', inRoot('index.html')],
    ['app://desk', inRoot('index.html')],
    ['/', inRoot('index.html')],
    ['/?token=abc', inRoot('index.html')],
    ['app://desk/assets/index-abc123.js', inRoot('assets', 'index-abc123.js')],
    ['app://desk/assets/index.css?v=1#x', inRoot('assets', 'index.css')],
    ['/assets/logo.svg', inRoot('assets', 'logo.svg')],
    ['/assets/my%20font.woff2', inRoot('assets', 'my font.woff2')],
    ['/index.html#/complaint/..', inRoot('index.html')],
  ];
  it.each(allowed)('serves %s', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  const refused: Array<[string, string]> = [
    ['dot-dot', 'app://desk/../secret.txt'],
    ['dot-dot in the middle', 'app://desk/assets/../../secret.txt'],
    ['dot-dot at the end', '/assets/..'],
    ['bare path dot-dot', '/../../etc/passwd'],
    ['single dot segment', '/./index.html'],
    ['encoded dots %2e%2e', 'app://desk/%2e%2e/secret.txt'],
    ['upper-case encoded %2E%2E%2F', 'app://desk/%2E%2E%2Fsecret.txt'],
    ['mixed ..%2f', 'app://desk/..%2fsecret.txt'],
    ['encoded slash alone', '/assets%2findex.js'],
    ['half-encoded .%2e', '/.%2e/secret.txt'],
    ['double encoding %252e%252e', '/%252e%252e/secret.txt'],
    ['double-encoded slash', '/..%252fsecret.txt'],
    ['backslash', 'app://desk/..\\secret.txt'],
    ['backslash inside segment', '/assets\\index.js'],
    ['encoded backslash', '/..%5csecret.txt'],
    ['NUL byte', '/index.html\u0000.png'],
    ['encoded NUL', '/index.html%00.png'],
    ['control character', '/index\u0007.html'],
    ['double slash (absolute path)', '//etc/passwd'],
    ['absolute path after host', 'app://desk//etc/passwd'],
    ['Windows drive letter', '/C:/Windows/win.ini'],
    ['encoded drive path', '/C%3A/Windows/win.ini'],
    ['relative path, no leading slash', 'index.html'],
    ['encoded absolute path', 'app://desk/%2Fetc%2Fpasswd'],
    ['malformed encoding', '/%E0%A4%A'],
    ['empty segment', '/assets//index.js'],
  ];
  it.each(refused)('refuses %s', (_name, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('a bare absolute path stays inside the root', () => {
    expect(resolveAppPath(root, '/etc/passwd')).toBe(inRoot('etc', 'passwd'));
  });

  it('refuses an empty root', () => {
    expect(resolveAppPath('', '/index.html')).toBeNull();
  });

  it('never resolves outside the root, whatever the input', () => {
    const nasty = ['..', '%2e', '%2E', '%2f', '%2F', '%5c', '/', '\\', '.', 'a', '%25', '%00', ':', 'C:'];
    for (const a of nasty) {
      for (const b of nasty) {
        for (const c of nasty) {
          const resolved = resolveAppPath(root, `/${a}${b}/${c}`);
          if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
        }
      }
    }
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it('has no unsafe-* source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/i);
  });

  it.each([
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('%s is %s', (name, value) => {
    expect(directives.get(name)).toBe(value);
  });

  it('is exactly the documented policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});

describe('createWebPreferences', () => {
  it('returns the hardened preferences with the preload', () => {
    expect(createWebPreferences('/app/dist/electron/preload.cjs', { devTools: false })).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      backgroundThrottling: false,
      devTools: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['webSecurity', true],
    ['webviewTag', false],
    // Issue 12: the sync engine keeps its pace while the window is hidden in the tray.
    ['backgroundThrottling', false],
  ] as const)('%s is %s', (key, value) => {
    expect(createWebPreferences('x', { devTools: false })[key]).toBe(value);
  });

  it('has no unexpected keys (nodeIntegrationInWorker, allowRunningInsecureContent, ...)', () => {
    expect(Object.keys(createWebPreferences('x', { devTools: false })).sort()).toEqual(
      ['backgroundThrottling', 'contextIsolation', 'devTools', 'nodeIntegration', 'preload', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag'],
    );
  });

  it('devTools follows the policy: off unless explicitly true', () => {
    expect(createWebPreferences('x', { devTools: true }).devTools).toBe(true);
    expect(createWebPreferences('x', { devTools: false }).devTools).toBe(false);
  });
});

describe('devToolsPolicy', () => {
  it.each([
    [{ isPackaged: false, env: {} }, true],
    [{ isPackaged: true, env: {} }, false],
    [{ isPackaged: true, env: { [DEVTOOLS_ENV]: '1' } }, true],
    [{ isPackaged: true, env: { [DEVTOOLS_ENV]: ' 1 ' } }, true],
    [{ isPackaged: true, env: { [DEVTOOLS_ENV]: '0' } }, false],
    [{ isPackaged: true, env: { [DEVTOOLS_ENV]: 'true' } }, false],
    [{ isPackaged: true, env: { [DEVTOOLS_ENV]: '' } }, false],
    [{ isPackaged: true, env: { ELECTRON_ENABLE_LOGGING: '1', NODE_ENV: 'development' } }, false],
  ])('%j → %s', (facts, devTools) => {
    expect(devToolsPolicy(facts).devTools).toBe(devTools);
  });

  it('names the variable support uses', () => {
    expect(DEVTOOLS_ENV).toBe('BIZKITHUB_DESK_DEVTOOLS');
    expect(devToolsPolicy({ isPackaged: true, env: { [DEVTOOLS_ENV]: '1' } }).reason).toContain(DEVTOOLS_ENV);
  });

  it(`the devTools policy wins over ${DEVTOOLS_ENV}`, () => {
    const support = devToolsPolicy({ isPackaged: true, env: { [DEVTOOLS_ENV]: '1' } });
    expect(withDevToolsPolicy(support, false)).toEqual({ devTools: false, reason: 'policy devTools=false' });
    expect(withDevToolsPolicy(devToolsPolicy({ isPackaged: false, env: {} }), false).devTools).toBe(false);
    expect(withDevToolsPolicy(devToolsPolicy({ isPackaged: true, env: {} }), true).devTools).toBe(true);
    expect(withDevToolsPolicy(support, undefined)).toBe(support);
  });
});

describe('appMenuTemplate', () => {
  const roles = (entries: MenuEntry[]): string[] =>
    entries.flatMap((entry) => [...(entry.role ? [entry.role] : []), ...roles(entry.submenu ?? [])]);

  it.each(['win32', 'linux', 'darwin'])('%s without DevTools: no way to open them, no reload', (platform) => {
    const all = roles(appMenuTemplate({ platform, devTools: false }));
    expect(all).not.toContain('toggleDevTools');
    expect(all).not.toContain('reload');
    expect(all).not.toContain('forceReload');
    expect(all).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'zoomIn']));
  });

  it('with DevTools allowed, the View menu offers them', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', devTools: true }))).toEqual(
      expect.arrayContaining(['toggleDevTools', 'reload']),
    );
  });

  it('macOS gets its app menu (Quit, Hide), the others do not', () => {
    expect(roles(appMenuTemplate({ platform: 'darwin', devTools: false }))[0]).toBe('appMenu');
    expect(roles(appMenuTemplate({ platform: 'win32', devTools: false }))).not.toContain('appMenu');
  });
});

describe('parseDeepLink', () => {
  it.each([
    ['bizkithub-complaints://complaint/12345', '12345'],
    ['bizkithub-complaints://complaint/AB-12/', 'AB-12'],
    ['BIZKITHUB-COMPLAINTS://complaint/7', '7'],
    ['bizkithub-complaints://complaint/a%20b', null],
    ['bizkithub-complaints://complaint/', null],
    ['bizkithub-complaints://other/1', null],
    ['bizkithub-complaints://complaint/1/2', null],
    ['https://complaint/1', null],
    ['--flag', null],
    [`bizkithub-complaints://complaint/${'x'.repeat(65)}`, null],
  ])('%s → %s', (arg, expected) => {
    expect(parseDeepLink(arg)).toBe(expected);
  });

  it('APP_ORIGIN is app://desk', () => {
    expect(APP_ORIGIN).toBe('app://desk');
  });
});

describe('isPermissionGranted', () => {
  it('grants persistent storage to the app itself and nothing else to anyone', () => {
    expect(isPermissionGranted('persistent-storage', 'app://desk/index.html', APP_ORIGIN)).toBe(true);
    expect(isPermissionGranted('persistent-storage', 'app://desk', APP_ORIGIN)).toBe(true);
    expect(isPermissionGranted('persistent-storage', 'http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isPermissionGranted('persistent-storage', 'https://evil.example/', APP_ORIGIN)).toBe(false);
    expect(isPermissionGranted('persistent-storage', undefined, APP_ORIGIN)).toBe(false);
    for (const other of ['notifications', 'geolocation', 'media', 'clipboard-read', 'storage-access', 'unknown']) {
      expect(isPermissionGranted(other, 'app://desk/index.html', APP_ORIGIN)).toBe(false);
    }
  });
});
