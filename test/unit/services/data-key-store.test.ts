import { describe, expect, it } from 'vitest';
import { DataKeySchema } from '../../../common/data-key';
import { createKeychainDataKeyStore, dataKeyAccount } from '../../../electron/services/data-key-store';
import type { KeyringBackend } from '../../../electron/services/keychain';
import { stringifyLogValue, type Logger } from '../../../electron/services/logger';
import { failingKeyring, memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';

/** Records raw log calls, unredacted: a leak cannot hide behind the logger's own redaction. */
function recordingLogger(): Logger & { raw: string[] } {
  const raw: string[] = [];
  const rec = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    raw.push(`${level} ${msg} ${data ? stringifyLogValue(data) : ''}`);
  };
  return { raw, info: rec('info'), warn: rec('warn'), error: rec('error'), setSecrets: () => undefined };
}

/** A slot whose calls can be made to fail one by one, with every call recorded in order. */
function switchableKeyring(slot: MemoryKeyring) {
  const calls: string[] = [];
  const failing = { get: null as string | null, set: null as string | null, delete: null as string | null };
  const guard = <T>(op: keyof typeof failing, fn: () => Promise<T>): Promise<T> => {
    calls.push(op);
    const message = failing[op];
    return message === null ? fn() : Promise.reject(new Error(message));
  };
  const backend: KeyringBackend = {
    get: () => guard('get', () => slot.get()),
    set: (v) => guard('set', () => slot.set(v)),
    delete: () => guard('delete', () => slot.delete()),
  };
  return { backend, calls, failing };
}

const LOCKED = 'Platform failure: the collection is locked';
const opts = { service: 'test-service', account: dataKeyAccount('api-key'), platform: 'linux' as const };

describe('keychain data key store', () => {
  it('the account sits beside the API key', () => {
    expect(dataKeyAccount('api-key')).toBe('api-key.data-key');
  });

  it('first use: a random 256-bit key with an id, kept in the keychain; the same key on every later call', async () => {
    const slot = memoryKeyring();
    const log = recordingLogger();
    const store = createKeychainDataKeyStore({ ...opts, backend: slot, log });
    const [a, b] = await Promise.all([store.current(), store.current()]);
    expect(DataKeySchema.parse(a)).toEqual(a);
    expect(a.kept).toBe('keychain');
    expect(Buffer.from(a.key, 'base64')).toHaveLength(32);
    expect(b).toEqual(a);
    expect(await store.current()).toEqual(a);
    expect(slot.state).toMatchObject({ gets: 1, sets: 1, deletes: 0 });
    expect(JSON.parse(slot.value() ?? '')).toEqual({ keyId: a.keyId, key: a.key });
    expect(await store.protection()).toEqual({ kept: 'keychain' });
    expect(log.raw.join('\n')).not.toContain(a.key);
    expect(log.raw.join('\n')).toContain(a.keyId);
  });

  it('two keys made by two stores differ', async () => {
    const a = await createKeychainDataKeyStore({ ...opts, backend: memoryKeyring() }).current();
    const b = await createKeychainDataKeyStore({ ...opts, backend: memoryKeyring() }).current();
    expect(a.key).not.toBe(b.key);
    expect(a.keyId).not.toBe(b.keyId);
  });

  it('a restart (a second store over the same keychain) reads the same key and writes nothing', async () => {
    const slot = memoryKeyring();
    const first = await createKeychainDataKeyStore({ ...opts, backend: slot }).current();
    const again = await createKeychainDataKeyStore({ ...opts, backend: slot }).current();
    expect(again).toEqual(first);
    expect(slot.state.sets).toBe(1);
  });

  it('a read that fails is not a missing key: memory-only for this run, the stored key left alone and readable later', async () => {
    const slot = memoryKeyring();
    const stored = await createKeychainDataKeyStore({ ...opts, backend: slot }).current();
    const before = slot.value();

    const locked = switchableKeyring(slot);
    locked.failing.get = LOCKED;
    const log = recordingLogger();
    const store = createKeychainDataKeyStore({ ...opts, backend: locked.backend, log });
    const key = await store.current();
    expect(key.kept).toBe('memory-only');
    expect(key.key).not.toBe(stored.key);
    expect(key.keyId).not.toBe(stored.keyId);
    expect(await store.current()).toEqual(key); // stable for the run
    expect(await store.protection()).toEqual({ kept: 'memory-only', reason: 'keychain-locked' });
    expect(locked.calls).toEqual(['get']); // never written, never deleted
    expect(slot.value()).toBe(before);
    expect(log.raw.join('\n')).toMatch(/could not be read; the key kept there is left alone/);
    expect(log.raw.join('\n')).not.toContain(key.key);
    expect(log.raw.join('\n')).not.toContain(stored.key);

    // The keychain is back at the next start: the data sealed before is readable again.
    expect(await createKeychainDataKeyStore({ ...opts, backend: slot }).current()).toEqual(stored);
  });

  it('a read that hangs: memory-only after the timeout, nothing written', async () => {
    const slot = memoryKeyring();
    const hung: KeyringBackend = { ...slot, get: () => new Promise<never>(() => undefined) };
    const store = createKeychainDataKeyStore({ ...opts, backend: hung, timeoutMs: 20 });
    expect(await store.current()).toMatchObject({ kept: 'memory-only' });
    expect(await store.protection()).toEqual({ kept: 'memory-only', reason: 'keychain-locked' });
    expect(slot.state.sets).toBe(0);
  });

  it('no keychain at all: memory-only, a key for this run only, nothing written anywhere', async () => {
    const slot = memoryKeyring();
    const none = switchableKeyring(slot);
    none.failing.get = 'Platform failure: DBus error: no bus';
    none.failing.set = none.failing.get;
    none.failing.delete = none.failing.get;
    const log = recordingLogger();
    const store = createKeychainDataKeyStore({ ...opts, backend: none.backend, log });
    const key = await store.current();
    expect(DataKeySchema.parse(key)).toMatchObject({ kept: 'memory-only' });
    expect(await store.protection()).toEqual({ kept: 'memory-only', reason: 'no-keychain' });
    expect(none.calls).toEqual(['get']);
    expect(slot.value()).toBeNull();
    expect(log.raw.join('\n')).not.toContain(key.key);
    // The same with the stand-in for a machine without D-Bus.
    expect(await createKeychainDataKeyStore({ ...opts, backend: failingKeyring() }).protection()).toEqual({
      kept: 'memory-only',
      reason: 'no-keychain',
    });
  });

  it('replace with no keychain at all: the memory key is dropped and a new one made (the agent can still wipe)', async () => {
    const none = switchableKeyring(memoryKeyring());
    none.failing.get = 'Platform failure: DBus error: no bus';
    none.failing.set = none.failing.get;
    none.failing.delete = none.failing.get;
    const store = createKeychainDataKeyStore({ ...opts, backend: none.backend });
    const old = await store.current();
    const replaced = await store.replace();
    expect(replaced).toMatchObject({ ok: true, value: { kept: 'memory-only' } });
    if (!replaced.ok) return;
    expect(replaced.value.keyId).not.toBe(old.keyId);
    expect(replaced.value.key).not.toBe(old.key);
    expect(await store.current()).toEqual(replaced.value);
  });

  it('a keychain that cannot store the new key: memory-only, reported as such', async () => {
    const slot = memoryKeyring();
    const k = switchableKeyring(slot);
    k.failing.set = LOCKED;
    const store = createKeychainDataKeyStore({ ...opts, backend: k.backend });
    expect(await store.current()).toMatchObject({ kept: 'memory-only' });
    expect(await store.protection()).toEqual({ kept: 'memory-only', reason: 'keychain-locked' });
    expect(slot.value()).toBeNull();
  });

  it('a stored value that is not a data key is left alone: memory-only', async () => {
    for (const junk of ['not json', JSON.stringify({ keyId: 'k1', key: 'short' }), JSON.stringify({ key: 'x' })]) {
      const slot = memoryKeyring(junk);
      const store = createKeychainDataKeyStore({ ...opts, backend: slot });
      expect(await store.current()).toMatchObject({ kept: 'memory-only' });
      expect(await store.protection()).toEqual({ kept: 'memory-only', reason: 'stored-key-unreadable' });
      expect(slot.value()).toBe(junk);
      expect(slot.state).toMatchObject({ sets: 0, deletes: 0 });
    }
  });

  it('replace: the old key is deleted from the keychain first, then a new key with a new id is stored', async () => {
    const slot = memoryKeyring();
    const k = switchableKeyring(slot);
    const log = recordingLogger();
    const store = createKeychainDataKeyStore({ ...opts, backend: k.backend, log });
    const old = await store.current();
    k.calls.length = 0;
    const replaced = await store.replace();
    expect(replaced.ok).toBe(true);
    if (!replaced.ok) return;
    expect(k.calls).toEqual(['delete', 'set']);
    expect(replaced.value.kept).toBe('keychain');
    expect(replaced.value.keyId).not.toBe(old.keyId);
    expect(replaced.value.key).not.toBe(old.key);
    expect(await store.current()).toEqual(replaced.value);
    expect(JSON.parse(slot.value() ?? '')).toEqual({ keyId: replaced.value.keyId, key: replaced.value.key });
    // A restart reads the new key.
    expect(await createKeychainDataKeyStore({ ...opts, backend: slot }).current()).toEqual(replaced.value);
    const text = log.raw.join('\n');
    expect(text).toContain(`"keyId":"${old.keyId}"`);
    expect(text).not.toContain(old.key);
    expect(text).not.toContain(replaced.value.key);
  });

  it('replace when deleting fails: an error, nothing changed, no claim that the old key is gone', async () => {
    const slot = memoryKeyring();
    const k = switchableKeyring(slot);
    const log = recordingLogger();
    const store = createKeychainDataKeyStore({ ...opts, backend: k.backend, log });
    const old = await store.current();
    const before = slot.value();
    k.failing.delete = LOCKED;
    k.calls.length = 0;
    const replaced = await store.replace();
    expect(replaced).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    if (replaced.ok) return;
    expect(replaced.error.message).toMatch(/not replaced.*not shredded/);
    expect(replaced.error.message).not.toContain(old.key);
    expect(k.calls).toEqual(['delete']); // no new key written over it
    expect(slot.value()).toBe(before);
    expect(await store.current()).toEqual(old);
    expect(log.raw.join('\n')).not.toContain(old.key);
  });

  it('replace in a memory-only run whose keychain is back: the stored key is deleted, the new one kept there', async () => {
    const slot = memoryKeyring();
    const stored = await createKeychainDataKeyStore({ ...opts, backend: slot }).current();
    const k = switchableKeyring(slot);
    k.failing.get = LOCKED;
    const store = createKeychainDataKeyStore({ ...opts, backend: k.backend });
    expect(await store.current()).toMatchObject({ kept: 'memory-only' });
    k.failing.get = null;
    const replaced = await store.replace();
    expect(replaced).toMatchObject({ ok: true, value: { kept: 'keychain' } });
    expect(slot.value()).not.toContain(stored.key);
    expect(await store.protection()).toEqual({ kept: 'keychain' });
  });

  it('replace in a memory-only run whose keychain is locked (a stored key exists): an error, the key in use kept', async () => {
    const slot = memoryKeyring();
    const k = switchableKeyring(slot);
    k.failing.get = LOCKED;
    k.failing.delete = LOCKED;
    const store = createKeychainDataKeyStore({ ...opts, backend: k.backend });
    const key = await store.current();
    expect(key.kept).toBe('memory-only');
    const replaced = await store.replace();
    expect(replaced).toMatchObject({ ok: false, error: { kind: 'no-keychain' } });
    expect(replaced.ok ? '' : replaced.error.message).toMatch(/kept in the OS credential store by an earlier run could not be deleted/);
    expect(await store.current()).toEqual(key);
  });
});
