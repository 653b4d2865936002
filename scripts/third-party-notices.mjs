/**
 * Third-party notices for the packaged app: every package whose code ships, with its
 * licence text, in `third-party-notices.txt` beside the renderer (Help → About shows it).
 *
 * What ships: the packages in the renderer bundle (Vite's module graph, e.g. svelte, dexie,
 * zod), those bundled into main and preload (esbuild's metafile), and the production
 * dependencies electron-builder copies into node_modules (package-lock.json's closure of
 * `dependencies`: electron-log, electron-updater, @napi-rs/keyring and theirs). Finding and
 * reading each package's licence is left to license-checker-rseidelsohn (a maintained fork
 * of license-checker); this file only says which packages and writes the result.
 *
 * Used as a Vite plugin (vite.config.ts), so `npm run build` and the browser host's own
 * renderer build both produce it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mainOptions, preloadOptions } from './build-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const NOTICES_FILE = 'third-party-notices.txt';
/** The line before each package's entry (`name version`, licence, licence text). */
export const SEPARATOR = '='.repeat(80);

/** The installed package a module path belongs to (`…/node_modules/@scope/name/…`), as its folder, or null. */
export function packageDirOf(modulePath) {
  const normalized = modulePath.replaceAll('\\', '/').replace(/^\0+/, '').split('?')[0];
  const at = normalized.lastIndexOf('/node_modules/');
  const start = at === -1 ? (normalized.startsWith('node_modules/') ? 0 : -1) : at + 1;
  if (start === -1) return null;
  const parts = normalized.slice(start).split('/');
  const depth = parts[1]?.startsWith('@') ? 3 : 2;
  if (parts.length < depth + 1) return null;
  const dir = path.resolve(root, normalized.slice(0, start), parts.slice(0, depth).join('/'));
  return existsSync(path.join(dir, 'package.json')) ? dir : null;
}

/** `name@version` of an installed package folder. */
export function packageId(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return `${pkg.name}@${pkg.version}`;
}

/** The production dependency closure as package-lock.json records it (installed entries), as folders. */
export function productionPackageDirs() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const packages = lock.packages;
  const resolve = (from, name) => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return null;
      const at = base.lastIndexOf('/node_modules/');
      base = at === -1 ? '' : base.slice(0, at);
    }
  };
  const seen = new Set();
  const walk = (from, entry) => {
    for (const name of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) {
      const key = resolve(from, name);
      if (key === null || seen.has(key) || !existsSync(path.join(root, key))) continue;
      seen.add(key);
      walk(key, packages[key]);
    }
  };
  walk('', packages['']);
  return [...seen].map((key) => path.join(root, key));
}

/** Packages esbuild bundles into main.cjs and preload.cjs (built in memory, nothing written). */
export async function electronBundlePackageDirs() {
  const dirs = new Set();
  for (const options of [mainOptions, preloadOptions]) {
    const result = await build({ ...options, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    for (const input of Object.keys(result.metafile.inputs)) {
      const dir = packageDirOf(input);
      if (dir !== null) dirs.add(dir);
    }
  }
  return [...dirs];
}

/** The notices text for these package folders, via license-checker-rseidelsohn. */
export async function noticesFor(packageDirs) {
  const checker = require('license-checker-rseidelsohn');
  const ids = [...new Set(packageDirs.map(packageId))].sort();
  const found = await new Promise((resolve, reject) => {
    checker.init({ start: root, includePackages: ids.join(';'), excludePrivatePackages: true }, (error, json) =>
      error ? reject(error) : resolve(json),
    );
  });
  const missing = ids.filter((id) => !Object.hasOwn(found, id));
  if (missing.length > 0) throw new Error(`third-party notices: no licence information for ${missing.join(', ')}`);
  const header = [
    'BizKitHub Complaints Desk — third-party notices',
    '',
    'This app contains the open-source packages below. Each is listed with its licence and',
    'the licence text it ships with. Electron and Chromium are covered by LICENSE.electron.txt',
    'and LICENSES.chromium.html, installed next to the app.',
    '',
    `Packages: ${ids.length}`,
    '',
    '',
  ].join('\n');
  // One entry per package, each after a separator line, so that a licence text containing
  // something like "Version 1.0.0" is never mistaken for the next package.
  const entries = ids.map((id) => `${SEPARATOR}\n${checker.asPlainVertical({ [id]: found[id] }).trim()}\n`);
  return `${header}${entries.join('\n')}`;
}

/** Vite plugin: writes `third-party-notices.txt` next to the renderer's index.html. */
export function thirdPartyNotices() {
  return {
    name: 'desk-third-party-notices',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const dirs = new Set();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const dir = packageDirOf(id);
          if (dir !== null) dirs.add(dir);
        }
      }
      for (const dir of [...(await electronBundlePackageDirs()), ...productionPackageDirs()]) dirs.add(dir);
      this.emitFile({ type: 'asset', fileName: NOTICES_FILE, source: await noticesFor([...dirs]) });
    },
  };
}
