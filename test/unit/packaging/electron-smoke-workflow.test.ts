/**
 * Issue 12, item 7: the real-Electron smoke suite runs in CI (it cannot run here). These
 * checks pin down the workflow, its place in release.yml, the npm script, and that
 * `npm test` says it is skipped (and why) where there is no Electron binary.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = path.resolve(__dirname, '../../..');
type Step = { name?: string; uses?: string; run?: string; env?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; strategy?: { matrix: { os?: string[] } }; steps: Step[] }> };
const load = (file: string) => yaml.load(readFileSync(path.join(root, file), 'utf8')) as Workflow;

describe('.github/workflows/electron-smoke.yml', () => {
  const wf = load('.github/workflows/electron-smoke.yml');
  const job = wf.jobs.smoke!;
  const runs = job.steps.map((s) => s.run ?? '').join('\n');

  it('runs on every push to main, on Linux, Windows and macOS', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(job.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
  });

  it('downloads Electron, builds, packages --dir, and runs the suite (Linux under xvfb) on both', () => {
    const order = [/install-electron/, /npm run build/, /electron-builder --dir/, /DESK_PACKAGED_EXECUTABLE=/, /xvfb-run -a npm run test:electron/];
    const at = order.map((p) => job.steps.findIndex((s) => p.test(s.run ?? '')));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(runs).toMatch(/else\s+npm run test:electron/);
  });

  it('pins every action by full commit SHA with its version in a comment', () => {
    const text = readFileSync(path.join(root, '.github/workflows/electron-smoke.yml'), 'utf8');
    const uses = [...text.matchAll(/uses: (\S+)(.*)/g)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/# v\d+/);
    }
  });
});

describe('release.yml runs the smoke suite before packaging', () => {
  it('on the built app, after the build and before electron-builder', () => {
    const steps = load('.github/workflows/release.yml').jobs.build!.steps;
    const find = (p: RegExp) => steps.findIndex((s) => p.test(s.run ?? ''));
    const smoke = find(/npm run test:electron -- --project built/);
    expect(smoke).toBeGreaterThan(find(/npm run build/));
    expect(smoke).toBeLessThan(find(/npx electron-builder --/));
    expect(steps[smoke]?.run).toMatch(/install-electron/);
    expect(steps[smoke]?.run).toMatch(/xvfb-run -a npm run test:electron/);
  });
});

describe('npm scripts and npm test', () => {
  it('npm run test:electron uses the suite\'s own config, kept out of the browser-host E2E run', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test:electron']).toBe('playwright test --config test/electron/playwright.config.ts');
    expect(readFileSync(path.join(root, 'playwright.config.ts'), 'utf8')).toMatch(/testDir: 'test\/e2e'/);
    expect(readFileSync(path.join(root, '.ci/run'), 'utf8')).not.toMatch(/test:electron|test\/electron/);
  });

  it('without an Electron binary, npm test prints one line: skipped, and why', () => {
    const script = readFileSync(path.join(root, 'scripts/test-all.sh'), 'utf8');
    const fn = /^electron_smoke\(\) \{[\s\S]*?^\}/m.exec(script)?.[0];
    expect(fn).toBeDefined();
    const r = spawnSync('bash', ['-c', `${fn}\nelectron_smoke`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      'Electron smoke suite (test/electron): skipped - no Electron binary here (its download is not reachable); CI runs it (.github/workflows/electron-smoke.yml).',
    );
  });
});
