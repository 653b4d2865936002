#!/usr/bin/env node
/**
 * `npm run build:electron`: bundles the Electron side with esbuild.
 *   electron/main/main.ts             → dist/electron/main.cjs     (node, cjs; native and
 *                                       Electron-provided packages stay external)
 *   electron/preload/preload.ts       → dist/electron/preload.cjs  (sandboxed preload: only
 *                                       `electron` external, everything else bundled)
 *   electron/browser-host/page/bridge.ts → dist/host/bridge.js     (browser, iife; the browser
 *                                       host also bundles it in memory at start, with the
 *                                       same options: electron/browser-host/bundle-bridge.ts)
 * The renderer is built by `vite build` (npm run build:renderer).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...p) => path.join(root, ...p);
const production = process.env.NODE_ENV !== 'development';

/** Packages Electron provides or that must stay on disk (native `.node` binaries). */
export const MAIN_EXTERNALS = ['electron', '@napi-rs/keyring', 'electron-log', 'electron-updater'];

const common = {
  bundle: true,
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: production ? false : 'linked',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

/** esbuild options of main.cjs (tests bundle it in memory with them). */
export const mainOptions = {
  ...common,
  entryPoints: [at('electron/main/main.ts')],
  outfile: at('dist/electron/main.cjs'),
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: MAIN_EXTERNALS,
};

/** esbuild options of preload.cjs. */
export const preloadOptions = {
  ...common,
  entryPoints: [at('electron/preload/preload.ts')],
  outfile: at('dist/electron/preload.cjs'),
  // A sandboxed preload runs in the renderer and can require only `electron` (plus a
  // few polyfilled modules): resolve for the browser, bundle everything else.
  platform: 'browser',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
};

export function buildMain() {
  return build(mainOptions);
}

export function buildPreload() {
  return build(preloadOptions);
}

/** Same options as electron/browser-host/bundle-bridge.ts (keep the two in step). */
export function buildBridge() {
  return build({
    ...common,
    entryPoints: [at('electron/browser-host/page/bridge.ts')],
    outfile: at('dist/host/bridge.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
    sourcemap: false,
  });
}

async function main() {
  rmSync(at('dist/electron'), { recursive: true, force: true });
  rmSync(at('dist/host'), { recursive: true, force: true });
  const started = Date.now();
  await Promise.all([buildMain(), buildPreload(), buildBridge()]);
  console.log(
    `build:electron: dist/electron/main.cjs, dist/electron/preload.cjs, dist/host/bridge.js (${Date.now() - started} ms)`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
