/**
 * `window.desk`: the only way the renderer reaches main (and through it, BizKitHub).
 * Electron's preload or the browser host's page bridge puts it there before the app's
 * script runs. The renderer never talks to BizKitHub itself (CSP connect-src 'self').
 */
import type { DeskApi } from '../../common/ipc-contract';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

export type { DeskApi };

/** The bridge, or null when it is missing (the app then shows a fatal screen). */
export function getDesk(): DeskApi | null {
  const desk = typeof window === 'undefined' ? undefined : window.desk;
  if (!desk || typeof desk !== 'object' || typeof desk.getAppInfo !== 'function') return null;
  return desk;
}
