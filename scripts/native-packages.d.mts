/** Types for scripts/native-packages.mjs (plain Node, used by electron-builder hooks and CI). */
export declare const BUILDER_ARCH_NAMES: readonly string[];
export declare function keyringPackageFor(platform: string, arch: string): string | null;
export declare function keyringPackageName(platform: string, arch: string): string | null;
