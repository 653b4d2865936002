/**
 * Starts the real browser host (`npm run browser`) as a child process, as a newcomer or
 * an acceptance test would, and tears it down. Each host gets its own user-data folder,
 * keychain service name and in-process sandbox.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  sandboxUrl: string | null;
  controlUrl: string | null;
  userDataDir: string;
  process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL (no shutdown at all, as a crash), and wait until the process is gone. Keeps the user-data folder. */
  kill(): Promise<void>;
}

/**
 * `port`: listen there (default 0, a free port); a restarted host on the same port serves
 * the same origin, so the page keeps its IndexedDB.
 */
export async function startHost(
  options: { env?: Record<string, string>; userDataDir?: string; port?: number } = {},
): Promise<RunningHost> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  const port = String(options.port ?? 0);
  // --sandbox-control: the specs drive faults and colleague changes through the sandbox's
  // control API, which the host opens only when asked.
  const args = ['node_modules/tsx/dist/cli.mjs', 'electron/browser-host/cli.ts', '--port', port, '--sandbox-control'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DESK_USER_DATA_DIR: userDataDir,
      DESK_KEYCHAIN_SERVICE: `BizKitHub Complaints Desk e2e ${process.pid}-${Date.now()}`,
      // The host reports its process locale as "the OS locale" and the app picks its
      // language from it: pin English, as the UI contract says tests do (a spec that wants
      // Czech passes LANG/LC_ALL in `env`).
      LANG: 'en_US.UTF-8',
      LC_ALL: 'en_US.UTF-8',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /ready: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited (${code}):\n${out}`));
    });
  });
  const sandbox = /Sandbox API: (http:\/\/127\.0\.0\.1:\d+)\S* \(control: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);

  return {
    url,
    sandboxUrl: sandbox?.[1] ?? null,
    controlUrl: sandbox?.[2] ?? null,
    userDataDir,
    process: child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // tsx runs the host in a child process of its own: kill that one (the real host)
      // first, deepest first, then tsx. A signal to tsx alone would leave the host running.
      for (const pid of (child.pid === undefined ? [] : descendantsOf(child.pid)).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Every process started by `pid`, children before grandchildren (`pgrep -P`; Linux and macOS). */
function descendantsOf(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits with 1 when there are none
  }
  const children = out.split('\n').filter((line) => line.trim() !== '').map(Number);
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Calls the sandbox's control API (faults, staff changes, applied-change log). */
export async function sandboxControl<T = unknown>(host: RunningHost, path: string, body?: unknown): Promise<T> {
  if (!host.controlUrl) throw new Error('this host did not start a sandbox');
  const res = await fetch(`${host.controlUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
