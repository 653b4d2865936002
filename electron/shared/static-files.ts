/**
 * Reading the renderer's static files, shared by the app:// protocol handler (Electron)
 * and the browser host (plain Node, no Electron): the request goes through
 * `resolveAppPath`, and the real path (after symlinks) must still be inside the real root.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Percent-encodings refused outright in a request path: `.`, `/`, `\`, NUL and `%` itself (double encoding). */
const REFUSED_ENCODINGS = /%(2e|2f|5c|00|25)/i;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Maps a request URL (`app://desk/assets/x.js?v=1`, or a bare path `/assets/x.js` as the
 * browser host receives it) to a file inside `rootDir`, or null when the request must be
 * refused. Refuses, before and after decoding: `..` and `.` segments, encoded dots,
 * slashes and backslashes (`%2e`, `%2f`, `%5c`), double encoding (`%25`), backslashes,
 * NUL and other control characters, empty segments (`//`), drive letters and anything
 * whose resolved path is not strictly inside `rootDir`. `/` maps to `index.html`.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  if (typeof rootDir !== 'string' || rootDir === '' || typeof requestUrl !== 'string') return null;

  // Strip `scheme://authority` when present; what remains must be an absolute path.
  let rest = requestUrl;
  const schemeMatch = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\\]*/.exec(rest);
  if (schemeMatch) rest = rest.slice(schemeMatch[0].length);
  if (rest === '') rest = '/';

  const cut = rest.search(/[?#]/);
  const rawPath = cut === -1 ? rest : rest.slice(0, cut);

  if (!rawPath.startsWith('/')) return null;
  if (rawPath.includes('\\') || CONTROL_CHARS.test(rawPath)) return null;
  if (REFUSED_ENCODINGS.test(rawPath)) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\\') || CONTROL_CHARS.test(decoded) || decoded.includes('%')) return null;

  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const segments = relative.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
    // Drive letters (`C:`) and NTFS alternate data streams (`file:stream`).
    if (segment.includes(':')) return null;
  }

  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, ...segments);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  if (!resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

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
