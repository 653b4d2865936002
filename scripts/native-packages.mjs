/**
 * Which prebuilt native binary each packaged app needs, shared by the electron-builder
 * afterPack hook (scripts/after-pack.mjs) and the CI helper (scripts/add-native-arch.mjs).
 *
 * `@napi-rs/keyring` ships no binary itself: its index.js requires a platform package,
 * `@napi-rs/keyring-<platform>-<arch>[-<abi>]`, one of its optionalDependencies. npm
 * installs only the one matching the machine it runs on, and electron-builder packs what is
 * installed. So a macOS runner (arm64) building the x64 app must add the x64 package first,
 * or the Intel build would ship without a keychain.
 */

/** electron-builder's `Arch` enum (builder-util), by value. */
export const BUILDER_ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * The `@napi-rs/keyring-*` package (name without scope) that serves Electron on this OS
 * and CPU, mirroring the lookup in @napi-rs/keyring's index.js for glibc Linux and MSVC
 * Windows (what Electron runs on). Null when there is none.
 */
export function keyringPackageFor(platform, arch) {
  if (platform === 'darwin' || platform === 'mas') {
    return arch === 'x64' || arch === 'arm64' ? `keyring-darwin-${arch}` : null;
  }
  if (platform === 'win32') {
    return arch === 'x64' || arch === 'arm64' || arch === 'ia32' ? `keyring-win32-${arch}-msvc` : null;
  }
  if (platform === 'linux') {
    if (arch === 'x64' || arch === 'arm64') return `keyring-linux-${arch}-gnu`;
    if (arch === 'armv7l' || arch === 'arm') return 'keyring-linux-arm-gnueabihf';
    return null;
  }
  return null;
}

/** Full npm name of the keyring binary package, or null. */
export function keyringPackageName(platform, arch) {
  const pkg = keyringPackageFor(platform, arch);
  return pkg === null ? null : `@napi-rs/${pkg}`;
}
