/**
 * Runtime versions that must agree: the Node range in package.json against what the dev
 * tooling itself declares, @types/node against the Node the browser host and tests run on,
 * an exactly pinned Electron, and the Node the release runners build installers with.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { major: number; version: string } | null;
  intersects(a: string, b: string): boolean;
  valid(version: string): string | null;
};

type Pkg = {
  engines?: { node?: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Pkg;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const nodeRange = pkg.engines?.node ?? '';

function enginesOf(name: string): string | undefined {
  const engines = lock.packages[`node_modules/${name}`]?.engines;
  return Array.isArray(engines) ? undefined : engines?.node;
}

describe('Node versions', () => {
  it('package.json names a range, not ">=20"', () => {
    expect(nodeRange).toBe('^20.19.0 || >=22.13.0');
  });

  it.each(['vite', 'eslint', 'vitest', 'tsx', '@playwright/test'])(
    'every Node the range allows can run the dev tool %s',
    (tool) => {
      const theirs = enginesOf(tool);
      expect(theirs, `${tool} declares no Node range`).toBeDefined();
      for (const version of ['20.19.0', '22.13.0', '24.0.0']) {
        expect(semver.satisfies(version, nodeRange)).toBe(true);
        expect(semver.satisfies(version, theirs as string), `${tool} on ${version}`).toBe(true);
      }
      expect(semver.satisfies('20.18.0', nodeRange)).toBe(false);
    },
  );

  it('this machine and CI (Node 20) are inside the range', () => {
    expect(semver.satisfies(process.versions.node, nodeRange)).toBe(true);
  });

  it('@types/node describes the oldest Node the host and tests run on (20), no newer API', () => {
    const types = pkg.devDependencies['@types/node'] ?? '';
    expect(semver.minVersion(types)?.major).toBe(semver.minVersion(nodeRange)?.major);
    expect(semver.minVersion(types)?.major).toBe(20);
  });

  it('building installers needs what Electron and its tooling declare (>= 22.12)', () => {
    const electronNode = enginesOf('electron') ?? '';
    expect(semver.minVersion(electronNode)?.version).toBe('22.12.0');
  });
});

describe('Electron', () => {
  it('is pinned exactly (the binary, its ABI and the fuses are tested against one version)', () => {
    const spec = pkg.devDependencies.electron ?? '';
    expect(semver.valid(spec)).toBe(spec);
    expect(lock.packages['node_modules/electron']?.version).toBe(spec);
  });
});
