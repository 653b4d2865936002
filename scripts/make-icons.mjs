#!/usr/bin/env node
/**
 * `node scripts/make-icons.mjs`: renders the one icon source, build/icon.svg, into every
 * icon file electron-builder uses. The outputs are committed, so CI and `npm run dist`
 * never need this script or its tool.
 *
 *   build/icon.png            1024 × 1024 (the master PNG)
 *   build/icons/NxN.png       Linux icon set, 16 … 512 (linux.icon in electron-builder.yml)
 *   build/icon.ico            Windows: 16, 24, 32, 48, 64 as 32-bit BMP entries (every
 *                             Windows shell and NSIS read those), 128 and 256 as PNG entries
 *   build/icon.icns           macOS: PNG entries 16 … 1024, including the @2x variants
 *
 * Needs only `rsvg-convert` (Debian/Ubuntu: `apt-get install librsvg2-bin`; macOS:
 * `brew install librsvg`). The ICO and ICNS containers are written here from the PNGs, so
 * neither ImageMagick nor icnsutils is required.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'build', 'icon.svg');

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_BMP_SIZES = [16, 24, 32, 48, 64];
export const ICO_PNG_SIZES = [128, 256];
/** ICNS element types that hold a PNG, and the pixel size of each. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128@2x
  ['ic09', 512],
  ['ic14', 512], // 256@2x
  ['ic10', 1024], // 512@2x
];

function render(size, dir) {
  const out = path.join(dir, `${size}.png`);
  execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png', '--output', out, SOURCE]);
  return readFileSync(out);
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what rsvg-convert writes) to raw RGBA rows. */
export function decodeRgbaPng(png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = data.subarray(8, 13);
      if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) {
        throw new Error(`unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? out[x - 4] : 0;
      const b = prev[x];
      const c = x >= 4 ? prev[x - 4] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      out[x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** A 32-bit BMP (DIB) icon image: BGRA rows bottom-up, then the 1-bit AND mask. */
function dibEntry({ width, height, pixels }) {
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const colour = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 4;
      const dst = (row * width + x) * 4;
      colour[dst] = pixels[src + 2];
      colour[dst + 1] = pixels[src + 1];
      colour[dst + 2] = pixels[src];
      colour[dst + 3] = pixels[src + 3];
      if (pixels[src + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

export function buildIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = 6 + directory.length;
  images.forEach(({ size, data }, i) => {
    const at = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, at);
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt16LE(1, at + 4); // planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(data.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, directory, ...images.map((image) => image.data)]);
}

export function buildIcns(elements) {
  const parts = elements.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function main() {
  try {
    execFileSync('rsvg-convert', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('make-icons: rsvg-convert is missing (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg).');
    process.exit(1);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-icons-'));
  try {
    const sizes = [...new Set([...LINUX_SIZES, ...ICO_BMP_SIZES, ...ICO_PNG_SIZES, ...ICNS_TYPES.map(([, s]) => s), 1024])];
    const png = new Map(sizes.map((size) => [size, render(size, tmp)]));
    const get = (size) => {
      const data = png.get(size);
      if (!data) throw new Error(`no ${size}px rendering`);
      return data;
    };

    writeFileSync(path.join(root, 'build', 'icon.png'), get(1024));
    const linuxDir = path.join(root, 'build', 'icons');
    rmSync(linuxDir, { recursive: true, force: true });
    mkdirSync(linuxDir, { recursive: true });
    for (const size of LINUX_SIZES) writeFileSync(path.join(linuxDir, `${size}x${size}.png`), get(size));

    const ico = buildIco([
      ...ICO_BMP_SIZES.map((size) => ({ size, data: dibEntry(decodeRgbaPng(get(size))) })),
      ...ICO_PNG_SIZES.map((size) => ({ size, data: get(size) })),
    ]);
    writeFileSync(path.join(root, 'build', 'icon.ico'), ico);
    writeFileSync(path.join(root, 'build', 'icon.icns'), buildIcns(ICNS_TYPES.map(([type, size]) => ({ type, data: get(size) }))));
    console.log(`make-icons: build/icon.png, build/icons/ (${LINUX_SIZES.length} sizes), build/icon.ico, build/icon.icns`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
