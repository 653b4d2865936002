/**
 * Bundles the page bridge (`page/bridge.ts`) in memory with esbuild, the same way
 * `scripts/build-electron.mjs` writes it to `dist/host/bridge.js`. Dev/test only: the
 * browser host is never packaged, so esbuild (a dev dependency) is fine here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

export const BRIDGE_ENTRY = path.join(here, 'page', 'bridge.ts');

/** Options shared with scripts/build-electron.mjs (keep the two in step). */
export const BRIDGE_BUILD_OPTIONS = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  legalComments: 'none',
  minify: true,
  sourcemap: false,
  logLevel: 'silent',
} as const;

export async function bundleBridge(): Promise<string> {
  const result = await build({
    ...BRIDGE_BUILD_OPTIONS,
    entryPoints: [BRIDGE_ENTRY],
    write: false,
    outfile: 'bridge.js',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the page bridge');
  return file.text;
}
