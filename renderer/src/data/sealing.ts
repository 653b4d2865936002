/**
 * Sealing personal data at rest: AES-256-GCM with the data key (common/data-key.ts).
 *
 * Synchronous on purpose (@noble/ciphers, @noble/hashes): a value is sealed and opened
 * inside the IndexedDB transaction that writes or reads it, and an IndexedDB transaction
 * ends at the first await that is not an IndexedDB request (WebCrypto's promises are not).
 *
 * - Every seal draws a fresh 12-byte IV (crypto.getRandomValues).
 * - The associated data is the database name, the table and the record's primary key:
 *   a sealed value copied onto another record, table or database does not open.
 * - A sealed value names the key that sealed it (`kid`): one sealed by another key (a
 *   memory-only key of an earlier run, a key shredded by a wipe) is known to be
 *   unreadable without trying it, and never mistaken for plain data.
 * - Search tokens: HMAC-SHA-256 of a folded word prefix, keyed by a key derived from the
 *   data key (HKDF), so the search index holds no readable word.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DataKey } from '../../../common/data-key';

/** The stored form of sealed fields: version, key id, IV, ciphertext with its tag. */
export interface SealedValue {
  v: 1;
  kid: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** What `open` answers for a value it cannot open (another key, or altered / moved). */
export const UNREADABLE: unique symbol = Symbol('unreadable');

export interface Sealer {
  readonly keyId: string;
  readonly kept: DataKey['kept'];
  /** IT policy: nothing personal in clear, even with a memory-only key (common/data-key.ts). */
  readonly encryptionRequired: boolean;
  seal(table: string, primaryKey: unknown, value: unknown): SealedValue;
  open(table: string, primaryKey: unknown, sealed: SealedValue): unknown;
  /** The search index's token for one folded word prefix. */
  searchToken(prefix: string): string;
}

const IV_BYTES = 12;
/** Search tokens: 60 bits (10 base64url characters); a collision only widens a search. */
const TOKEN_CHARS = 10;
const TOKEN_MEMO_LIMIT = 50_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SealedValue>;
  return candidate.v === 1 && typeof candidate.kid === 'string' && candidate.iv instanceof Uint8Array && candidate.ct instanceof Uint8Array;
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function associatedData(databaseName: string, table: string, primaryKey: unknown): Uint8Array {
  return encoder.encode(`${databaseName}\u0000${table}\u0000${JSON.stringify(primaryKey)}`);
}

/** A sealer for one database (its name is part of every seal's associated data). */
export function createSealer(databaseName: string, dataKey: DataKey): Sealer {
  const key = base64ToBytes(dataKey.key);
  if (key.length !== 32) throw new Error('The data key must be 32 bytes.');
  const searchKey = hkdf(sha256, key, encoder.encode(databaseName), encoder.encode('bizkithub-desk search words v1'), 32);
  const tokens = new Map<string, string>();

  return {
    keyId: dataKey.keyId,
    kept: dataKey.kept,
    encryptionRequired: dataKey.encryptionRequired === true,
    seal(table, primaryKey, value) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const plain = encoder.encode(JSON.stringify(value));
      const ct = gcm(key, iv, associatedData(databaseName, table, primaryKey)).encrypt(plain);
      return { v: 1, kid: dataKey.keyId, iv, ct };
    },
    open(table, primaryKey, sealed) {
      if (sealed.kid !== dataKey.keyId) return UNREADABLE;
      try {
        const plain = gcm(key, sealed.iv, associatedData(databaseName, table, primaryKey)).decrypt(sealed.ct);
        return JSON.parse(decoder.decode(plain)) as unknown;
      } catch {
        // Altered, moved onto another record, or sealed by another key under the same id.
        return UNREADABLE;
      }
    },
    searchToken(prefix) {
      const known = tokens.get(prefix);
      if (known !== undefined) return known;
      const token = base64Url(hmac(sha256, searchKey, encoder.encode(prefix))).slice(0, TOKEN_CHARS);
      if (tokens.size >= TOKEN_MEMO_LIMIT) tokens.clear();
      tokens.set(prefix, token);
      return token;
    },
  };
}
