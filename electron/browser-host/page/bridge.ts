/**
 * The browser host's stand-in for the Electron preload: runs as a classic script before
 * the app's module script and sets `window.desk` from the same IPC contract, over the
 * host's local HTTP channel. The per-run token comes from `?token=` once, is kept in
 * sessionStorage so reloads keep working, and is then removed from the address bar.
 */
// First: must run before the contract's schemas are built (see the file).
import './zod-jitless';
import { createDeskApi, type DeskApi } from '../../../common/ipc-contract';

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

async function invoke(channel: string, input: unknown): Promise<unknown> {
  const response = await fetch(`/__host/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
    // No input travels as no body, as `ipcRenderer.invoke(channel, undefined)` would.
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    cache: 'no-store',
    credentials: 'same-origin',
  });
  // Every reply of the IPC route, refusals included, is a Result as JSON.
  return response.json();
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

function subscribe(listener: (event: unknown) => void): () => void {
  listeners.add(listener);
  if (source === null) {
    source = new EventSource(`/__host/events?token=${encodeURIComponent(token)}`);
    source.addEventListener('message', onMessage);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source !== null) {
      source.removeEventListener('message', onMessage);
      source.close();
      source = null;
    }
  };
}

window.desk = createDeskApi(invoke, subscribe);

export {};
