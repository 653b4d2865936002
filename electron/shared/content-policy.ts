/**
 * The one Content-Security-Policy, for the app:// protocol (Electron) and the browser host
 * alike. No inline script or style, no eval, no remote anything: the renderer talks to main
 * only through `window.desk`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
