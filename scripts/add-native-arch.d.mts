/** Types for scripts/add-native-arch.mjs (CI helper). */
export declare function lockedPackage(lock: unknown, name: string): { version: string; integrity: string };
export declare function sha512Integrity(bytes: Uint8Array): string;
