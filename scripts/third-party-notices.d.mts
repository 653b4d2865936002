/** Types for scripts/third-party-notices.mjs (the notices file and its Vite plugin). */
import type { Plugin } from 'vite';

export declare const NOTICES_FILE: string;
export declare const SEPARATOR: string;
export declare function packageDirOf(modulePath: string): string | null;
export declare function packageId(dir: string): string;
export declare function productionPackageDirs(): string[];
export declare function electronBundlePackageDirs(): Promise<string[]>;
export declare function noticesFor(packageDirs: readonly string[]): Promise<string>;
export declare function thirdPartyNotices(): Plugin;
