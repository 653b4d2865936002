/**
 * Running in the background, pure (no Electron): what closing the window does, what the
 * tray / menu-bar icon says and offers, when main says the queue has drained, and what a
 * crashed renderer gets. ./lifecycle.ts applies these rules; ./desktop.ts draws the tray.
 *
 * The sync engine lives in the renderer, so "sending with the window closed" means the
 * window is hidden, never destroyed, while there is something to send (or always, with the
 * setting "Keep running in the background"); its renderer keeps running with background
 * throttling off.
 *
 * `locale` in these facts is the language main speaks (the agent's setting, or the OS
 * locale: ./lifecycle.ts); any `cs*` value is Czech.
 */
import { pluralForm } from '../../common/plural';

/** What closing the window does. */
export type CloseAction =
  /** Hide the window to the tray / menu bar; the renderer keeps sending. */
  | 'hide'
  /** Let the window close (quitting is under way, or macOS with nothing to send). */
  | 'close'
  /** Quit the app (Windows/Linux, nothing unsent or no tray): asks first if changes are unsent. */
  | 'quit';

export interface CloseFacts {
  platform: string;
  /** Unsent changes, as the renderer last reported. */
  pending: number;
  keepRunningInBackground: boolean;
  /** A tray icon exists (Linux without a status-notifier host may have none). */
  trayAvailable: boolean;
  /** Quitting was confirmed or is under way: never hold the window then. */
  quitting: boolean;
}

export function closeAction(f: CloseFacts): CloseAction {
  if (f.quitting) return 'close';
  const mac = f.platform === 'darwin';
  // macOS always has the Dock icon to come back through; elsewhere a hidden window
  // without a tray icon could only be reached by starting the app again.
  const canHide = mac || f.trayAvailable;
  if (canHide && (f.keepRunningInBackground || f.pending > 0)) return 'hide';
  return mac ? 'close' : 'quit';
}

export type TrayItemId = 'status' | 'open' | 'sync-now' | 'quit';
export interface TrayItem {
  id: TrayItemId;
  label: string;
  enabled: boolean;
}
export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

export interface TrayFacts {
  pending: number;
  online: boolean;
  locale: string;
}

const isCzech = (locale: string) => locale.toLowerCase().startsWith('cs');

function czechChanges(n: number): string {
  return pluralForm({ one: `${n} neodeslaná změna`, few: `${n} neodeslané změny`, other: `${n} neodeslaných změn` }, n, 'cs');
}

/** The sync state in a few words, as the tooltip and the menu's first (disabled) line say it. */
export function trayStatusText(f: TrayFacts): string {
  const n = Math.max(0, Math.floor(f.pending));
  if (isCzech(f.locale)) {
    if (n === 0) return f.online ? 'Připojeno · vše odesláno' : 'Bez připojení · vše odesláno';
    return `${f.online ? 'Připojeno · odesílá se' : 'Bez připojení · čeká na síť'} · ${czechChanges(n)}`;
  }
  if (n === 0) return `${f.online ? 'Online' : 'Offline'} · all changes sent`;
  return `${f.online ? 'Online · sending' : 'Offline · waiting for the network'} · ${n} pending`;
}

/** The tray icon's tooltip and menu: Open, Sync now, Quit, under a line with the state. */
export function trayModel(f: TrayFacts): TrayModel {
  const cs = isCzech(f.locale);
  const status = trayStatusText(f);
  return {
    tooltip: `BizKitHub Complaints Desk — ${status}`,
    items: [
      { id: 'status', label: status, enabled: false },
      { id: 'open', label: cs ? 'Otevřít' : 'Open', enabled: true },
      { id: 'sync-now', label: cs ? 'Synchronizovat' : 'Sync now', enabled: f.pending > 0 && f.online },
      { id: 'quit', label: cs ? 'Ukončit' : 'Quit', enabled: true },
    ],
  };
}

export interface DrainFacts {
  previousPending: number;
  pending: number;
  /** The window is shown: the header already says it, no notification. */
  windowVisible: boolean;
  /** When the renderer last showed a notification (it says "synced" for long queues itself). */
  lastRendererNoticeAt: number | null;
  now: number;
  locale: string;
}

/** How recent a renderer notification keeps main from saying the same again. */
export const RENDERER_NOTICE_QUIET_MS = 15_000;

/** "All changes sent" when the queue empties while the app runs in the background. */
export function drainNotice(f: DrainFacts): { title: string; body: string } | null {
  if (!(f.previousPending > 0 && f.pending === 0) || f.windowVisible) return null;
  if (f.lastRendererNoticeAt !== null && f.now - f.lastRendererNoticeAt < RENDERER_NOTICE_QUIET_MS) return null;
  const n = f.previousPending;
  if (isCzech(f.locale)) {
    return {
      title: 'Vše odesláno',
      body: pluralForm({ one: 'Neodeslaná změna dorazila do BizKitHubu.', other: 'Neodeslané změny dorazily do BizKitHubu.' }, n, 'cs'),
    };
  }
  return {
    title: 'All changes sent',
    body: pluralForm({ one: 'The unsent change reached BizKitHub.', other: `The ${n} unsent changes reached BizKitHub.` }, n, 'en'),
  };
}

/** What a gone renderer (render-process-gone) gets. */
export type CrashAction = 'reload' | 'give-up';
export const CRASH_WINDOW_MS = 60_000;
export const MAX_RELOADS_PER_WINDOW = 3;

/**
 * Reload the page (the outbox is in IndexedDB: nothing is lost; an entry that was being
 * sent is checked before it is sent again) unless it has already crashed
 * MAX_RELOADS_PER_WINDOW times within CRASH_WINDOW_MS: then a crash loop, which reloading
 * would only feed. `recent`: times of earlier crashes.
 */
export function crashAction(recent: readonly number[], now: number): CrashAction {
  const inWindow = recent.filter((t) => now - t < CRASH_WINDOW_MS).length;
  return inWindow >= MAX_RELOADS_PER_WINDOW ? 'give-up' : 'reload';
}
