/**
 * The browser host's stand-in for the Electron preload: runs as a classic script before
 * the app's module script and sets `window.desk` from the same IPC contract, over the
 * host's local channel: one WebSocket carrying every call (a browser allows only six HTTP
 * connections per host, which capped the calls in flight at five), `POST` as a fallback. The per-run token comes from `?token=` once, is kept in
 * sessionStorage so reloads keep working, and is then removed from the address bar. A
 * call the host refuses for the token marks the tab as one of an earlier run (./stale-tab.ts).
 */
// First: must run before the contract's schemas are built (see the file).
import '../../../common/zod-jitless';
import { createDeskApi, type DeskApi } from '../../../common/ipc-contract';
import { isStaleTab, markStaleTab } from './stale-tab';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

const TOKEN_KEY = 'bizkithub-desk-host-token';
const TOKEN_HEADER = 'X-Desk-Token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  let stored: string | null = null;
  try {
    if (fromUrl) window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    stored = window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // sessionStorage unavailable: the token lives for this page only.
  }
  if (fromUrl) {
    url.searchParams.delete('token');
    try {
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    } catch {
      // Leaving the token in the address bar is harmless on 127.0.0.1.
    }
  }
  return fromUrl ?? stored ?? '';
}

const token = takeToken();

async function invokeOverHttp(channel: string, input: unknown): Promise<unknown> {
  const response = await fetch(`/__host/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
    // No input travels as no body, as `ipcRenderer.invoke(channel, undefined)` would.
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    cache: 'no-store',
    credentials: 'same-origin',
  });
  // The page is same-origin: a refusal means the token is of an earlier run of the host.
  if (response.status === 403) markStaleTab();
  // Every reply of the IPC route, refusals included, is a Result as JSON.
  return response.json();
}

// --- the WebSocket channel ------------------------------------------------------------

type Waiting = { resolve: (reply: unknown) => void; reject: (cause: Error) => void };
const waiting = new Map<number, Waiting>();
let nextId = 1;
let socket: Promise<WebSocket> | null = null;
/** After the socket could not be opened at all, calls use HTTP (a proxy or policy may block it). */
let socketRefused = false;

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${window.location.host}/__host/ipc-socket?token=${encodeURIComponent(token)}`);
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      resolve(ws);
    });
    ws.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      let parsed: { id?: unknown; reply?: unknown };
      try {
        parsed = JSON.parse(message.data) as { id?: unknown; reply?: unknown };
      } catch {
        return;
      }
      if (typeof parsed.id !== 'number') return;
      const call = waiting.get(parsed.id);
      waiting.delete(parsed.id);
      call?.resolve(parsed.reply);
    });
    ws.addEventListener('close', () => {
      socket = null;
      if (!opened) {
        socketRefused = true;
        reject(new Error('The IPC socket could not be opened.'));
      }
      // Calls in flight have an unknown outcome: the app treats a transport failure so
      // (a status change is checked with BizKitHub before anything is sent again).
      for (const [id, call] of waiting) {
        waiting.delete(id);
        call.reject(new Error('The IPC socket closed.'));
      }
    });
  });
}

/** What a stale tab's calls answer, without asking the host (which refuses them). */
const STALE_REPLY = { ok: false, error: { kind: 'forbidden', message: 'This tab belongs to an earlier run of the app.' } } as const;

async function invoke(channel: string, input: unknown): Promise<unknown> {
  if (isStaleTab()) return STALE_REPLY;
  if (socketRefused || typeof WebSocket !== 'function') return invokeOverHttp(channel, input);
  let ws: WebSocket;
  try {
    ws = await (socket ??= openSocket());
  } catch {
    return invokeOverHttp(channel, input);
  }
  // Closed since it opened (its 'close' already ran): nothing was sent, HTTP carries this one.
  if (ws.readyState !== WebSocket.OPEN) return invokeOverHttp(channel, input);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    ws.send(JSON.stringify(input === undefined ? { id, channel } : { id, channel, input }));
  });
}

// One EventSource shared by every listener: browsers allow only six connections per
// host over HTTP/1.1, and each EventSource holds one open for good.
const listeners = new Set<(event: unknown) => void>();
let source: EventSource | null = null;

function onMessage(message: MessageEvent<string>): void {
  let payload: unknown;
  try {
    payload = JSON.parse(message.data);
  } catch {
    return;
  }
  for (const listener of [...listeners]) {
    try {
      listener(payload);
    } catch (error) {
      console.error('desk event listener failed', error);
    }
  }
}

/**
 * The event stream ends for good when the host refuses it (a restarted host, a new
 * token): one call tells whether this tab is now a stale one, before the agent changes
 * anything in it.
 */
function onStreamError(): void {
  if (source?.readyState !== EventSource.CLOSED || isStaleTab()) return;
  void invokeOverHttp('app:get-info', undefined).catch(() => undefined);
}

function subscribe(listener: (event: unknown) => void): () => void {
  listeners.add(listener);
  if (source === null) {
    source = new EventSource(`/__host/events?token=${encodeURIComponent(token)}`);
    source.addEventListener('message', onMessage);
    source.addEventListener('error', onStreamError);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source !== null) {
      source.removeEventListener('message', onMessage);
      source.removeEventListener('error', onStreamError);
      source.close();
      source = null;
    }
  };
}

// Frozen, as Electron's contextBridge hands it to the page: the app must work with that.
window.desk = Object.freeze(createDeskApi(invoke, subscribe));

export {};
