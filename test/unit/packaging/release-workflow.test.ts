/**
 * .github/workflows/release.yml cannot run here; these checks pin down what it must do:
 * native runners, tests before building, signing secrets only where they are used, the
 * upload of every installer and update file, and publishing with the least permission.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
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
    // The build writes the third-party notices from what is installed: the binary must be there.
    expect(add).toBeLessThan(indexOf(/npm run build/));
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

describe('release workflow: supply chain', () => {
  const allUses = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.uses).filter((u): u is string => !!u));

  it('pins every action by full commit SHA, with its version in a comment', () => {
    expect(allUses.length).toBeGreaterThanOrEqual(4);
    for (const uses of allUses) {
      expect(uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      const line = text.split('\n').find((l) => l.includes(`uses: ${uses}`));
      expect(line, uses).toMatch(/ # v\d+\.\d+\.\d+$/);
    }
  });

  it('builds installers on Node >= 22 (electron-builder 26 and Electron tooling need 22.12+)', () => {
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(Number(String(setup?.with?.['node-version']).split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});

/**
 * The packaging step's script, run for real in bash with `npx` replaced by a stub that
 * records its arguments: what a tag build does with and without the signing secrets.
 */
describe.skipIf(process.platform === 'win32')('release workflow: release tags are never built unsigned', () => {
  const pack = steps[indexOf(/npx electron-builder/)] as Step;

  function runPackage(platform: string, env: Record<string, string>): { status: number | null; out: string; npx: string | null } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-release-'));
    try {
      const record = path.join(dir, 'npx-args');
      writeFileSync(path.join(dir, 'npx'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > '${record}'\n`);
      chmodSync(path.join(dir, 'npx'), 0o755);
      const script = (pack.run ?? '').replaceAll('${{ matrix.platform }}', platform);
      const secrets = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        encoding: 'utf8',
        env: {
          PATH: `${dir}:${process.env.PATH ?? ''}`,
          UPDATE_FEED_URL: '',
          ...Object.fromEntries(secrets.map((name) => [name, ''])),
          ...env,
        },
      });
      let npx: string | null = null;
      try {
        npx = readFileSync(record, 'utf8');
      } catch {
        npx = null;
      }
      return { status: result.status, out: `${result.stdout}${result.stderr}`, npx };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const MAC = { CSC_LINK: 'p12', CSC_KEY_PASSWORD: 'pw', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' };
  const WIN = { WIN_CSC_LINK: 'pfx', WIN_CSC_KEY_PASSWORD: 'pw' };

  it.each([
    ['mac', {}],
    ['mac', { ...MAC, APPLE_TEAM_ID: '' }],
    ['win', {}],
    ['win', { WIN_CSC_LINK: 'pfx' }],
  ])('a %s tag build without its secrets fails before electron-builder runs (%j)', (platform, env) => {
    const run = runPackage(platform, { GITHUB_REF_TYPE: 'tag', ...env });
    expect(run.status).not.toBe(0);
    expect(run.out).toMatch(/::error::secret for \w+ is missing: release tags are never built unsigned/);
    expect(run.npx).toBeNull();
  });

  it.each([
    ['mac', MAC],
    ['win', WIN],
  ])('a %s tag build with its secrets forces code signing', (platform, env) => {
    const run = runPackage(platform, { GITHUB_REF_TYPE: 'tag', ...env });
    expect(run.status, run.out).toBe(0);
    expect(run.npx?.split('\n')).toEqual(expect.arrayContaining(['electron-builder', `--${platform}`, '-c.forceCodeSigning=true']));
  });

  it('Linux (no code signing in electron-builder) and manual runs on a branch build as before', () => {
    const linux = runPackage('linux', { GITHUB_REF_TYPE: 'tag' });
    expect(linux.status, linux.out).toBe(0);
    expect(linux.npx).not.toContain('forceCodeSigning');
    const branch = runPackage('win', { GITHUB_REF_TYPE: 'branch' });
    expect(branch.status, branch.out).toBe(0);
    expect(branch.npx).not.toContain('forceCodeSigning');
  });
});
