/**
 * The data key store against a REAL Secret Service (GNOME Keyring over D-Bus); run it as
 * test/integration/keychain.test.ts says. Skips only when there is no D-Bus session and
 * this is not CI. Every run uses its own service name, so a real user's entry is never
 * touched. The "no D-Bus" case runs in a child process with a bus address that does not
 * exist: memory-only, and nothing written anywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeychainDataKeyStore, dataKeyAccount } from '../../electron/services/data-key-store';
import { createNapiKeyringBackend } from '../../electron/services/keychain';
import { createMemoryLogger } from '../../electron/services/logger';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICE = `bizkithub-desk-data-key-test-${randomUUID().slice(0, 8)}`;
const ACCOUNT = dataKeyAccount('api-key');

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const isCi = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI).toLowerCase());

/** Items the Secret Service holds for this service and account, asked over D-Bus directly. */
function items(service: string): string[] {
  const out = execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.SearchItems',
      `dict:string:string:service,${service},username,${ACCOUNT}`,
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  return [...out.matchAll(/object path "([^"]+)"/g)].map((m) => m[1] as string);
}

describe.skipIf(!hasBus && !isCi)('data key store ↔ real Secret Service', () => {
  afterAll(async () => {
    await createNapiKeyringBackend(SERVICE, ACCOUNT)
      .delete()
      .catch(() => undefined);
  });

  it('made on first use, read back after a restart, replaced (old deleted, new stored), never logged', async () => {
    const log = createMemoryLogger();
    const store = createKeychainDataKeyStore({ service: SERVICE, account: ACCOUNT, log });
    const first = await store.current();
    expect(first.kept).toBe('keychain');
    expect(await store.protection()).toEqual({ kept: 'keychain' });
    expect(items(SERVICE)).toHaveLength(1);

    const restarted = createKeychainDataKeyStore({ service: SERVICE, account: ACCOUNT });
    expect(await restarted.current()).toEqual(first);

    const replaced = await store.replace();
    expect(replaced).toMatchObject({ ok: true, value: { kept: 'keychain' } });
    if (!replaced.ok) return;
    expect(replaced.value.keyId).not.toBe(first.keyId);
    expect(items(SERVICE)).toHaveLength(1);
    expect(await createKeychainDataKeyStore({ service: SERVICE, account: ACCOUNT }).current()).toEqual(replaced.value);
    expect(log.lines.join('\n')).not.toContain(first.key);
    expect(log.lines.join('\n')).not.toContain(replaced.value.key);
  });
});

describe('data key store without a usable keychain', () => {
  it('the real library with no D-Bus session: memory-only, no-keychain, nothing stored, replace makes a new memory key (child process)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-data-key-nobus-'));
    const script = join(dir, 'probe.mts');
    writeFileSync(
      script,
      `import { createKeychainDataKeyStore } from ${JSON.stringify(join(REPO, 'electron/services/data-key-store.ts'))};
const store = createKeychainDataKeyStore({ service: ${JSON.stringify(`${SERVICE}-nobus`)}, account: 'api-key.data-key', timeoutMs: 10000 });
const key = await store.current();
const protection = await store.protection();
const replaced = await store.replace();
process.stdout.write(JSON.stringify({ kept: key.kept, protection, replaced: replaced.ok ? 'ok' : replaced.error.kind, leaked: JSON.stringify(replaced).includes(key.key) }));
`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, env, encoding: 'utf8', timeout: 30_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      kept: 'memory-only',
      protection: { kept: 'memory-only', reason: 'no-keychain' },
      replaced: 'ok', // no keychain to clean: the memory key is dropped and a new one made
      leaked: false,
    });
  });
});
