/**
 * The browser host's start-up decisions (electron/browser-host/startup.ts): the sandbox's
 * control API only when asked for, and warnings about environment variables that weaken TLS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import {
  DEFAULT_HOST_PORT,
  hostUserDataDir,
  parseHostOptions,
  portInUseMessage,
  readRememberedSandboxPort,
  rememberSandboxPort,
  SANDBOX_PORT_FILE,
  sandboxLine,
  SANDBOX_CONTROL_ENV,
  startHostSandbox,
  tlsEnvironmentWarnings,
} from '../../../electron/browser-host/startup';

describe('parseHostOptions', () => {
  it('the sandbox control API is off unless asked for', () => {
    expect(parseHostOptions([], {}).sandboxControl).toBe(false);
    expect(parseHostOptions(['--port', '5199'], { PORT: '1' })).toMatchObject({ port: 5199, sandboxControl: false });
    expect(parseHostOptions([], { [SANDBOX_CONTROL_ENV]: '0' }).sandboxControl).toBe(false);
    expect(parseHostOptions([], { [SANDBOX_CONTROL_ENV]: 'yes' }).sandboxControl).toBe(false);
  });

  it('--sandbox-control or DESK_SANDBOX_CONTROL=1 turns it on', () => {
    expect(parseHostOptions(['--sandbox-control'], {}).sandboxControl).toBe(true);
    expect(parseHostOptions([], { [SANDBOX_CONTROL_ENV]: '1' }).sandboxControl).toBe(true);
    expect(SANDBOX_CONTROL_ENV).toBe('DESK_SANDBOX_CONTROL');
  });

  it('reads the port, rebuild and renderer dir as before', () => {
    expect(parseHostOptions(['--rebuild', '--renderer-dir', '/tmp/r'], { PORT: '4000' })).toEqual({
      port: 4000,
      fresh: false,
      rebuild: true,
      rendererDir: '/tmp/r',
      sandboxControl: false,
      help: false,
    });
    expect(() => parseHostOptions(['--port', '70000'], {})).toThrow(/0 to 65535/);
    expect(() => parseHostOptions(['--bogus'], {})).toThrow();
  });
});

describe('npm start keeps its place: a stable port and a data folder per user', () => {
  it('the port is stable unless given; --fresh takes any free one', () => {
    expect(DEFAULT_HOST_PORT).toBe(5199);
    expect(parseHostOptions([], {})).toMatchObject({ port: 5199, fresh: false });
    expect(parseHostOptions(['--fresh'], {})).toMatchObject({ port: 0, fresh: true });
    expect(parseHostOptions(['--fresh', '--port', '6000'], {})).toMatchObject({ port: 6000, fresh: true });
    expect(parseHostOptions([], { PORT: '0' }).port).toBe(0);
  });

  it('settings and the log live in a folder per user that outlives the run; --fresh gets none (a temporary one)', () => {
    expect(hostUserDataDir({ fresh: false }, {}, 'linux', '/home/jana')).toBe('/home/jana/.local/share/bizkithub-complaints-desk-browser-host');
    expect(hostUserDataDir({ fresh: false }, { XDG_DATA_HOME: '/data' }, 'linux', '/home/jana')).toBe('/data/bizkithub-complaints-desk-browser-host');
    expect(hostUserDataDir({ fresh: false }, {}, 'darwin', '/Users/jana')).toBe(
      '/Users/jana/Library/Application Support/BizKitHub Complaints Desk (browser host)',
    );
    expect(hostUserDataDir({ fresh: false }, { APPDATA: 'C:\\Users\\jana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\jana')).toBe(
      'C:\\Users\\jana\\AppData\\Roaming\\BizKitHub Complaints Desk (browser host)',
    );
    expect(hostUserDataDir({ fresh: true }, {}, 'linux', '/home/jana')).toBeNull();
    // The environment wins (tests, several profiles side by side).
    expect(hostUserDataDir({ fresh: true }, { DESK_USER_DATA_DIR: '/tmp/x' }, 'linux', '/home/jana')).toBe('/tmp/x');
  });

  it('a taken port gets a message that says why and what to do', () => {
    const text = portInUseMessage(5199);
    expect(text).toMatch(/Port 5199 on 127\.0\.0\.1 is already in use/);
    expect(text).toMatch(/--port N/);
    expect(text).toMatch(/--fresh/);
  });

  it('the real CLI on a taken port: exits with that message, nothing else started', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-port-taken-'));
    try {
      const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'electron/browser-host/cli.ts', '--port', String(port)], {
        env: { ...process.env, DESK_USER_DATA_DIR: tmp, BIZKITHUB_API_URL: '', DESK_KEYCHAIN_SERVICE: `desk-port-test-${process.pid}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(stdout).not.toContain('ready:');
    } finally {
      blocker.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('a refused start changes nothing on disk: no port remembered, no settings, no log, no marker', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-port-refused-'));
    writeFileSync(path.join(tmp, SANDBOX_PORT_FILE), '4999');
    const before = readdirSync(tmp).sort();
    try {
      const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'electron/browser-host/cli.ts', '--port', String(port)], {
        env: { ...process.env, DESK_USER_DATA_DIR: tmp, BIZKITHUB_API_URL: '', DESK_KEYCHAIN_SERVICE: `desk-port-test-${process.pid}` },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      expect(await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))).toBe(1);
      expect(readdirSync(tmp).sort()).toEqual(before);
      expect(readRememberedSandboxPort(tmp)).toBe(4999);
    } finally {
      blocker.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the remembered sandbox port', () => {
  it('is read back as written; a missing or bad file is none', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-sandbox-port-'));
    try {
      expect(readRememberedSandboxPort(tmp)).toBe(0);
      rememberSandboxPort(tmp, 41234);
      expect(readRememberedSandboxPort(tmp)).toBe(41234);
      writeFileSync(path.join(tmp, SANDBOX_PORT_FILE), 'not a port');
      expect(readRememberedSandboxPort(tmp)).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('startHostSandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('without the flag: the API only, no control listener, /__sandbox/* is 404', async () => {
    sandbox = await startHostSandbox({ control: false });
    expect(sandbox.controlUrl).toBeNull();
    expect((await fetch(`${sandbox.url}/__sandbox/state`)).status).toBe(404);
    const faults = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outage: true }),
    });
    expect(faults.status).toBe(404);
    expect(sandbox.faults.outage).toBe(false);
    expect(sandboxLine(sandbox)).toBe(`Sandbox API: ${sandbox.url}`);
  });

  it('with the flag: the control API on its own loopback listener', async () => {
    sandbox = await startHostSandbox({ control: true });
    expect(sandbox.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const state = (await (await fetch(`${sandbox.controlUrl}/__sandbox/state`)).json()) as { url: string };
    expect(state.url).toBe(sandbox.url);
    expect(sandboxLine(sandbox)).toBe(`Sandbox API: ${sandbox.url} (control: ${sandbox.controlUrl})`);
  });
});

describe('tlsEnvironmentWarnings', () => {
  it('is silent when neither variable is set', () => {
    expect(tlsEnvironmentWarnings({ PATH: '/usr/bin', NODE_OPTIONS: '' })).toEqual([]);
  });

  it('warns loudly when certificate checks are off', () => {
    const [warning, ...rest] = tlsEnvironmentWarnings({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(rest).toEqual([]);
    expect(warning).toMatch(/NODE_TLS_REJECT_UNAUTHORIZED=0/);
    expect(warning).toMatch(/NOT checked/);
  });

  it('warns when NODE_TLS_REJECT_UNAUTHORIZED is set at all, and about NODE_EXTRA_CA_CERTS', () => {
    expect(tlsEnvironmentWarnings({ NODE_TLS_REJECT_UNAUTHORIZED: '1' })).toHaveLength(1);
    const warnings = tlsEnvironmentWarnings({ NODE_EXTRA_CA_CERTS: '/etc/corp-ca.pem' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/NODE_EXTRA_CA_CERTS[\s\S]*\/etc\/corp-ca\.pem/);
    expect(tlsEnvironmentWarnings({ NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_EXTRA_CA_CERTS: '/x.pem' })).toHaveLength(2);
  });
});
