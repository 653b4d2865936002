/**
 * Electron glue: the app:// protocol handler and the hardening of the session and of every
 * webContents, given the Electron pieces through the facade (./electron-facade.ts). The
 * rules themselves are the pure functions in ./security.ts and ../shared/; the wiring is
 * checked on the source by test/unit/hosts/electron-glue.test.ts.
 * `will-download` stays cancelled: the export for support is saved by main (./export-file.ts).
 */
import type { Logger } from '../services/logger';
import { CONTENT_SECURITY_POLICY } from '../shared/content-policy';
import { readAppFile } from '../shared/static-files';
import type { ElectronFacade, FacadeApp, FacadeSession } from './electron-facade';
import { APP_HOST, APP_SCHEME, isAllowedNavigation, isPermissionGranted } from './security';

export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function registerAppProtocol(protocol: ElectronFacade['protocol'], rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const notFound = () => new Response('Not found', { status: 404, headers: RESPONSE_HEADERS });
    let host: string;
    try {
      host = new URL(request.url).host;
    } catch {
      return notFound();
    }
    if (host !== APP_HOST) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: RESPONSE_HEADERS });
    }
    const file = await readAppFile(rendererDir, request.url);
    if (file === null) return notFound();
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: {
        ...RESPONSE_HEADERS,
        'Content-Type': file.contentType,
        'Cache-Control': file.isIndex ? 'no-store' : 'no-cache',
      },
    });
  });
}

/** Every permission denied but persistent storage for the app's own page (isPermissionGranted). */
export function hardenSession(ses: FacadeSession, appOrigin: string): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details?.requestingUrl, appOrigin)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin, appOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(app: FacadeApp, appOrigin: string, log: () => Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => {
      if (!isAllowedNavigation(event.url, appOrigin)) {
        event.preventDefault();
        log().warn('navigation blocked');
      }
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
