/**
 * The browser host's start-up decisions (electron/browser-host/startup.ts): the sandbox's
 * control API only when asked for, and warnings about environment variables that weaken TLS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../electron/sandbox/sandbox-server';
import {
  parseHostOptions,
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
      rebuild: true,
      rendererDir: '/tmp/r',
      sandboxControl: false,
      help: false,
    });
    expect(() => parseHostOptions(['--port', '70000'], {})).toThrow(/0 to 65535/);
    expect(() => parseHostOptions(['--bogus'], {})).toThrow();
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
