/** Types for scripts/make-icons.mjs (icon generator). */
export declare const LINUX_SIZES: readonly number[];
export declare const ICO_BMP_SIZES: readonly number[];
export declare const ICO_PNG_SIZES: readonly number[];
export declare const ICNS_TYPES: readonly (readonly [string, number])[];
export declare function decodeRgbaPng(png: Buffer): { width: number; height: number; pixels: Buffer };
export declare function buildIco(images: readonly { size: number; data: Buffer }[]): Buffer;
export declare function buildIcns(elements: readonly { type: string; data: Buffer }[]): Buffer;
