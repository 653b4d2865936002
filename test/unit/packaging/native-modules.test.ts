/**
 * The keychain's native binary in packaged apps: which @napi-rs/keyring platform package
 * each OS/CPU needs (as the library itself resolves it), the afterPack check that fails a
 * build without it, and the CI helper that adds another CPU's package with the lockfile's
 * integrity.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockedPackage, sha512Integrity } from '../../../scripts/add-native-arch.mjs';
import afterPack, { checkPackedNativeModules, MAC_SIGNING_FILE, macSigningState, resourcesDir } from '../../../scripts/after-pack.mjs';
import { BUILDER_ARCH_NAMES, keyringPackageFor, keyringPackageName } from '../../../scripts/native-packages.mjs';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const keyringDir = path.dirname(require.resolve('@napi-rs/keyring/package.json'));
const keyringIndex = readFileSync(path.join(keyringDir, 'index.js'), 'utf8');
const keyringPkg = JSON.parse(readFileSync(path.join(keyringDir, 'package.json'), 'utf8')) as {
  optionalDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as unknown;

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-native-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('keyringPackageFor', () => {
  const targets: Array<[string, string]> = [
    ['darwin', 'x64'],
    ['darwin', 'arm64'],
    ['win32', 'x64'],
    ['win32', 'arm64'],
    ['linux', 'x64'],
    ['linux', 'arm64'],
  ];

  it.each(targets)('%s/%s is a package @napi-rs/keyring declares and requires', (platform, arch) => {
    const name = keyringPackageName(platform, arch);
    expect(name).not.toBeNull();
    expect(Object.keys(keyringPkg.optionalDependencies)).toContain(name);
    expect(keyringIndex).toContain(`require('${name}')`);
  });

  it('the packages this project builds for are in package-lock.json with an integrity', () => {
    for (const [platform, arch] of [['darwin', 'x64'], ['darwin', 'arm64'], ['win32', 'x64'], ['linux', 'x64']] as const) {
      const name = keyringPackageName(platform, arch) ?? '';
      expect(lockedPackage(lock, name).integrity).toMatch(/^sha512-/);
    }
  });

  it('has no answer for targets without a binary', () => {
    expect(keyringPackageFor('darwin', 'universal')).toBeNull();
    expect(keyringPackageFor('linux', 'ia32')).toBeNull();
    expect(keyringPackageFor('sunos', 'x64')).toBeNull();
  });

  it("uses electron-builder's Arch numbering", () => {
    const builderUtil = createRequire(require.resolve('app-builder-lib/package.json'))('builder-util') as {
      Arch: Record<string, number | string>;
    };
    BUILDER_ARCH_NAMES.forEach((name, value) => expect(builderUtil.Arch[name]).toBe(value));
  });
});

function packedApp(platform: string, files: Record<string, string>) {
  const appOutDir = tempDir();
  const resources = resourcesDir(platform, appOutDir, 'BizKitHub Complaints Desk');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(resources, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { appOutDir, resources };
}
describe('afterPack check', () => {

  it('finds the resources folder inside a macOS bundle', () => {
    expect(resourcesDir('darwin', '/o', 'Desk')).toBe(path.join('/o', 'Desk.app', 'Contents', 'Resources'));
    expect(resourcesDir('win32', '/o', 'Desk')).toBe(path.join('/o', 'resources'));
  });

  it('passes when the binary for the target is unpacked', () => {
    const { resources } = packedApp('darwin', {
      'app.asar.unpacked/node_modules/@napi-rs/keyring-darwin-x64/keyring.darwin-x64.node': 'bin',
    });
    expect(checkPackedNativeModules({ platform: 'darwin', arch: 'x64', resources })).toBeNull();
  });

  it('fails for a missing binary, one of the wrong CPU, or one left inside the asar', () => {
    const wrongCpu = packedApp('darwin', {
      'app.asar.unpacked/node_modules/@napi-rs/keyring-darwin-arm64/keyring.darwin-arm64.node': 'bin',
    });
    expect(checkPackedNativeModules({ platform: 'darwin', arch: 'x64', resources: wrongCpu.resources })).toMatch(
      /keyring-darwin-x64[\s\S]*add-native-arch\.mjs darwin x64/,
    );
    const none = packedApp('win32', { 'app.asar': 'asar' });
    expect(checkPackedNativeModules({ platform: 'win32', arch: 'x64', resources: none.resources })).toMatch(/keyring-win32-x64-msvc/);
  });

  it('the hook throws, so electron-builder stops before signing and installers', async () => {
    const { appOutDir } = packedApp('linux', {});
    const context = {
      electronPlatformName: 'linux',
      arch: BUILDER_ARCH_NAMES.indexOf('x64'),
      appOutDir,
      packager: { appInfo: { productFilename: 'BizKitHub Complaints Desk' } },
    };
    await expect(afterPack(context)).rejects.toThrow(/afterPack: .*keyring-linux-x64-gnu/);
  });
});

describe('afterPack: whether a macOS build is signed (unsigned ones only notify about updates)', () => {
  it.each([
    [{}, 'unsigned'],
    [{ CSC_LINK: '' }, 'unsigned'],
    [{ CSC_LINK: '   ' }, 'unsigned'],
    [{ CSC_KEY_PASSWORD: 'x' }, 'unsigned'],
    [{ CSC_LINK: 'base64p12' }, 'signed'],
    [{ CSC_NAME: 'Developer ID Application: BizKitHub' }, 'signed'],
  ])('%j → %s', (env, state) => {
    expect(macSigningState(env)).toBe(state);
  });

  it('writes mac-signing into the Resources of a macOS app, and nowhere else', async () => {
    const mac = packedApp('darwin', { 'app.asar.unpacked/node_modules/@napi-rs/keyring-darwin-arm64/keyring.darwin-arm64.node': 'bin' });
    const context = (platform: string, appOutDir: string) => ({
      electronPlatformName: platform,
      arch: BUILDER_ARCH_NAMES.indexOf('arm64'),
      appOutDir,
      packager: { appInfo: { productFilename: 'BizKitHub Complaints Desk' } },
    });
    const saved = { CSC_LINK: process.env.CSC_LINK, CSC_NAME: process.env.CSC_NAME };
    delete process.env.CSC_LINK;
    delete process.env.CSC_NAME;
    try {
      await afterPack(context('darwin', mac.appOutDir));
      expect(readFileSync(path.join(mac.resources, MAC_SIGNING_FILE), 'utf8').trim()).toBe('unsigned');
      process.env.CSC_LINK = 'base64p12';
      await afterPack(context('darwin', mac.appOutDir));
      expect(readFileSync(path.join(mac.resources, MAC_SIGNING_FILE), 'utf8').trim()).toBe('signed');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const linux = packedApp('linux', { 'app.asar.unpacked/node_modules/@napi-rs/keyring-linux-arm64-gnu/keyring.linux-arm64-gnu.node': 'bin' });
    await afterPack(context('linux', linux.appOutDir));
    expect(existsSync(path.join(linux.resources, MAC_SIGNING_FILE))).toBe(false);
  });
});

describe('add-native-arch helpers', () => {
  it('computes npm-style sha512 integrity', () => {
    const bytes = Buffer.from('tarball bytes');
    expect(sha512Integrity(bytes)).toBe(`sha512-${createHash('sha512').update(bytes).digest('base64')}`);
  });

  it('reads the locked version and integrity, and refuses packages the lockfile does not pin', () => {
    expect(lockedPackage(lock, '@napi-rs/keyring-darwin-x64')).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      integrity: expect.stringMatching(/^sha512-/),
    });
    expect(() => lockedPackage(lock, '@napi-rs/keyring-not-a-platform')).toThrow(/not in package-lock\.json/);
    expect(() =>
      lockedPackage({ packages: { 'node_modules/x': { version: '1.0.0', integrity: 'sha1-abc' } } }, 'x'),
    ).toThrow(/only sha512/);
  });

  it('the locked platform packages have the version @napi-rs/keyring expects', () => {
    const version = (JSON.parse(readFileSync(path.join(keyringDir, 'package.json'), 'utf8')) as { version: string }).version;
    expect(lockedPackage(lock, '@napi-rs/keyring-darwin-x64').version).toBe(version);
  });
});
