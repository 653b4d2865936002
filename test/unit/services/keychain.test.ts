import { describe, expect, it } from 'vitest';
import { KeyStatusSchema } from '../../../common/ipc-contract';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKeyStore,
  describeKeychainProblem,
  fileLegacyBinding,
  type KeyringBackend,
} from '../../../electron/services/keychain';
import { createMemoryLogger } from '../../../electron/services/logger';
import { failingKeyring, memoryKeyring } from '../../support/memory-keyring';

const PROD = 'PRODabcdefghijklmnopqrstuvwxyz12';
const ROOT = 'ROOTabcdefghijklmnopqrstuvwxyz12';

function memoryBackend(initial: string | null = null) {
  const backend = memoryKeyring(initial);
  return { backend, state: backend.state };
}

const failingBackend = () => failingKeyring('Platform failure: DBus error: Failed to connect to socket /nonexistent');

function bound(key: string, origin = 'https://api.bizkithub.com'): string {
  return JSON.stringify({ origin, key });
}

const opts = { service: 'test-service', account: 'api-key', platform: 'linux' as const };

describe('key store with a working backend', () => {
  it('starts empty, saves, masks, replaces and removes', async () => {
    const { backend, state } = memoryBackend();
    const log = createMemoryLogger();
    const store = await createKeyStore({ ...opts, backend, log });
    expect(store.status()).toEqual({ configured: false, kind: null, masked: null, storage: null, origin: null, keychain: { available: true } });
    expect(store.getKey()).toBeNull();

    const saved = await store.save(`  ${PROD} `);
    expect(saved.ok).toBe(true);
    expect(state.value).toBe(bound(PROD)); // trimmed, bound to the default origin
    expect(store.getKey()).toBe(PROD);
    const status = store.status();
    expect(KeyStatusSchema.parse(status)).toEqual({
      configured: true,
      kind: 'production',
      masked: 'PROD••••••••yz12',
      storage: 'keychain',
      origin: 'https://api.bizkithub.com',
      keychain: { available: true },
    });
    expect(JSON.stringify(status)).not.toContain(PROD);

    expect((await store.save(ROOT)).ok).toBe(true);
    expect(state.value).toBe(bound(ROOT));
    expect(store.status().kind).toBe('system');

    expect((await store.remove()).ok).toBe(true);
    expect(state.value).toBeNull();
    expect(store.status().configured).toBe(false);
    expect(log.lines.join('\n')).not.toContain(PROD);
    expect(log.lines.join('\n')).not.toContain(ROOT);
  });

  it('reads the stored key once at start and answers from memory afterwards', async () => {
    const { backend, state } = memoryBackend(bound(PROD));
    const store = await createKeyStore({ ...opts, backend });
    expect(store.getKey()).toBe(PROD);
    store.getKey();
    store.status();
    expect(state.gets).toBe(1);
    expect(state.sets).toBe(0);
    expect(store.status().storage).toBe('keychain');
  });

  it('ignores a stored value that is not a valid key', async () => {
    const { backend } = memoryBackend('garbage');
    const store = await createKeyStore({ ...opts, backend });
    expect(store.getKey()).toBeNull();
    expect(store.status().configured).toBe(false);
  });

  it('rejects invalid keys without storing anything or echoing them', async () => {
    const { backend, state } = memoryBackend();
    const store = await createKeyStore({ ...opts, backend });
    for (const bad of ['', 'PROD123', `${PROD}x`, 'TESTabcdefghijklmnopqrstuvwxyz12', 'PRODabcdefghijklmnopqrstuvwxy-12']) {
      const r = await store.save(bad);
      expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      if (!r.ok && bad.length > 0) expect(r.error.message).not.toContain(bad);
    }
    expect(state.sets).toBe(0);
    expect(store.status().configured).toBe(false);
  });

  it('concurrent save and remove run in call order (no key left behind in the keychain)', async () => {
    const { backend, state } = memoryBackend();
    const slow: KeyringBackend = {
      ...backend,
      set: (v) => new Promise((r) => setTimeout(() => r(backend.set(v)), 30)),
    };
    const store = await createKeyStore({ ...opts, backend: slow });
    const [saved, removed] = await Promise.all([store.save(PROD), store.remove()]);
    expect(saved.ok && removed.ok).toBe(true);
    expect(state.value).toBeNull();
    expect(store.getKey()).toBeNull();
  });

  it('session-only keeps the key in memory and deletes an older keychain copy', async () => {
    const { backend, state } = memoryBackend(bound(PROD));
    const store = await createKeyStore({ ...opts, backend });
    const r = await store.save(ROOT, { sessionOnly: true });
    expect(r.ok && r.value.storage).toBe('session');
    expect(store.getKey()).toBe(ROOT);
    expect(state.value).toBeNull(); // the old key will not come back at the next start
    expect(state.sets).toBe(0);
  });
});

describe('the key is bound to its API origin', () => {
  const CUSTOM = 'https://staging.example.com';

  it('gives the key only to the origin it was saved for, in the keychain and for the session', async () => {
    const { backend, state } = memoryBackend();
    const store = await createKeyStore({ ...opts, backend });
    expect((await store.save(PROD, { origin: CUSTOM })).ok).toBe(true);
    expect(state.value).toBe(bound(PROD, CUSTOM));
    expect(store.keyFor(CUSTOM)).toBe(PROD);
    expect(store.keyFor('https://api.bizkithub.com')).toBeNull();
    expect(store.keyFor('https://staging.example.com:8443')).toBeNull();
    expect(store.status().origin).toBe(CUSTOM);

    expect((await store.save(ROOT, { origin: 'http://127.0.0.1:9000', sessionOnly: true })).ok).toBe(true);
    expect(store.keyFor('http://127.0.0.1:9000')).toBe(ROOT);
    expect(store.keyFor('http://127.0.0.1:9001')).toBeNull();
    expect(store.keyFor(CUSTOM)).toBeNull();
  });

  it('reads the bound origin back at the next start', async () => {
    const { backend } = memoryBackend(bound(PROD, CUSTOM));
    const store = await createKeyStore({ ...opts, backend });
    expect(store.keyFor(CUSTOM)).toBe(PROD);
    expect(store.keyFor('https://api.bizkithub.com')).toBeNull();
  });

  it('a bare key from an earlier version belongs to the origin configured at the upgrade, and is rewritten bound', async () => {
    const { backend, state } = memoryBackend(PROD);
    const store = await createKeyStore({ ...opts, backend, legacyOrigin: CUSTOM });
    expect(store.keyFor(CUSTOM)).toBe(PROD);
    expect(store.keyFor('https://api.bizkithub.com')).toBeNull();
    expect(state.value).toBe(bound(PROD, CUSTOM));
  });

  it('ignores a bound value whose key is not valid', async () => {
    const { backend } = memoryBackend(JSON.stringify({ origin: CUSTOM, key: 'nope' }));
    const store = await createKeyStore({ ...opts, backend });
    expect(store.status().configured).toBe(false);
    expect(store.keyFor(CUSTOM)).toBeNull();
  });
});

/** A keychain that reads (a bare key from an earlier version) but refuses every write. */
function readOnlyKeyring(initial: string): KeyringBackend & { value(): string | null } {
  const inner = memoryKeyring(initial);
  return { ...inner, set: () => Promise.reject(new Error('Platform failure: the collection is read-only')) };
}

function memoryRecord(initial: string | null = null, o: { failWrite?: boolean; failRead?: boolean } = {}) {
  const record = { origin: initial, writes: 0 };
  return {
    record,
    binding: {
      read: async () => {
        if (o.failRead) throw new Error('unreadable');
        return record.origin;
      },
      write: async (origin: string) => {
        if (o.failWrite) throw new Error('EACCES');
        record.writes++;
        record.origin = origin;
      },
    },
  };
}

describe('a bare key from an earlier version whose rewrite into the bound form fails', () => {
  const CUSTOM = 'https://staging.example.com:8443';
  const OTHER = 'https://evil.example.net';

  it('keeps the origin of the first start and is never re-bound to another address at a later start', async () => {
    const backend = readOnlyKeyring(PROD);
    const { record, binding } = memoryRecord();
    const first = await createKeyStore({ ...opts, backend, legacyOrigin: CUSTOM, legacyBinding: binding });
    expect(first.keyFor(CUSTOM)).toBe(PROD);
    expect(backend.value()).toBe(PROD); // still bare: the write failed
    expect(record.origin).toBe(CUSTOM);

    // The API address changed meanwhile (Settings, or an edited settings file).
    const later = await createKeyStore({ ...opts, backend, legacyOrigin: OTHER, legacyBinding: binding });
    expect(later.keyFor(OTHER)).toBeNull();
    expect(later.keyFor(CUSTOM)).toBe(PROD);
    expect(later.status().origin).toBe(CUSTOM);
    expect(record.origin).toBe(CUSTOM);
  });

  it('once the keychain writes again, the key is bound to the recorded origin, not the configured one', async () => {
    const { backend, state } = memoryBackend(PROD);
    const { binding } = memoryRecord(CUSTOM);
    const store = await createKeyStore({ ...opts, backend, legacyOrigin: OTHER, legacyBinding: binding });
    expect(store.keyFor(OTHER)).toBeNull();
    expect(store.keyFor(CUSTOM)).toBe(PROD);
    expect(state.value).toBe(bound(PROD, CUSTOM));
  });

  it.each([
    ['no record at all', undefined],
    ['a record that cannot be written', memoryRecord(null, { failWrite: true }).binding],
    ['a record that cannot be read', memoryRecord(CUSTOM, { failRead: true }).binding],
  ])('with %s the key is not used (it cannot be kept to one origin)', async (_name, binding) => {
    const log = createMemoryLogger();
    const store = await createKeyStore({
      ...opts,
      backend: readOnlyKeyring(PROD),
      legacyOrigin: CUSTOM,
      log,
      ...(binding ? { legacyBinding: binding } : {}),
    });
    expect(store.keyFor(CUSTOM)).toBeNull();
    expect(store.keyFor(OTHER)).toBeNull();
    expect(store.getKey()).toBeNull();
    expect(store.status().configured).toBe(false);
    expect(log.lines.join('\n')).toMatch(/not using/);
  });

  it('the file record (beside the settings) survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legacy-binding-'));
    try {
      const file = join(dir, 'api-key-origin.json');
      const backend = readOnlyKeyring(PROD);
      await createKeyStore({ ...opts, backend, legacyOrigin: CUSTOM, legacyBinding: fileLegacyBinding(file) });
      const later = await createKeyStore({ ...opts, backend, legacyOrigin: OTHER, legacyBinding: fileLegacyBinding(file) });
      expect(later.keyFor(OTHER)).toBeNull();
      expect(later.keyFor(CUSTOM)).toBe(PROD);
      expect(readFileSync(file, 'utf8')).not.toContain(PROD);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('key store without a keychain (failing backend)', () => {
  it('reports unavailable with an actionable problem', async () => {
    const store = await createKeyStore({ ...opts, backend: failingBackend() });
    const s = store.status();
    expect(s.keychain.available).toBe(false);
    expect(s.keychain.problem).toMatch(/gnome-keyring/);
    expect(s.keychain.problem).toMatch(/KWallet/);
    expect(s.configured).toBe(false);
  });

  it('refuses a persistent save with no-keychain; session-only works; remove works', async () => {
    const log = createMemoryLogger();
    const store = await createKeyStore({ ...opts, backend: failingBackend(), log });
    const r = await store.save(PROD);
    expect(r).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    expect(store.getKey()).toBeNull();
    const s = await store.save(PROD, { sessionOnly: true });
    expect(s).toMatchObject({ ok: true, value: { configured: true, storage: 'session', keychain: { available: false } } });
    expect(store.getKey()).toBe(PROD);
    expect((await store.remove()).ok).toBe(true);
    expect(store.getKey()).toBeNull();
    expect(log.lines.join('\n')).not.toContain(PROD);
  });

  it('a hung keychain call times out instead of hanging the app', async () => {
    const hang: KeyringBackend = { get: () => new Promise(() => undefined), set: () => new Promise(() => undefined), delete: () => new Promise(() => undefined) };
    const store = await createKeyStore({ ...opts, backend: hang, timeoutMs: 50 });
    expect(store.status().keychain).toMatchObject({ available: false, problem: expect.stringMatching(/did not answer/) });
    expect(await store.save(PROD)).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
  });

  it('recovers when the keychain starts working (e.g. unlocked) before a save', async () => {
    let broken = true;
    const { backend, state } = memoryBackend();
    const flaky: KeyringBackend = {
      get: () => (broken ? Promise.reject(new Error('Secret Service: unlock prompt was dismissed')) : backend.get()),
      set: (v) => (broken ? Promise.reject(new Error('locked')) : backend.set(v)),
      delete: () => backend.delete(),
    };
    const store = await createKeyStore({ ...opts, backend: flaky });
    expect(store.status().keychain.problem).toMatch(/locked/);
    broken = false;
    expect((await store.save(PROD)).ok).toBe(true);
    expect(state.value).toBe(bound(PROD));
    expect(store.status().keychain).toEqual({ available: true });
  });

  it('a failed delete of a stored key is reported (the key is no longer used)', async () => {
    const { backend } = memoryBackend(PROD);
    const store = await createKeyStore({ ...opts, backend: { ...backend, delete: () => Promise.reject(new Error('locked')) } });
    const r = await store.remove();
    expect(r).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    expect(store.getKey()).toBeNull();
  });
});

describe('describeKeychainProblem', () => {
  it('words the advice per platform and redacts', () => {
    expect(describeKeychainProblem(new Error('x'), 'darwin')).toMatch(/Keychain Access/);
    expect(describeKeychainProblem(new Error('x'), 'win32')).toMatch(/Credential Manager/);
    expect(describeKeychainProblem(new Error('collection is locked'), 'linux')).toMatch(/Unlock/);
    expect(describeKeychainProblem(new Error(`bad ${PROD}`), 'linux')).not.toContain(PROD);
  });
});
