/** Types for scripts/build-electron.mjs (esbuild bundles of main, preload and the page bridge). */
import type { BuildOptions, BuildResult } from 'esbuild';

export declare const MAIN_EXTERNALS: readonly string[];
export declare const mainOptions: BuildOptions;
export declare const preloadOptions: BuildOptions;
export declare function buildMain(): Promise<BuildResult>;
export declare function buildPreload(): Promise<BuildResult>;
export declare function buildBridge(): Promise<BuildResult>;
