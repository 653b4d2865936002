/**
 * Reading the renderer's static files, shared by the app:// protocol handler (Electron)
 * and the browser host: the request goes through `resolveAppPath`, and the real path
 * (after symlinks) must still be inside the real root.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveAppPath } from './security';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppFile {
  /** The resolved path inside the root (before symlinks). */
  path: string;
  body: Buffer;
  contentType: string;
  /** The renderer's entry page (`<root>/index.html`). */
  isIndex: boolean;
}

/** The file a request URL names, or null (refused, missing, not a file, or outside the root). */
export async function readAppFile(rootDir: string, requestUrl: string): Promise<AppFile | null> {
  const filePath = resolveAppPath(rootDir, requestUrl);
  if (filePath === null) return null;
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(rootDir), fs.realpath(filePath)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) return null;
    const body = await fs.readFile(realFile);
    return {
      path: filePath,
      body,
      contentType: mimeTypeFor(filePath),
      isIndex: filePath === path.join(path.resolve(rootDir), 'index.html'),
    };
  } catch {
    return null;
  }
}
