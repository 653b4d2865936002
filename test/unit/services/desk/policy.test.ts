/**
 * The desk services under IT policy, called through the dispatcher as both hosts call
 * them: the enforced API address, demo mode off, an address refused, session-only keys off.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEMO_KEY } from '../../../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox } from '../../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../../electron/sandbox/seed';
import { createDeskServices, type DeskServices } from '../../../../electron/services/desk-services';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { resolvePolicy } from '../../../../electron/services/policy/policy-service';
import { deskOverDispatcher } from '../../../support/desk-over-dispatcher';
import { memoryKeyring } from '../../../support/memory-keyring';

const KEY = 'PRODpolicyServicesTestKey0000001';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;

let api: Sandbox;
beforeAll(async () => {
  api = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await api.close();
});
let services: DeskServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

async function make(policyFile: Record<string, unknown>, apiUrlOverride?: string) {
  const log = createMemoryLogger();
  let demoStarts = 0;
  const policy = resolvePolicy({ found: [{ source: '/etc/policy.json', enforced: policyFile, defaults: {} }], refused: [] });
  services = await createDeskServices({
    host: 'browser',
    version: '1.2.3',
    platform: 'linux',
    locale: 'en-GB',
    userDataDir: mkdtempSync(join(tmpdir(), 'desk-policy-svc-')),
    keychain: { service: 'svc', account: 'acct', backend: memoryKeyring(null) },
    ...(apiUrlOverride ? { apiUrlOverride } : {}),
    policy,
    startDemoSandbox: async () => {
      demoStarts++;
      return { url: 'http://127.0.0.1:9', demoKey: SANDBOX_DEMO_KEY };
    },
    log,
    emit: () => undefined,
    timeoutMs: 2000,
  });
  return { desk: deskOverDispatcher(services, log), demoStarts: () => demoStarts, log };
}

describe('desk services under IT policy', () => {
  it('demoMode false: no sandbox starts, and without a key nothing is sent; the agent is told to ask IT', async () => {
    const { desk, demoStarts } = await make({ apiUrl: api.url, demoMode: false }, 'http://127.0.0.1:1');
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { mode: 'demo', sandbox: false, apiUrl: api.url, policy: { enforced: { demoMode: false } } } });
    const read = await desk.getComplaint({ id: SEED_ID });
    expect(read).toMatchObject({ ok: false, error: { kind: 'not-configured', message: 'Ask your IT department for an API key.' } });
    expect(demoStarts()).toBe(0);
  });

  it('the policy apiUrl wins over the override and the setting; a key saved is bound to it and works there', async () => {
    const { desk } = await make({ apiUrl: api.url, demoMode: false }, 'http://127.0.0.1:1');
    expect(await desk.updateSettings({ apiUrl: 'https://other.example.cz' })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await desk.saveKey({ key: KEY, sessionOnly: false })).toMatchObject({ ok: true });
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { mode: 'live', destination: `live:${new URL(api.url).origin}` } });
    expect(await desk.getComplaint({ id: SEED_ID })).toMatchObject({ ok: true });
    expect(await desk.getSettings({})).toMatchObject({ ok: true, value: { apiUrl: api.url } });
  });

  it('a refused apiUrl policy: no live mode, a key is not saved, never an unmanaged address', async () => {
    const { desk } = await make({ apiUrl: 'http://remote.example.cz' }, api.url);
    expect(await desk.saveKey({ key: KEY, sessionOnly: false })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('contact your IT department') },
    });
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { policy: { apiUrlRefused: true } } });
  });

  it('allowSessionOnlyKey false: a key for this session only is refused', async () => {
    const { desk } = await make({ allowSessionOnlyKey: false });
    expect(await desk.saveKey({ key: KEY, sessionOnly: true })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('requireEncryptedStorage with a key kept in memory only: the key and Settings say so, the log says it once; without the policy neither', async () => {
    const { desk, log } = await make({ requireEncryptedStorage: true });
    const key = await desk.getDataKey({});
    expect(key).toMatchObject({ ok: true, value: { kept: 'memory-only', encryptionRequired: true } });
    expect(await desk.getAppInfo({})).toMatchObject({ ok: true, value: { dataProtection: { kept: 'memory-only', encryptionRequired: true } } });
    expect(await desk.replaceDataKey({})).toMatchObject({ ok: true, value: { kept: 'memory-only', encryptionRequired: true } });
    await desk.getDataKey({});
    const said = log.lines.filter((line) => line.includes('policy requireEncryptedStorage'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('lost if the app closes before they are sent');
    if (key.ok) expect(log.lines.join('\n')).not.toContain(key.value.key);
    await services?.dispose();

    const unmanaged = await make({});
    const plainKey = await unmanaged.desk.getDataKey({});
    expect(plainKey).toMatchObject({ ok: true, value: { kept: 'memory-only' } });
    expect(plainKey.ok ? plainKey.value.encryptionRequired : 'not ok').toBeUndefined();
    expect(await unmanaged.desk.getAppInfo({})).toMatchObject({ ok: true, value: { dataProtection: { kept: 'memory-only' } } });
    const info = await unmanaged.desk.getAppInfo({});
    expect(info.ok ? info.value.dataProtection.encryptionRequired : 'not ok').toBeUndefined();
    expect(unmanaged.log.lines.some((line) => line.includes('policy requireEncryptedStorage'))).toBe(false);
  });

  it('a refused apiUrl policy with a key kept from before: nothing is probed, no API address is shown', async () => {
    const log = createMemoryLogger();
    const userDataDir = mkdtempSync(join(tmpdir(), 'desk-policy-svc-'));
    const backend = memoryKeyring(null);
    const base = {
      host: 'browser' as const,
      version: '1.2.3',
      platform: 'linux' as const,
      locale: 'en-GB',
      userDataDir,
      keychain: { service: 'svc', account: 'acct', backend },
      apiUrlOverride: api.url,
      startDemoSandbox: async () => ({ url: 'http://127.0.0.1:9', demoKey: SANDBOX_DEMO_KEY }),
      log,
      emit: () => undefined,
      timeoutMs: 2000,
    };
    // A key saved for the fallback address before the organisation's policy came.
    services = await createDeskServices(base);
    expect(await deskOverDispatcher(services, log).saveKey({ key: KEY, sessionOnly: false })).toMatchObject({ ok: true });
    await services.dispose();

    const contacted: string[] = [];
    const policy = resolvePolicy({ found: [{ source: '/etc/policy.json', enforced: { apiUrl: 'http://remote.example.cz' }, defaults: {} }], refused: [] });
    services = await createDeskServices({
      ...base,
      policy,
      fetch: async (input, init) => {
        contacted.push(String(input instanceof Request ? input.url : input));
        return globalThis.fetch(input, init);
      },
    });
    const desk = deskOverDispatcher(services, log);
    const info = await desk.getAppInfo({});
    expect(info).toMatchObject({ ok: true, value: { mode: 'live', apiUrl: '', policy: { apiUrlRefused: true } } });
    await services.wake('network-back');
    expect(await desk.getComplaint({ id: SEED_ID })).toMatchObject({ ok: false });
    expect(contacted).toEqual([]);
  });
});
