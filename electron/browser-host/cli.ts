/**
 * `npm run browser -- --port <port>` (or `PORT=<port>`): the app without Electron. The
 * same main-process services run in this Node process; the built renderer is served on
 * 127.0.0.1 with the page bridge standing in for the preload. Dev/test tool only.
 *
 * Environment:
 *   BIZKITHUB_API_URL      API a configured key talks to; without it the in-process
 *                          sandbox serves demo mode and any configured key alike. The
 *                          in-process sandbox always runs (demo mode uses it) and keeps
 *                          its port per user-data folder, so a key bound to it (keys
 *                          are bound to their API origin) still applies after a restart
 *   DESK_SANDBOX_CONTROL   1 = as --sandbox-control: that sandbox's control API is opened
 *                          (fault switches, colleague changes; tests and demos only)
 *   DESK_USER_DATA_DIR     settings and desk.log (default: a folder per user that outlives
 *                          the run, see startup.ts; --fresh: a temporary one)
 *   DESK_KEYCHAIN_SERVICE  OS keychain service name, for the API key and the data key
 *                          (default 'BizKitHub Complaints Desk (browser host)'); no
 *                          keychain (no D-Bus session on Linux): the data key is kept
 *                          in memory for the run
 *   DESK_POLICY_FILE       an IT policy file (JSON, as /etc/bizkithub-complaints-desk/
 *                          policy.json); it replaces the OS source. With `demoMode: false`
 *                          and an API address (policy or BIZKITHUB_API_URL) no sandbox starts
 *   HTTPS_PROXY, HTTP_PROXY, NO_PROXY
 *                          requests to the API go through that proxy (undici's
 *                          EnvHttpProxyAgent; ./proxy-fetch.ts); Settings says which
 *
 * Stdout carries only these lines (tests read them); everything else goes to stderr:
 *   Sandbox API: http://127.0.0.1:<port>[ (control: http://127.0.0.1:<port>)]   [when started]
 *   Complaints Desk (browser host) ready: http://127.0.0.1:<port>/?token=<token>
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DEMO_KEY } from '../sandbox/demo-key';
import type { Sandbox } from '../sandbox/sandbox-server';
import { sandboxStateFile } from '../sandbox/state-file';
import { createKeychainDataKeyStore, dataKeyAccount } from '../services/data-key-store';
import { createDeskServices, type DeskServices } from '../services/desk-services';
import { createFileLogger } from '../services/logger';
import { loadPolicy, logPolicy } from '../services/policy/policy-service';
import { createEventHub, startBrowserHost, type BrowserHost } from './host-server';
import { createEnvProxyFetch } from './proxy-fetch';
import {
  assertPortFree,
  hostUserDataDir,
  parseHostOptions,
  portInUseMessage,
  readRememberedSandboxPort,
  rememberSandboxPort,
  sandboxLine,
  startHostSandbox,
  tlsEnvironmentWarnings,
  USAGE,
} from './startup';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');
const DEFAULT_KEYCHAIN_SERVICE = 'BizKitHub Complaints Desk (browser host)';
const READY_PREFIX = 'Complaints Desk (browser host) ready: ';

/** `vite build` in a child process, its output on stderr so stdout stays machine-readable. */
function buildRenderer(): Promise<void> {
  const require = createRequire(import.meta.url);
  const vitePackage = require.resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  process.stderr.write('Building the renderer (vite build)…\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The in-process sandbox, on the port it had last time in this user-data folder when that
 * port is free (the sandbox is the API origin a key saved under the browser host is bound
 * to, and the origin names the local database of its changes), with the complaints as
 * they were at the end of the last run in this folder. The port is remembered by main()
 * once the start has succeeded (rememberSandboxPort), never here.
 */
async function startRememberedSandbox(userDataDir: string, control: boolean): Promise<Sandbox> {
  const remembered = readRememberedSandboxPort(userDataDir);
  // Its complaints too: the app's database in this folder remembers their statuses.
  const state = sandboxStateFile(path.join(userDataDir, 'sandbox-complaints.json'));
  try {
    return await startHostSandbox({ control, port: remembered, state });
  } catch (cause) {
    if (remembered === 0) throw cause;
    process.stderr.write(`The sandbox's previous port ${remembered} is taken; using another.\n`);
    return startHostSandbox({ control, state });
  }
}

async function main(): Promise<void> {
  const options = parseHostOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const { port } = options;
  // Before anything is built, started or written: a refused start changes nothing on disk.
  await assertPortFree(port);

  let rendererDir = RENDERER_DIR;
  if (options.rendererDir !== undefined) {
    rendererDir = path.resolve(options.rendererDir);
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(`${rendererDir} has no index.html.`);
    }
  } else if (options.rebuild || !existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    await buildRenderer();
  }

  const userDataDir = hostUserDataDir(options, process.env) ?? mkdtempSync(path.join(os.tmpdir(), 'bizkithub-desk-browser-'));
  mkdirSync(userDataDir, { recursive: true });
  const logPath = path.join(userDataDir, 'desk.log');
  const log = createFileLogger(logPath);
  log.info('browser host starting', { pid: process.pid });
  for (const warning of tlsEnvironmentWarnings(process.env)) {
    process.stderr.write(`WARNING: ${warning}\n`);
    log.warn('TLS weakened by the environment', { warning });
  }

  const proxy = createEnvProxyFetch(process.env);
  if (proxy.selection) {
    const shown = proxy.describe('https://api.bizkithub.com');
    process.stderr.write(`Proxy from the environment: ${shown.proxy ?? 'none for the API'}${proxy.selection.noProxy ? ` (NO_PROXY=${proxy.selection.noProxy})` : ''}\n`);
    log.info('proxy from the environment', { proxy: shown.proxy, noProxy: proxy.selection.noProxy });
  }

  let sandbox: Sandbox | undefined;
  let services: DeskServices | undefined;
  let host: BrowserHost | undefined;
  let closing: Promise<void> | undefined;

  const closeAll = () =>
    (closing ??= (async () => {
      log.info('browser host stopping');
      await host?.close().catch((e: unknown) => log.warn('host close failed', { error: e }));
      await services?.dispose().catch((e: unknown) => log.warn('services dispose failed', { error: e }));
      await sandbox?.close().catch((e: unknown) => log.warn('sandbox close failed', { error: e }));
      await proxy.close().catch(() => undefined);
    })());

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1); // a second Ctrl+C: don't wait
    signalled = true;
    process.stderr.write(`${signal}: stopping the browser host…\n`);
    void closeAll().finally(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const policy = loadPolicy({ platform: process.platform, env: process.env });
  logPolicy(policy, log);
  for (const refused of policy.view.refused) {
    process.stderr.write(`Policy refused: ${refused.name} in ${refused.source}: ${refused.reason}\n`);
  }

  try {
    // Policy wins over BIZKITHUB_API_URL; both win over the built-in sandbox. A refused
    // policy address leaves no live API at all: nothing falls back to another address.
    const liveRefused = policy.apiUrlRefused;
    const externalApi = liveRefused ? undefined : (policy.enforced.apiUrl ?? (process.env.BIZKITHUB_API_URL?.trim() || undefined));
    // Without demo mode the sandbox is only the live API of a host given no other address.
    const sandboxNeeded = policy.enforced.demoMode !== false || (externalApi === undefined && !liveRefused);
    if (sandboxNeeded) {
      sandbox = await startRememberedSandbox(userDataDir, options.sandboxControl);
      console.log(sandboxLine(sandbox));
      if (!options.sandboxControl) {
        process.stderr.write('Sandbox control API: off (--sandbox-control or DESK_SANDBOX_CONTROL=1 opens it)\n');
      }
    } else {
      process.stderr.write('Demo mode is off by policy: no sandbox started.\n');
    }
    const started = sandbox;
    const hub = createEventHub();

    const keychainService = process.env.DESK_KEYCHAIN_SERVICE || DEFAULT_KEYCHAIN_SERVICE;
    services = await createDeskServices({
      host: 'browser',
      version: appVersion(),
      platform: process.platform,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      userDataDir,
      keychain: { service: keychainService, account: 'api-key' },
      // Customers' data is encrypted with this key; it lives in the keychain beside the API key.
      dataKeys: createKeychainDataKeyStore({ service: keychainService, account: dataKeyAccount('api-key'), log }),
      // The API address defaults to the built-in sandbox, for a configured key too.
      ...(!liveRefused && (externalApi ?? started?.url) !== undefined ? { apiUrlOverride: externalApi ?? started?.url } : {}),
      liveIsSandbox: externalApi === undefined && !liveRefused,
      policy,
      startDemoSandbox: async () => {
        if (!started) throw new Error('demo mode is off by policy');
        return { url: started.url, demoKey: SANDBOX_DEMO_KEY };
      },
      log,
      emit: (event) => hub.emit(event),
      ...(proxy.fetch ? { fetch: proxy.fetch } : {}),
      describeProxy: (url) => proxy.describe(url),
      logFolder: userDataDir,
    });

    try {
      host = await startBrowserHost({ port, rendererDir, services, log, events: hub });
    } catch (cause) {
      if ((cause as { code?: unknown }).code === 'EADDRINUSE') throw new Error(portInUseMessage(port));
      throw cause;
    }
  } catch (cause) {
    await closeAll();
    throw cause;
  }

  // Only now: a start refused earlier leaves the remembered port as it was.
  if (sandbox) rememberSandboxPort(userDataDir, sandbox.port);
  process.stderr.write(`Log: ${logPath}\n`);
  console.log(`${READY_PREFIX}${host.url}`);
}

main().catch((cause: unknown) => {
  process.stderr.write(`The browser host could not start: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exit(1);
});
