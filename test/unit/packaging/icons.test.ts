/**
 * The committed icon set (scripts/make-icons.mjs renders it from build/icon.svg): every
 * size electron-builder needs is there, and the ICO/ICNS containers are well-formed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgbaPng, ICNS_TYPES, ICO_BMP_SIZES, ICO_PNG_SIZES, LINUX_SIZES } from '../../../scripts/make-icons.mjs';

const build = path.resolve(__dirname, '../../../build');
const read = (...p: string[]) => readFileSync(path.join(build, ...p));

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('icon set', () => {
  it('one SVG source, rendered to a 1024 px master PNG with transparent corners', () => {
    expect(read('icon.svg').toString('utf8')).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
    const master = decodeRgbaPng(read('icon.png'));
    expect([master.width, master.height]).toEqual([1024, 1024]);
    expect(master.pixels[3]).toBe(0); // top-left corner: outside the rounded badge
    const centre = (512 * 1024 + 512) * 4;
    expect(master.pixels[centre + 3]).toBe(255);
  });

  it.each(LINUX_SIZES)('Linux icon %ipx', (size) => {
    expect(pngSize(read('icons', `${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('Windows .ico: BMP entries for the small sizes, PNG for 128 and 256, each matching its rendering', () => {
    const ico = read('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = [...ICO_BMP_SIZES, ...ICO_PNG_SIZES];
    expect(count).toBe(sizes.length);
    for (let i = 0; i < count; i++) {
      const entry = 6 + i * 16;
      const size = ico.readUInt8(entry) || 256;
      expect(size).toBe(sizes[i]);
      expect(ico.readUInt16LE(entry + 6)).toBe(32);
      const length = ico.readUInt32LE(entry + 8);
      const data = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + length);
      expect(data.length).toBe(length);
      if (ICO_PNG_SIZES.includes(size)) {
        expect(pngSize(data)).toEqual({ width: size, height: size });
        continue;
      }
      // BITMAPINFOHEADER, 32 bpp, double height (colour + mask); bottom-up BGRA.
      expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
      const linuxPng = path.join(build, 'icons', `${size}x${size}.png`);
      if (!existsSync(linuxPng)) continue;
      const { pixels } = decodeRgbaPng(readFileSync(linuxPng));
      const mid = Math.floor(size / 2);
      const src = (mid * size + mid) * 4;
      const dst = 40 + ((size - 1 - mid) * size + mid) * 4;
      expect([data[dst + 2], data[dst + 1], data[dst], data[dst + 3]]).toEqual([pixels[src], pixels[src + 1], pixels[src + 2], pixels[src + 3]]);
    }
  });

  it('macOS .icns: PNG elements from 16 to 1024 px, including @2x', () => {
    const icns = read('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Array<[string, number]> = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      found.push([type, pngSize(icns.subarray(at + 8, at + length)).width]);
      at += length;
    }
    expect(found).toEqual(ICNS_TYPES.map(([type, size]) => [type, size]));
  });
});
