/**
 * What the packaged app really contains. electron-builder itself packs the app (its `dir`
 * target, Linux x64) from a throw-away copy of the project: the real electron-builder.yml,
 * the real build output (`npm run build`, run first if dist/ is missing), the production
 * dependencies copied from node_modules, plus planted traps: source maps, .env files,
 * sources, tests and the browser host. Electron itself is replaced by a stand-in binary
 * that carries only the fuse wire, so the fuses electron-builder flips can be read back.
 *
 * Linux only (the `dir` target and the stand-in binary are Linux-shaped); the release
 * workflow runs the unit tests on ubuntu-latest too.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);

type AsarEntry = { files?: Record<string, AsarEntry>; unpacked?: boolean; size?: number };
type AsarModule = {
  getRawHeader(archive: string): { header: AsarEntry };
  extractFile(archive: string, filename: string): Buffer;
};
type FusesModule = { getCurrentFuseWire(pathToElectron: string): Promise<Record<string, unknown>> };
type BuilderModule = {
  build(options: {
    projectDir: string;
    targets: unknown;
    publish: 'never';
    config: Configuration;
  }): Promise<string[]>;
  Platform: { LINUX: { createTarget(type: string, ...archs: number[]): unknown } };
  Arch: { x64: number };
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own fuse defaults, in wire order (RunAsNode … GrantFileProtocolExtraPrivileges). */
const ELECTRON_DEFAULT_WIRE = '10110001';

/** Files a wrong `files` pattern would let in. None may appear in the package. */
const TRAPS = [
  'dist/electron/main.cjs.map',
  'dist/renderer/assets/trap-index.js.map',
  'dist/renderer/.env',
  'dist/electron/.env.production',
  '.env',
  '.env.local',
  'dist/renderer/assets/worklist.test.js',
  'dist/renderer/src/App.svelte',
  'dist/electron/main.ts',
  'dist/host/bridge.js',
  'electron/main/main.ts',
  'electron/browser-host/cli.ts',
  'electron/browser-host/host-server.ts',
  'electron/sandbox/seed.ts',
  'renderer/src/App.svelte',
  'renderer/index.html',
  'common/ipc-contract.ts',
  'test/unit/packaging/trap.test.ts',
  'test/e2e/trap.spec.ts',
  'scripts/make-icons.mjs',
  'vite.config.ts',
  'tsconfig.json',
];

/** The production dependency closure, as package-lock.json records it (installed entries only). */
function productionClosure(): string[] {
  type LockEntry = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = lock.packages;
  const resolve = (from: string, name: string): string | null => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return null;
      const at = base.lastIndexOf('/node_modules/');
      base = at === -1 ? '' : base.slice(0, at);
    }
  };
  const seen = new Set<string>();
  const walk = (from: string, entry: LockEntry | undefined) => {
    for (const name of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) {
      const key = resolve(from, name);
      if (key === null || seen.has(key) || !existsSync(path.join(root, key))) continue;
      seen.add(key);
      walk(key, packages[key]);
    }
  };
  walk('', packages['']);
  return [...seen].sort();
}

function filesIn(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? filesIn(full, rel) : [rel];
  });
}

function asarFiles(entry: AsarEntry, prefix = ''): Array<{ path: string; unpacked: boolean }> {
  return Object.entries(entry.files ?? {}).flatMap(([name, child]) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return child.files ? asarFiles(child, rel) : [{ path: rel, unpacked: child.unpacked === true }];
  });
}

const onLinux = process.platform === 'linux';
/** A sample of Electron's locales/*.pak. */
const ALL_LOCALES = ['cs', 'de', 'en-GB', 'en-US', 'es', 'fr', 'pt-BR', 'sk', 'zh-CN'];

describe.skipIf(!onLinux)('the packed app (electron-builder, linux x64 dir target)', () => {
  let tmp = '';
  let resources = '';
  let binary = '';
  let appOut = '';
  let packed: Array<{ path: string; unpacked: boolean }> = [];
  let appFiles: string[] = [];
  let modules: string[] = [];
  let expectedAppFiles: string[] = [];
  let closure: string[] = [];
  const asar = require('@electron/asar') as AsarModule;

  beforeAll(async () => {
    const required = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/third-party-notices.txt'];
    if (required.some((f) => !existsSync(path.join(root, f)))) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    }

    tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-pack-'));
    const proj = path.join(tmp, 'project');
    mkdirSync(proj);
    for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(path.join(root, f), path.join(proj, f));
    cpSync(path.join(root, 'build'), path.join(proj, 'build'), { recursive: true });
    for (const dir of ['dist/electron', 'dist/renderer']) {
      cpSync(path.join(root, dir), path.join(proj, dir), { recursive: true });
    }
    for (const f of ['after-pack.mjs', 'native-packages.mjs']) {
      mkdirSync(path.join(proj, 'scripts'), { recursive: true });
      cpSync(path.join(root, 'scripts', f), path.join(proj, 'scripts', f));
    }
    // What should be packed: the build output itself, minus maps a development build leaves.
    expectedAppFiles = [
      'package.json',
      ...['dist/electron', 'dist/renderer'].flatMap((d) => filesIn(path.join(proj, d), d)).filter((f) => !f.endsWith('.map')),
    ].sort();
    for (const trap of TRAPS) {
      mkdirSync(path.dirname(path.join(proj, trap)), { recursive: true });
      writeFileSync(path.join(proj, trap), `trap: ${trap}\nSECRET_TOKEN=do-not-pack\n`);
    }
    closure = productionClosure();
    for (const key of closure.filter((k) => k.split('/node_modules/').length === 1)) {
      cpSync(path.join(root, key), path.join(proj, key), { recursive: true });
    }

    // A stand-in Electron: a file with the fuse wire in Electron's default state.
    const electronDist = path.join(tmp, 'electron');
    mkdirSync(electronDist);
    writeFileSync(
      path.join(electronDist, 'electron'),
      Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_WIRE)]),
    );
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    // Electron's UI strings, as its Linux build ships them (electronLanguages keeps en and cs).
    mkdirSync(path.join(electronDist, 'locales'));
    for (const locale of ALL_LOCALES) writeFileSync(path.join(electronDist, 'locales', `${locale}.pak`), locale);
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;

    const { build, Platform, Arch } = require('electron-builder') as BuilderModule;
    // The owner/repo of the GitHub feed comes from the git remote in CI; here, from this
    // variable electron-builder also reads.
    const slug = process.env.TRAVIS_REPO_SLUG;
    process.env.TRAVIS_REPO_SLUG = 'bizkithub/complaints-desk';
    try {
      await build({
        projectDir: proj,
        targets: Platform.LINUX.createTarget('dir', Arch.x64),
        publish: 'never',
        config: {
          electronDist,
          electronVersion,
          directories: { output: path.join(tmp, 'out') },
          // The hook path in the yml is relative to the working directory; point at the copy.
          afterPack: path.join(proj, 'scripts', 'after-pack.mjs'),
        },
      });
    } finally {
      if (slug === undefined) delete process.env.TRAVIS_REPO_SLUG;
      else process.env.TRAVIS_REPO_SLUG = slug;
    }

    appOut = path.join(tmp, 'out', 'linux-unpacked');
    resources = path.join(appOut, 'resources');
    binary = path.join(appOut, 'bizkithub-complaints-desk');
    packed = asarFiles(asar.getRawHeader(path.join(resources, 'app.asar')).header);
    appFiles = packed.map((f) => f.path).filter((f) => !f.startsWith('node_modules/')).sort();
    modules = [
      ...new Set(
        packed
          .map((f) => f.path)
          .filter((f) => f.startsWith('node_modules/'))
          .map((f) => {
            const parts = f.split('/');
            return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] ?? '');
          }),
      ),
    ].sort();
  }, 240_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('packs exactly the build output and package.json, nothing else of the project', () => {
    expect(appFiles).toEqual(expectedAppFiles);
  });

  it('includes the main and preload bundles and the renderer page', () => {
    expect(appFiles).toEqual(expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']));
    expect(appFiles.some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it.each(TRAPS)('leaves out %s', (trap) => {
    expect(packed.map((f) => f.path)).not.toContain(trap);
  });

  it('no source maps, .env files, sources, tests or browser host anywhere (dependencies included)', () => {
    for (const { path: f } of packed) {
      expect(f).not.toMatch(/\.map$/);
      expect(f).not.toMatch(/(^|\/)\.env(\.|$)/);
      expect(f).not.toMatch(/\.(ts|mts|cts|tsx|svelte)$/);
      expect(f).not.toMatch(/\.(test|spec)\.[cm]?[jt]s$/);
      expect(f).not.toMatch(/^(dist\/host|electron|renderer|common|test|scripts|build)\//);
    }
    const text = packed
      .filter((f) => !f.path.startsWith('node_modules/') && !f.unpacked)
      .map((f) => asar.extractFile(path.join(resources, 'app.asar'), f.path).toString('utf8'))
      .join('\n');
    expect(text).not.toContain('do-not-pack');
  });

  it('node_modules holds the production dependencies only, never a devDependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const names = [...new Set(closure.map((k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length)))].sort();
    expect(modules).toEqual(names);
    expect(modules).toEqual(expect.arrayContaining(Object.keys(pkg.dependencies)));
    for (const dev of Object.keys(pkg.devDependencies)) expect(modules).not.toContain(dev);
  });

  it('the keychain binary for linux x64 is unpacked next to the asar; nothing else is', () => {
    const unpacked = packed.filter((f) => f.unpacked).map((f) => f.path);
    expect(unpacked).toContain('node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node');
    for (const f of unpacked) expect(f).toMatch(/^node_modules\/@napi-rs\/keyring-linux-x64-gnu\//);
    expect(existsSync(path.join(resources, 'app.asar.unpacked/node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node'))).toBe(true);
    // The JavaScript that loads it stays in the asar.
    expect(packed).toContainEqual({ path: 'node_modules/@napi-rs/keyring/index.js', unpacked: false });
  });

  it('flips the fuses in the packed Electron binary', async () => {
    const fuses = require('@electron/fuses') as FusesModule;
    const wire = await fuses.getCurrentFuseWire(binary);
    const on = 49; // '1'
    const off = 48; // '0'
    expect(wire).toMatchObject({
      version: '1',
      0: off, // RunAsNode
      1: on, // EnableCookieEncryption
      2: off, // EnableNodeOptionsEnvironmentVariable
      3: off, // EnableNodeCliInspectArguments
      4: on, // EnableEmbeddedAsarIntegrityValidation
      5: on, // OnlyLoadAppFromAsar
      7: off, // GrantFileProtocolExtraPrivileges
    });
  });

  it('embeds the update feed (app-update.yml) from the publish configuration', () => {
    const feed = readFileSync(path.join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^owner: bizkithub$/m);
    expect(feed).toMatch(/^repo: complaints-desk$/m);
    expect(feed).not.toMatch(/token/i);
  });

  it('ships only the en and cs Electron locales', () => {
    expect(readdirSync(path.join(appOut, 'locales')).sort()).toEqual(['cs.pak', 'en-GB.pak', 'en-US.pak']);
  });

  it('ships the third-party notices beside the renderer, naming every production dependency', () => {
    expect(appFiles).toContain('dist/renderer/third-party-notices.txt');
    const notices = asar.extractFile(path.join(resources, 'app.asar'), 'dist/renderer/third-party-notices.txt').toString('utf8');
    for (const key of closure) {
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const version = (JSON.parse(readFileSync(path.join(root, key, 'package.json'), 'utf8')) as { version: string }).version;
      expect(notices).toContain(`\n${name} ${version}\n`);
    }
  });

  it('the packed package.json has no scripts or devDependencies', () => {
    const packedPkg = JSON.parse(asar.extractFile(path.join(resources, 'app.asar'), 'package.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(packedPkg.main).toBe('dist/electron/main.cjs');
    expect(packedPkg.scripts).toBeUndefined();
    expect(packedPkg.devDependencies).toBeUndefined();
  });
});
