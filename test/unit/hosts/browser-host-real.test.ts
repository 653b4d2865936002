/**
 * The browser host with the real services and the real sandbox (an in-memory keychain
 * backend stands in for the OS one), driven through `createDeskApi` over HTTP exactly
 * as the page bridge does; then the CLI itself, for its stdout contract and shutdown.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskApi, type DeskApi, type DeskEvent } from '../../../common/ipc-contract';
import { createEventHub, startBrowserHost, type BrowserHost } from '../../../electron/browser-host/host-server';
import { SANDBOX_DEMO_KEY } from '../../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server';
import { createDeskServices, type DeskServices } from '../../../electron/services/desk-services';
import { createMemoryLogger } from '../../../electron/services/logger';
import { memoryKeyring } from '../../support/memory-keyring';

const repoRoot = path.resolve(__dirname, '../../..');

function httpDesk(host: BrowserHost): DeskApi {
  return createDeskApi(
    async (channel, input) => {
      const res = await fetch(`${host.origin}/__host/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Desk-Token': host.token },
        ...(input === undefined ? {} : { body: JSON.stringify(input) }),
      });
      return res.json();
    },
    () => () => undefined,
  );
}

describe('browser host with the real services', () => {
  let tmp: string;
  let sandbox: Sandbox;
  let services: DeskServices;
  let host: BrowserHost;
  let desk: DeskApi;
  const log = createMemoryLogger();
  const hub = createEventHub();
  const events: DeskEvent[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-host-real-'));
    const rendererDir = path.join(tmp, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    sandbox = await startSandbox({ port: 0 });
    hub.subscribe((e) => events.push(e));
    services = await createDeskServices({
      host: 'browser',
      version: '0.1.0-test',
      platform: process.platform,
      locale: 'en-US',
      userDataDir: path.join(tmp, 'user-data'),
      keychain: { service: 'desk-test', account: 'api-key', backend: memoryKeyring() },
      apiUrlOverride: sandbox.url,
      startDemoSandbox: async () => ({ url: sandbox.url, demoKey: SANDBOX_DEMO_KEY }),
      log,
      emit: (e) => hub.emit(e),
    });
    host = await startBrowserHost({
      port: 0,
      rendererDir,
      services,
      log,
      events: hub,
      bridgeScript: '/* not used here */',
    });
    desk = httpDesk(host);
  });

  afterAll(async () => {
    await host?.close();
    await services?.dispose();
    await sandbox?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reports the browser host in demo mode', async () => {
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { host: 'browser', mode: 'demo' } });
  });

  it('reads and changes a seeded complaint in the sandbox', async () => {
    const id = sandbox.seedComplaintIds[0]!;
    const detail = await desk.getComplaint({ id });
    expect(detail).toMatchObject({ ok: true, value: { exist: true, id } });
    const next = detail.ok && detail.value.status === 'wait' ? 'open' : 'wait';
    expect(await desk.setComplaintStatus({ complaintId: id, status: next, destination: 'demo' })).toEqual({
      ok: true,
      value: { success: true },
      // The figures main has after the request come with the reply (common/ipc-contract.ts).
      rateLimit: expect.objectContaining({ limit: 10_000 }),
    });
    expect(sandbox.getComplaint(id)?.status).toBe(next);
  });

  it('saving a key switches to live against the sandbox, and the key never comes back', async () => {
    const key = 'DEV_abcdefghijklmnopqrstuvwxyz12';
    const saved = await desk.saveKey({ key });
    expect(saved).toMatchObject({ ok: true, value: { configured: true } });
    expect(JSON.stringify(saved)).not.toContain(key);
    expect(await desk.getAppInfo({})).toMatchObject({ ok: true, value: { mode: 'live' } });
    expect(events.some((e) => e.type === 'key-changed')).toBe(true);
    expect(log.lines.join('\n')).not.toContain(key);
    await desk.removeKey({});
  });

  it('reportPending reaches pendingCount', async () => {
    await desk.reportPending({ pending: 3 });
    expect(services.pendingCount()).toBe(3);
    await desk.reportPending({ pending: 0 });
  });
});

describe('npm run browser (cli.ts)', () => {
  it('prints the sandbox and ready lines, serves, keeps the sandbox control API closed, warns about weakened TLS, and stops on SIGTERM', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-'));
    const rendererDir = path.join(tmp, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="./app.js"></script></head><body></body></html>',
    );
    const userData = path.join(tmp, 'user-data');
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const child = spawn(process.execPath, [tsx, 'electron/browser-host/cli.ts', '--renderer-dir', rendererDir], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: '0',
        BIZKITHUB_API_URL: '',
        DESK_USER_DATA_DIR: userData,
        DESK_KEYCHAIN_SERVICE: `desk-cli-test-${process.pid}`,
        DESK_SANDBOX_CONTROL: '',
        // Only the local sandbox is reached; the host must say that TLS checks are off.
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line\n${stdout}\n${stderr}`)), 15_000);
        child.stdout.on('data', () => {
          const m = /^Complaints Desk \(browser host\) ready: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{20,}))$/m.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        });
        child.on('exit', () => reject(new Error(`exited early\n${stdout}\n${stderr}`)));
      });
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      // No --sandbox-control: the sandbox runs without its control API.
      const sandboxUrl = /^Sandbox API: (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? '')?.[1];
      expect(sandboxUrl, lines[0]).toBeDefined();
      expect((await fetch(`${sandboxUrl}/__sandbox/state`)).status).toBe(404);
      expect(stderr).toMatch(/Sandbox control API: off/);
      expect(stderr).toMatch(/WARNING: NODE_TLS_REJECT_UNAUTHORIZED=0: TLS certificates are NOT checked/);

      const [, url, port, token] = ready;
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script src="/__host/bridge.js"></script>');
      const bridge = await fetch(`http://127.0.0.1:${port}/__host/bridge.js`);
      expect(bridge.status).toBe(200);
      const info = await fetch(`http://127.0.0.1:${port}/__host/ipc/app%3Aget-info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Desk-Token': token! },
        body: '{}',
      });
      expect(await info.json()).toMatchObject({ ok: true, value: { host: 'browser', mode: 'demo' } });
      expect(readFileSync(path.join(userData, 'desk.log'), 'utf8')).toContain('Browser host listening');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
