/**
 * The OS keychain slot in memory (a `KeyringBackend` for `createKeyStore`): the one
 * stand-in for `@napi-rs/keyring` in unit, integration and fuzz tests and the bench.
 */
import type { KeyringBackend } from '../../electron/services/keychain';

export interface MemoryKeyring extends KeyringBackend {
  /** What the slot holds, and how often each call was made (a test may look, or set `value`). */
  readonly state: { value: string | null; gets: number; sets: number; deletes: number };
  /** What the slot holds now. */
  value(): string | null;
}

export function memoryKeyring(initial: string | null = null): MemoryKeyring {
  const state = { value: initial, gets: 0, sets: 0, deletes: 0 };
  return {
    state,
    value: () => state.value,
    get: async () => {
      state.gets++;
      return state.value;
    },
    set: async (v) => {
      state.sets++;
      state.value = v;
    },
    delete: async () => {
      state.deletes++;
      const had = state.value !== null;
      state.value = null;
      return had;
    },
  };
}

/** A keychain that cannot be used at all (every call rejects with `message`), as with no D-Bus. */
export function failingKeyring(message = 'Platform failure: DBus error: no bus'): KeyringBackend {
  const fail = (): Promise<never> => Promise.reject(new Error(message));
  return { get: fail, set: fail, delete: fail };
}
