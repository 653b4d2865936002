/**
 * Start-up decisions of the browser host (`npm run browser`), apart from cli.ts so they can
 * be tested: its command line and environment, the in-process sandbox, and the warnings
 * about environment variables that weaken TLS.
 *
 * A refused start changes nothing on disk: the host's port is checked before anything is
 * started, and the sandbox's port is remembered only once the host has started (a port
 * remembered by a start that failed would move the API origin that names the queue's
 * database, and strand the changes queued under the old one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandboxWithControl } from '../sandbox/control-api';
import { startSandbox, type Sandbox, type SandboxStateStore } from '../sandbox/sandbox-server';

/** `DESK_SANDBOX_CONTROL=1` does what `--sandbox-control` does. */
export const SANDBOX_CONTROL_ENV = 'DESK_SANDBOX_CONTROL';

/**
 * The port `npm start` uses unless told otherwise. Stable on purpose: the browser keeps
 * the app's IndexedDB (worklist and unsent changes) per origin, port included, so a new
 * port each run would show an empty queue while the real one waits under the old port.
 */
export const DEFAULT_HOST_PORT = 5199;

export const USAGE = `Usage: npm run browser -- [--port N] [--fresh] [--rebuild] [--renderer-dir DIR] [--sandbox-control]
  --port             port on 127.0.0.1 (default: $PORT, else ${DEFAULT_HOST_PORT}; 0 = any free port)
  --fresh            a throwaway run: a new temporary data folder and any free port (an
                     empty worklist and queue); the usual data stays untouched
  --rebuild          build the renderer even if dist/renderer exists
  --renderer-dir     serve another renderer build instead of dist/renderer (never built)
  --sandbox-control  open the built-in sandbox's control API (fault switches, colleague
                     changes; no login, for tests and demos); also DESK_SANDBOX_CONTROL=1`;

export interface HostOptions {
  port: number;
  /** A throwaway run: temporary data folder, any free port. */
  fresh: boolean;
  rebuild: boolean;
  rendererDir: string | undefined;
  sandboxControl: boolean;
  help: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`The port must be a number from 0 to 65535, got "${value}".`);
  }
  return port;
}

/** The command line and environment of `npm run browser`. Throws on a bad port or an unknown option. */
export function parseHostOptions(args: readonly string[], env: Env): HostOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
      'sandbox-control': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    port: parsePort(values.port ?? env.PORT, values.fresh ? 0 : DEFAULT_HOST_PORT),
    fresh: values.fresh,
    rebuild: values.rebuild,
    rendererDir: values['renderer-dir'],
    sandboxControl: values['sandbox-control'] || env[SANDBOX_CONTROL_ENV]?.trim() === '1',
    help: values.help,
  };
}

/**
 * The host's in-process sandbox: with its control API (no login) only when asked for,
 * otherwise the API alone.
 */
export function startHostSandbox(options: { control: boolean; port?: number; state?: SandboxStateStore }): Promise<Sandbox> {
  const port = options.port ?? 0;
  const state = options.state ? { state: options.state } : {};
  return options.control ? startSandboxWithControl({ port, ...state }) : startSandbox({ port, ...state });
}

/** The stdout line tests read: `Sandbox API: <url>[ (control: <url>)]`. */
export function sandboxLine(sandbox: Pick<Sandbox, 'url' | 'controlUrl'>): string {
  return `Sandbox API: ${sandbox.url}${sandbox.controlUrl === null ? '' : ` (control: ${sandbox.controlUrl})`}`;
}

/**
 * Node's fetch (the host's API client) honours these: one turns certificate checks off,
 * the other trusts more certificate authorities. The desktop app's `net.fetch` ignores
 * both; the browser host warns at start when either is set.
 */
export function tlsEnvironmentWarnings(env: Env): string[] {
  const warnings: string[] = [];
  const reject = env.NODE_TLS_REJECT_UNAUTHORIZED;
  if (reject !== undefined) {
    warnings.push(
      reject.trim() === '0'
        ? 'NODE_TLS_REJECT_UNAUTHORIZED=0: TLS certificates are NOT checked; anyone on the network can read the API key. Unset it.'
        : `NODE_TLS_REJECT_UNAUTHORIZED is set ("${reject}"): TLS checks depend on it. Unset it.`,
    );
  }
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra !== undefined && extra.trim() !== '') {
    warnings.push(`NODE_EXTRA_CA_CERTS is set: certificates signed by ${extra} are trusted for the API too.`);
  }
  return warnings;
}

/**
 * Where the browser host keeps settings, desk.log and the sandbox's port: the folder in
 * DESK_USER_DATA_DIR, else one per user that outlives the run (so `npm start` twice shows
 * the same worklist, queue, language and theme), or null for `--fresh` (a temporary one).
 */
export function hostUserDataDir(
  options: Pick<HostOptions, 'fresh'>,
  env: Env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string | null {
  const given = env.DESK_USER_DATA_DIR?.trim();
  if (given) return given;
  if (options.fresh) return null;
  const name = 'BizKitHub Complaints Desk (browser host)';
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', name);
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'), 'bizkithub-complaints-desk-browser-host');
}

/** What to tell the agent when the port is taken: the likely cause and the ways out. */
export function portInUseMessage(port: number): string {
  return (
    `Port ${port} on 127.0.0.1 is already in use: another \`npm start\` is probably running (open the address it printed). ` +
    `Stop it, or start on another port with \`npm start -- --port N\` (the browser keeps the app's data per port, so ` +
    `that shows another worklist and queue), or a throwaway run with \`npm start -- --fresh\`.`
  );
}


/**
 * Throws the agent's message (portInUseMessage) when `port` on 127.0.0.1 is taken; port 0
 * (any free port) is never taken. Checked before anything else starts or is written.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (cause: NodeJS.ErrnoException) =>
      reject(cause.code === 'EADDRINUSE' ? new Error(portInUseMessage(port)) : cause),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The file in the user-data folder that keeps the in-process sandbox's port between runs. */
export const SANDBOX_PORT_FILE = 'sandbox-port';

/** The sandbox port the last successful start remembered in `userDataDir`; 0 when none. */
export function readRememberedSandboxPort(userDataDir: string): number {
  try {
    const n = Number(readFileSync(path.join(userDataDir, SANDBOX_PORT_FILE), 'utf8').trim());
    return Number.isInteger(n) && n > 0 && n <= 65_535 ? n : 0;
  } catch {
    return 0; // first start in this folder
  }
}

/** Remembers the sandbox's port; call only once the whole start has succeeded. */
export function rememberSandboxPort(userDataDir: string, port: number): void {
  if (readRememberedSandboxPort(userDataDir) === port) return;
  try {
    writeFileSync(path.join(userDataDir, SANDBOX_PORT_FILE), String(port));
  } catch {
    // Read-only folder: the next start picks a port again.
  }
}
