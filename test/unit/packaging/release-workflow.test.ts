/**
 * .github/workflows/release.yml cannot run here; these checks pin down what it must do:
 * native runners, tests before building, signing secrets only where they are used, the
 * upload of every installer and update file, and publishing with the least permission.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: Array<{ os: string; platform: string }> } };
  steps: Step[];
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const text = readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8');
const workflow = yaml.load(text) as Workflow;
const build = workflow.jobs.build as Job;
const publish = workflow.jobs.publish as Job;
const steps = build.steps;
const indexOf = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? '') || pattern.test(s.uses ?? ''));

describe('release workflow', () => {
  it('runs on version tags and by hand', () => {
    expect(workflow.on).toHaveProperty('push.tags', ['v*']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  it('builds each platform on its own runner', () => {
    expect(build.strategy?.matrix.include).toEqual([
      { os: 'windows-latest', platform: 'win' },
      { os: 'macos-latest', platform: 'mac' },
      { os: 'ubuntu-latest', platform: 'linux' },
    ]);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
  });

  it('installs from the lockfile, runs the unit tests, then builds, then packages', () => {
    const order = [/npm ci\b/, /npx vitest run test\/unit/, /npm run build/, /npx electron-builder --\$\{\{ matrix\.platform \}\} --publish never/, /actions\/upload-artifact@/];
    const at = order.map(indexOf);
    for (const i of at) expect(i).toBeGreaterThanOrEqual(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('adds the x64 keychain binary on the arm64 macOS runner before packaging', () => {
    const add = indexOf(/add-native-arch\.mjs darwin x64/);
    expect(add).toBeGreaterThan(-1);
    expect(steps[add]?.if).toBe("matrix.platform == 'mac'");
    expect(add).toBeLessThan(indexOf(/npx electron-builder/));
  });

  it('signing secrets reach only the packaging step, each only on its platform', () => {
    const pack = steps[indexOf(/npx electron-builder/)] as Step;
    const withSecrets = steps.filter((s) => JSON.stringify(s).includes('secrets.'));
    expect(withSecrets).toEqual([pack]);
    expect(pack.env).toMatchObject({
      CSC_LINK: "${{ matrix.platform == 'mac' && secrets.MAC_CSC_LINK || '' }}",
      CSC_KEY_PASSWORD: "${{ matrix.platform == 'mac' && secrets.MAC_CSC_KEY_PASSWORD || '' }}",
      APPLE_ID: "${{ matrix.platform == 'mac' && secrets.APPLE_ID || '' }}",
      APPLE_APP_SPECIFIC_PASSWORD: "${{ matrix.platform == 'mac' && secrets.APPLE_APP_SPECIFIC_PASSWORD || '' }}",
      APPLE_TEAM_ID: "${{ matrix.platform == 'mac' && secrets.APPLE_TEAM_ID || '' }}",
      WIN_CSC_LINK: "${{ matrix.platform == 'win' && secrets.WIN_CSC_LINK || '' }}",
      WIN_CSC_KEY_PASSWORD: "${{ matrix.platform == 'win' && secrets.WIN_CSC_KEY_PASSWORD || '' }}",
    });
    // Unset secrets must not look like "set" to electron-builder.
    expect(pack.run).toMatch(/if \[ -z "\$\{!name\}" \]; then unset "\$name"; fi/);
  });

  it('a generic feed URL must be https', () => {
    const pack = steps[indexOf(/npx electron-builder/)] as Step;
    expect(pack.run).toMatch(/https:\/\/\*\) feed=\(-c\.publish\.provider=generic "-c\.publish\.url=\$UPDATE_FEED_URL"\)/);
    expect(pack.run).toMatch(/must be an https:\/\/ URL"; exit 1/);
  });

  it('uploads every installer and the update metadata', () => {
    const upload = steps[indexOf(/actions\/upload-artifact@/)] as Step;
    const paths = String(upload.with?.path).trim().split(/\r?\n/);
    expect(paths).toEqual([
      'release/*.exe',
      'release/*.dmg',
      'release/*.zip',
      'release/*.AppImage',
      'release/*.deb',
      'release/*.rpm',
      'release/*.blockmap',
      'release/latest*.yml',
    ]);
    expect(upload.with?.['if-no-files-found']).toBe('error');
  });

  it('only the publish job may write, it runs on tags after every build, and never touches a published release', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(build.permissions).toBeUndefined();
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(publish.needs).toBe('build');
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    const script = publish.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toMatch(/--draft --verify-tag/);
    expect(script).toMatch(/already published/);
    // No project code runs with the write token.
    expect(publish.steps.some((s) => /npm|npx|node /.test(s.run ?? ''))).toBe(false);
    expect(publish.steps.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
  });

  it('checks that the tag matches package.json before spending a build', () => {
    const check = indexOf(/does not match package\.json version/);
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(indexOf(/npm ci\b/));
  });
});
