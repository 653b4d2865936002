/**
 * electron-builder `afterPack` hook (electron-builder.yml): runs once per platform and
 * architecture, after the app is laid out and before it is signed and wrapped in an
 * installer. It fails the build when the packed app lacks the keychain binary for its own
 * OS and CPU, instead of shipping an app whose keychain silently does not work. In a macOS
 * app it records whether the build is being signed (`mac-signing`): an unsigned Mac app
 * cannot install updates (Squirrel.Mac checks the signature), so it only tells the agent.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILDER_ARCH_NAMES, keyringPackageFor } from './native-packages.mjs';

/** Where Electron's `resources` folder is inside the packed app. */
export function resourcesDir(platform, appOutDir, productFilename) {
  return platform === 'darwin' || platform === 'mas'
    ? path.join(appOutDir, `${productFilename}.app`, 'Contents', 'Resources')
    : path.join(appOutDir, 'resources');
}

/**
 * Checks a packed app: returns null when fine, or the reason it is not. The binary must be
 * outside the asar (app.asar.unpacked), where the OS can load it.
 */
export function checkPackedNativeModules({ platform, arch, resources }) {
  const pkg = keyringPackageFor(platform, arch);
  if (pkg === null) return `no @napi-rs/keyring binary exists for ${platform}/${arch}`;
  const dir = path.join(resources, 'app.asar.unpacked', 'node_modules', '@napi-rs', pkg);
  const binaries = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.node')) : [];
  if (binaries.length === 0) {
    return (
      `the packed app has no @napi-rs/${pkg} binary in app.asar.unpacked (${dir}). ` +
      `npm installs only the binary for the machine it runs on: before building ${platform}/${arch} ` +
      `on another CPU, run \`node scripts/add-native-arch.mjs ${platform} ${arch}\`.`
    );
  }
  return null;
}

/** The file in a macOS app's Resources that electron/main/updates.ts reads. */
export const MAC_SIGNING_FILE = 'mac-signing';

/**
 * `signed` when electron-builder is given a signing identity (CSC_LINK, or CSC_NAME for one
 * in the keychain), else `unsigned`. An identity found only by auto-discovery counts as
 * unsigned: the app then merely notifies, which is the safe side.
 */
export function macSigningState(env) {
  const given = (name) => typeof env[name] === 'string' && env[name].trim() !== '';
  return given('CSC_LINK') || given('CSC_NAME') ? 'signed' : 'unsigned';
}

export default async function afterPack(context) {
  const arch = BUILDER_ARCH_NAMES[context.arch] ?? String(context.arch);
  const resources = resourcesDir(context.electronPlatformName, context.appOutDir, context.packager.appInfo.productFilename);
  const problem = checkPackedNativeModules({ platform: context.electronPlatformName, arch, resources });
  if (problem !== null) throw new Error(`afterPack: ${problem}`);
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    // Before signing, so the file is sealed into the signature like any other resource.
    writeFileSync(path.join(resources, MAC_SIGNING_FILE), `${macSigningState(process.env)}\n`);
  }
}
