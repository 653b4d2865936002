/**
 * The third-party notices that ship with the app (scripts/third-party-notices.mjs): the
 * real renderer build writes them, and they list every runtime dependency with its licence
 * text. "Runtime" is worked out here independently of the generator: the production
 * closure in package-lock.json, the packages esbuild bundles into main and preload, and the
 * packages the renderer's sources import.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainOptions, preloadOptions } from '../../../scripts/build-electron.mjs';
import { NOTICES_FILE, SEPARATOR } from '../../../scripts/third-party-notices.mjs';

const root = path.resolve(__dirname, '../../..');

type Lock = { packages: Record<string, { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> };
type Pkg = { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lock;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Pkg;

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** name@version of every installed package reachable from package.json's dependencies. */
function productionClosure(): string[] {
  const seen = new Set<string>();
  const visit = (from: string, names: string[]) => {
    for (const name of names) {
      let base = from;
      let key: string | null = null;
      for (;;) {
        const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
        if (lock.packages[candidate]) {
          key = candidate;
          break;
        }
        if (!base) break;
        const at = base.lastIndexOf('/node_modules/');
        base = at === -1 ? '' : base.slice(0, at);
      }
      if (key === null || seen.has(key)) continue;
      try {
        statSync(path.join(root, key));
      } catch {
        continue; // an optional platform package of another OS
      }
      seen.add(key);
      const entry = lock.packages[key];
      visit(key, Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies }));
    }
  };
  visit('', Object.keys(pkg.dependencies));
  return [...seen].map((key) => `${key.slice(key.lastIndexOf('node_modules/') + 13)}@${lock.packages[key]?.version}`);
}

/** Packages in main.cjs and preload.cjs, by esbuild's own account. */
async function electronBundled(): Promise<string[]> {
  const names = new Set<string>();
  for (const options of [mainOptions, preloadOptions]) {
    const result = await esbuild({ ...options, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    for (const input of Object.keys(result.metafile.inputs)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m?.[1]) names.add(m[1]);
    }
  }
  return [...names].map((name) => `${name}@${installedVersion(name)}`);
}

/** Packages the renderer's sources import (bare specifiers), e.g. svelte, dexie, zod. */
function rendererImports(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|svelte)$/.test(name)) files.push(full);
    }
  };
  // common/ is bundled into the renderer too (the IPC contract, zod's setup).
  walk(path.join(root, 'renderer/src'));
  walk(path.join(root, 'common'));
  const names = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*import\s+(?!type\b)[^'"]*['"]([^'"./][^'"]*)['"]/gm)) {
      const spec = m[1] as string;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return [...names].map((name) => `${name}@${installedVersion(name)}`);
}

let tmp = '';
let notices = '';
/** Each entry (after a separator line) by `name@version`, from its "name version" heading. */
let entries = new Map<string, string>();
let listed: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-notices-'));
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: tmp, emptyOutDir: true },
  });
  notices = readFileSync(path.join(tmp, NOTICES_FILE), 'utf8');
  entries = new Map(
    notices
      .split(`${SEPARATOR}\n`)
      .slice(1)
      .map((entry) => {
        const [heading = ''] = entry.split('\n', 1);
        const [name = '', version = ''] = heading.split(' ');
        return [`${name}@${version}`, entry] as const;
      }),
  );
  listed = [...entries.keys()];
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('third-party notices (written by the renderer build)', () => {
  it('is written next to index.html, where the app serves it', () => {
    expect(NOTICES_FILE).toBe('third-party-notices.txt');
    expect(readdirSync(tmp)).toEqual(expect.arrayContaining(['index.html', NOTICES_FILE]));
    expect(notices).toMatch(/^BizKitHub Complaints Desk — third-party notices/);
  });

  it('lists every production dependency electron-builder packs (and theirs)', () => {
    const closure = productionClosure();
    expect(closure.map((id) => id.replace(/@[^@]+$/, ''))).toEqual(
      expect.arrayContaining(['electron-log', 'electron-updater', '@napi-rs/keyring', 'builder-util-runtime', 'js-yaml', 'semver']),
    );
    expect(listed).toEqual(expect.arrayContaining(closure));
  });

  it('lists every package bundled into main and preload', async () => {
    const bundled = await electronBundled();
    expect(bundled.map((id) => id.replace(/@[^@]+$/, ''))).toContain('zod');
    expect(listed).toEqual(expect.arrayContaining(bundled));
  });

  it('lists every package the renderer imports', () => {
    const imported = rendererImports();
    expect(imported.map((id) => id.replace(/@[^@]+$/, ''))).toEqual(expect.arrayContaining(['svelte', 'dexie', 'zod']));
    expect(listed).toEqual(expect.arrayContaining(imported));
  });

  it('lists no build or test tool', () => {
    for (const dev of ['vite', 'vitest', 'typescript', 'eslint', 'esbuild', 'electron-builder', 'license-checker-rseidelsohn', 'tsx']) {
      expect(listed.some((id) => id.startsWith(`${dev}@`))).toBe(false);
    }
    expect(notices).toMatch(/^Packages: (\d+)$/m);
    expect(Number(/^Packages: (\d+)$/m.exec(notices)?.[1])).toBe(listed.length);
  });

  it('carries the licence texts, not just the names', () => {
    for (const id of listed) expect(id).toMatch(/^(@[^/\s]+\/)?[^@\s]+@\d+\.\d+\.\d+/);
    const entry = (id: string) => entries.get(id) ?? '';
    expect(entry(`zod@${installedVersion('zod')}`)).toMatch(/MIT[\s\S]*Permission is hereby granted/);
    expect(entry(`dexie@${installedVersion('dexie')}`)).toMatch(/Apache-2\.0[\s\S]*Apache License/);
    expect(entry(`svelte@${installedVersion('svelte')}`)).toMatch(/MIT[\s\S]*Permission is hereby granted/);
    expect(entry(`electron-log@${installedVersion('electron-log')}`)).toMatch(/MIT[\s\S]*Permission is hereby granted/);
  });
});
