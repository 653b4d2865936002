import type { DataKey } from '../../common/data-key';

/** A data key kept across restarts (as with a keychain): what a test database is sealed with. */
export const TEST_DATA_KEY: DataKey = { keyId: 'test-key-1', key: btoa(String.fromCharCode(...new Uint8Array(32).fill(7))), kept: 'keychain' };

/** Another key (a replaced or shredded one, or another run's memory-only key). */
export const OTHER_DATA_KEY: DataKey = { keyId: 'test-key-2', key: btoa(String.fromCharCode(...new Uint8Array(32).fill(9))), kept: 'keychain' };

/** A key that lives for one run only (no keychain). */
export const MEMORY_ONLY_KEY: DataKey = { keyId: 'run-key-1', key: btoa(String.fromCharCode(...new Uint8Array(32).fill(3))), kept: 'memory-only' };

/** A key for one run only where IT policy requires encrypted storage: nothing personal in clear. */
export const MEMORY_ONLY_POLICY_KEY: DataKey = { ...MEMORY_ONLY_KEY, encryptionRequired: true };
