/**
 * The key store against a REAL Secret Service (GNOME Keyring over D-Bus). Run it like:
 *
 *   export HOME=$(mktemp -d); dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon \
 *     --unlock --components=secrets >/dev/null; npx vitest run test/integration/keychain.test.ts'
 *
 * The real-keychain part skips ONLY when there is no D-Bus session AND this is not CI;
 * under CI it fails if the keychain is unusable. Every run uses its own service name, so
 * a real user's entry is never touched. The "no D-Bus" case runs in a child process with
 * a bus address that does not exist, which also proves there is no silent fallback to
 * the kernel keyring (keyutils): the entry is pinned to the Secret Service.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStatusSchema } from '../../common/ipc-contract';
import { createKeyStore, createNapiKeyringBackend } from '../../electron/services/keychain';
import { failingKeyring } from '../support/memory-keyring';
import { createMemoryLogger } from '../../electron/services/logger';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUN = randomUUID().slice(0, 8);
const SERVICE = `bizkithub-desk-test-${RUN}`;
const ACCOUNT = 'api-key';
const KEY_A = 'PRODkeychainTestKeyAaaaaaaaaaaaa';
const KEY_B = 'DEV_keychainTestKeyBbbbbbbbbbbbb';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const isCi = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI).toLowerCase());
const skipReal = !hasBus && !isCi;

/** Items the Secret Service holds for this service name, asked over D-Bus directly (not via our code). */
function secretServiceItems(service: string): string[] {
  const out = execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.SearchItems',
      `dict:string:string:service,${service}`,
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  return [...out.matchAll(/object path "([^"]+)"/g)].map((m) => m[1] as string);
}

const usedServices = new Set<string>();
function service(suffix: string): string {
  const s = `${SERVICE}-${suffix}`;
  usedServices.add(s);
  return s;
}

describe.skipIf(skipReal)('key store ↔ real Secret Service', () => {
  afterAll(async () => {
    for (const s of usedServices) {
      await createNapiKeyringBackend(s, ACCOUNT)
        .delete()
        .catch(() => undefined);
    }
  });

  it('the keychain is available (under CI this must hold)', async () => {
    const store = await createKeyStore({ service: service('probe'), account: ACCOUNT });
    const s = store.status();
    // A readable failure message beats a bare "expected false to be true".
    expect(s.keychain.problem ?? 'no problem').toBe('no problem');
    expect(s.keychain.available).toBe(true);
    expect(s.configured).toBe(false);
  });

  it('save → read back by a fresh store → replace → remove, all in the Secret Service', async () => {
    const svc = service('roundtrip');
    const log = createMemoryLogger();
    const store = await createKeyStore({ service: svc, account: ACCOUNT, log });

    const saved = await store.save(KEY_A);
    expect(saved).toMatchObject({ ok: true, value: { configured: true, storage: 'keychain', kind: 'production', masked: 'PROD••••••••aaaa' } });
    expect(secretServiceItems(svc)).toHaveLength(1); // really there, not in keyutils

    const reopened = await createKeyStore({ service: svc, account: ACCOUNT });
    expect(reopened.getKey()).toBe(KEY_A);
    expect(KeyStatusSchema.parse(reopened.status())).toEqual({
      configured: true,
      kind: 'production',
      masked: 'PROD••••••••aaaa',
      storage: 'keychain',
      origin: 'https://api.bizkithub.com',
      keychain: { available: true },
    });

    expect((await store.save(KEY_B)).ok).toBe(true);
    expect(secretServiceItems(svc)).toHaveLength(1); // replaced, not added
    const third = await createKeyStore({ service: svc, account: ACCOUNT });
    expect(third.getKey()).toBe(KEY_B);
    expect(third.status()).toMatchObject({ kind: 'developer', masked: 'DEV_••••••••bbbb' });

    expect((await store.remove()).ok).toBe(true);
    expect(secretServiceItems(svc)).toHaveLength(0);
    const fourth = await createKeyStore({ service: svc, account: ACCOUNT });
    expect(fourth.getKey()).toBeNull();
    expect(fourth.status().configured).toBe(false);
    // Removing again is fine.
    expect((await fourth.remove()).ok).toBe(true);

    expect(log.lines.join('\n')).not.toContain(KEY_A);
    expect(log.lines.join('\n')).not.toContain(KEY_B);
  });

  it('an invalid key is rejected and nothing is written', async () => {
    const svc = service('invalid');
    const store = await createKeyStore({ service: svc, account: ACCOUNT });
    for (const bad of ['PROD-too-short', 'XXXXkeychainTestKeyAaaaaaaaaaaaa', `${KEY_A} trailing`]) {
      expect(await store.save(bad)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
    expect(secretServiceItems(svc)).toHaveLength(0);
    expect(store.status().configured).toBe(false);
  });

  it('session-only never reaches the keychain, and removes an older stored key', async () => {
    const svc = service('session');
    const store = await createKeyStore({ service: svc, account: ACCOUNT });
    await store.save(KEY_A);
    expect(secretServiceItems(svc)).toHaveLength(1);
    const r = await store.save(KEY_B, { sessionOnly: true });
    expect(r).toMatchObject({ ok: true, value: { storage: 'session', keychain: { available: true } } });
    expect(store.getKey()).toBe(KEY_B);
    expect(secretServiceItems(svc)).toHaveLength(0);
    expect((await createKeyStore({ service: svc, account: ACCOUNT })).getKey()).toBeNull();
  });
});

describe('key store without a usable keychain', () => {
  it('an injected failing backend: unavailable, persistent save refused, session-only works', async () => {
    const broken = failingKeyring('Platform failure: DBus error: no Secret Service');
    const store = await createKeyStore({ service: service('broken'), account: ACCOUNT, backend: broken, platform: 'linux' });
    expect(store.status().keychain).toMatchObject({ available: false, problem: expect.stringMatching(/gnome-keyring/) });
    expect(await store.save(KEY_A)).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    expect(await store.save(KEY_A, { sessionOnly: true })).toMatchObject({ ok: true, value: { storage: 'session' } });
    expect(store.getKey()).toBe(KEY_A);
  });

  it('the real library with no D-Bus session: available:false, no keyutils fallback (child process)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-nobus-'));
    const script = join(dir, 'probe.mts');
    const keychainModule = join(REPO, 'electron/services/keychain.ts');
    writeFileSync(
      script,
      `import { createKeyStore } from ${JSON.stringify(keychainModule)};
const store = await createKeyStore({ service: ${JSON.stringify(service('nobus'))}, account: 'api-key', timeoutMs: 10000 });
const before = store.status();
const persistent = await store.save(${JSON.stringify(KEY_A)});
const session = await store.save(${JSON.stringify(KEY_A)}, { sessionOnly: true });
process.stdout.write(JSON.stringify({ before, persistent, session }));
`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, env, encoding: 'utf8', timeout: 30_000 });
    expect(child.status, child.stderr).toBe(0);
    const out = JSON.parse(child.stdout) as {
      before: { keychain: { available: boolean; problem?: string }; configured: boolean };
      persistent: { ok: boolean; error?: { kind: string; message: string } };
      session: { ok: boolean; value?: { storage: string } };
    };
    expect(out.before.keychain.available).toBe(false);
    expect(out.before.keychain.problem).toMatch(/gnome-keyring/);
    expect(out.before.keychain.problem).toMatch(/DBus|D-Bus|socket/i);
    expect(out.persistent).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    expect(out.session).toMatchObject({ ok: true, value: { storage: 'session' } });
    expect(child.stdout + child.stderr).not.toContain(KEY_A);
  });
});
