/** The switches a packaged app refuses to start with (electron/main/startup-switches.ts). */
import { describe, expect, it } from 'vitest';
import { refusedStartupSwitches, refusedSwitchesText } from '../../../electron/main/startup-switches';

const names = (args: string[], env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux') =>
  refusedStartupSwitches(args, env, platform).map((r) => r.name);

describe('refused startup switches', () => {
  it.each([
    ['--proxy-server=http://agent:s3cret@proxy.evil:3128', '--proxy-server'],
    ['--proxy-server', '--proxy-server'],
    ['-proxy-server=socks5://x', '--proxy-server'],
    ['--proxy-pac-url=http://evil/pac.js', '--proxy-pac-url'],
    ['--host-resolver-rules=MAP api.bizkithub.com 10.0.0.1', '--host-resolver-rules'],
    ['--host-rules=MAP * evil', '--host-rules'],
    ['--ignore-certificate-errors', '--ignore-certificate-errors'],
    ['--ignore-certificate-errors-spki-list=abc', '--ignore-certificate-errors-spki-list'],
    ['--remote-debugging-port=9222', '--remote-debugging-port'],
    ['--remote-debugging-pipe', '--remote-debugging-pipe'],
    ['--remote-debugging-address=0.0.0.0', '--remote-debugging-address'],
    ['--inspect', '--inspect'],
    ['--inspect=0.0.0.0:9229', '--inspect'],
    ['--inspect-brk', '--inspect-brk'],
    ['--inspect-port=9230', '--inspect-port'],
    ['--INSPECT-BRK=1', '--inspect-brk'],
    ['--ssl-key-log-file=/tmp/keys', '--ssl-key-log-file'],
    ['--log-net-log=/tmp/net.json', '--log-net-log'],
    ['--debug=5858', '--debug'],
  ])('%s is refused as %s', (arg, name) => {
    expect(names(['--some-allowed', arg])).toEqual([name]);
  });

  it('names the switch, never its value (a proxy URL may hold a password)', () => {
    const refused = refusedStartupSwitches(['--proxy-server=http://agent:s3cret@proxy.evil:3128'], {}, 'linux');
    expect(JSON.stringify(refused)).not.toContain('s3cret');
    expect(JSON.stringify(refused)).not.toContain('proxy.evil');
    const text = refusedSwitchesText('en', refused);
    expect(text).toContain('--proxy-server');
    expect(text).not.toContain('s3cret');
  });

  it('allows the ordinary arguments: deep links, --hidden, files, other switches', () => {
    expect(
      names([
        'bizkithub-desk://complaint/R-123',
        '--hidden',
        '--no-sandbox-not-really',
        '--lang=cs',
        '/tmp/file',
        '--proxy-bypass-list=*',
        'inspect',
        'C:\\Users\\agent\\inspect.txt',
      ]),
    ).toEqual([]);
  });

  it('Windows also reads /switch; elsewhere /path is a path', () => {
    expect(names(['/remote-debugging-port=9222'], {}, 'win32')).toEqual(['--remote-debugging-port']);
    expect(names(['/remote-debugging-port=9222'], {}, 'linux')).toEqual([]);
  });

  it('the environment: SSLKEYLOGFILE (Chromium writes the TLS keys there); one entry per switch', () => {
    expect(refusedStartupSwitches([], { SSLKEYLOGFILE: '/tmp/k' }, 'linux')).toEqual([{ name: 'SSLKEYLOGFILE', source: 'environment' }]);
    expect(names([], { sslkeylogfile: '/tmp/k' }, 'win32')).toEqual(['SSLKEYLOGFILE']);
    expect(names([], { HTTPS_PROXY: 'http://corp:3128', NODE_OPTIONS: '--max-old-space-size=100' })).toEqual([]);
    expect(names(['--inspect', '--inspect=1', '--inspect'])).toEqual(['--inspect']);
  });

  it('says so in Czech and English', () => {
    const refused = [{ name: '--remote-debugging-port', source: 'argument' as const }];
    expect(refusedSwitchesText('cs', refused)).toMatch(/^Aplikace byla spuštěna .*--remote-debugging-port/);
    expect(refusedSwitchesText('en', refused)).toMatch(/^The app was started .*--remote-debugging-port/);
  });
});
