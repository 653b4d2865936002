/** Types for scripts/after-pack.mjs (the electron-builder afterPack hook). */
export declare function resourcesDir(platform: string, appOutDir: string, productFilename: string): string;
export declare function checkPackedNativeModules(options: { platform: string; arch: string; resources: string }): string | null;
export declare const MAC_SIGNING_FILE: string;
export declare function macSigningState(env: Readonly<Record<string, string | undefined>>): 'signed' | 'unsigned';
export default function afterPack(context: {
  electronPlatformName: string;
  arch: number;
  appOutDir: string;
  packager: { appInfo: { productFilename: string } };
}): Promise<void>;
