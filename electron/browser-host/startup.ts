/**
 * Start-up decisions of the browser host (`npm run browser`), apart from cli.ts so they can
 * be tested: its command line and environment, the in-process sandbox, and the warnings
 * about environment variables that weaken TLS.
 */
import { parseArgs } from 'node:util';
import { startSandboxWithControl } from '../sandbox/control-api';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-server';

/** `DESK_SANDBOX_CONTROL=1` does what `--sandbox-control` does. */
export const SANDBOX_CONTROL_ENV = 'DESK_SANDBOX_CONTROL';

export const USAGE = `Usage: npm run browser -- [--port N] [--rebuild] [--renderer-dir DIR] [--sandbox-control]
  --port             port on 127.0.0.1 (default: $PORT, else a free port)
  --rebuild          build the renderer even if dist/renderer exists
  --renderer-dir     serve another renderer build instead of dist/renderer (never built)
  --sandbox-control  open the built-in sandbox's control API (fault switches, colleague
                     changes; no login, for tests and demos); also DESK_SANDBOX_CONTROL=1`;

export interface HostOptions {
  port: number;
  rebuild: boolean;
  rendererDir: string | undefined;
  sandboxControl: boolean;
  help: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
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
      'renderer-dir': { type: 'string' },
      'sandbox-control': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    port: parsePort(values.port ?? env.PORT),
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
export function startHostSandbox(options: { control: boolean; port?: number }): Promise<Sandbox> {
  const port = options.port ?? 0;
  return options.control ? startSandboxWithControl({ port }) : startSandbox({ port });
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
