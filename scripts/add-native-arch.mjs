#!/usr/bin/env node
/**
 * `node scripts/add-native-arch.mjs <platform> <arch>`: adds the @napi-rs/keyring binary
 * package for another CPU to node_modules, so electron-builder can pack it (see
 * scripts/native-packages.mjs). Used by the release workflow on the macOS runner (arm64),
 * which also builds the x64 app.
 *
 * The package comes from the registry through the ordinary npm client (`npm pack`), at the
 * exact version package-lock.json records, and is accepted only if its SHA-512 matches the
 * lockfile's `integrity`. Nothing else in node_modules is touched.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyringPackageName } from './native-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The locked version and integrity of a package, from a package-lock.json (v2/v3) object. */
export function lockedPackage(lock, name) {
  const entry = lock?.packages?.[`node_modules/${name}`];
  if (!entry || typeof entry.version !== 'string' || typeof entry.integrity !== 'string') {
    throw new Error(`${name} is not in package-lock.json with a version and an integrity`);
  }
  if (!entry.integrity.startsWith('sha512-')) throw new Error(`${name}: only sha512 integrity is accepted`);
  return { version: entry.version, integrity: entry.integrity };
}

/** Subresource-integrity string (sha512) of some bytes, as npm writes it. */
export function sha512Integrity(bytes) {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

function main() {
  const [platform, arch] = process.argv.slice(2);
  if (!platform || !arch) {
    console.error('usage: node scripts/add-native-arch.mjs <platform> <arch>   (e.g. darwin x64)');
    process.exit(2);
  }
  const name = keyringPackageName(platform, arch);
  if (name === null) {
    console.error(`add-native-arch: no @napi-rs/keyring binary for ${platform}/${arch}`);
    process.exit(1);
  }
  const dest = path.join(root, 'node_modules', ...name.split('/'));
  if (existsSync(dest) && readdirSync(dest).some((f) => f.endsWith('.node'))) {
    console.log(`add-native-arch: ${name} is already installed`);
    return;
  }
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const { version, integrity } = lockedPackage(lock, name);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-native-'));
  try {
    // On Windows npm is a .cmd shim, which execFile can run only through the shell.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', `${name}@${version}`, '--pack-destination', tmp, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball for ${name}@${version}`);
    const file = path.join(tmp, tarball);
    const actual = sha512Integrity(readFileSync(file));
    if (actual !== integrity) {
      throw new Error(`${name}@${version}: integrity mismatch (lockfile ${integrity}, downloaded ${actual})`);
    }
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xzf', file, '-C', dest, '--strip-components=1'], { stdio: 'inherit' });
    if (!readdirSync(dest).some((f) => f.endsWith('.node'))) throw new Error(`${name}@${version} holds no .node binary`);
    console.log(`add-native-arch: added ${name}@${version} (integrity checked against package-lock.json)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`add-native-arch: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
