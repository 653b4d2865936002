/**
 * The data key: what the renderer's data layer encrypts personal data at rest with
 * (AES-256-GCM). Main makes it and keeps it out of the renderer's storage; the renderer
 * asks for it once per page load over the sender-checked IPC channel and holds it in
 * memory only. Records name the key that sealed them (`keyId`), so a key can be replaced
 * (wiping shreds the old key first) and a record sealed by a key that is gone is known
 * for what it is: unreadable, never mistaken for plain data.
 */
import { z } from 'zod';

/** 32 bytes, base64 (44 characters with padding). */
const KEY_BYTES_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

export const DataKeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

export const DataKeySchema = z
  .object({
    keyId: DataKeyIdSchema,
    key: z.string().regex(KEY_BYTES_BASE64),
    /**
     * Where main keeps the key. `keychain` / `safe-storage`: across restarts, so what is
     * encrypted stays readable. `memory-only`: no OS store could keep it safely (no keychain,
     * or Linux's `basic_text` backend): the key lives for this run, and what it sealed cannot
     * be read after a restart; personal data is then, in effect, kept in memory only.
     */
    kept: z.enum(['keychain', 'safe-storage', 'memory-only']),
    /**
     * IT policy `requireEncryptedStorage`: nothing personal is kept in clear, not even what
     * a `memory-only` key would lose at a restart (an unsent new complaint's body and
     * draft). With such a key those are sealed like the rest, so they live as long as the
     * process and are lost if the app closes before they are sent.
     */
    encryptionRequired: z.literal(true).optional(),
  })
  .strict();
export type DataKey = z.infer<typeof DataKeySchema>;

/**
 * Where customers' data is protected, for Settings to say (it reads this without the key).
 * `reason` says why a key is kept in memory only: `no-keychain` (no OS keychain could be
 * used), `keychain-locked` (one exists but did not answer or is locked; the key kept there
 * is left alone), `stored-key-unreadable` (the keychain holds something that is not a data
 * key; it is left alone).
 */
export const DataProtectionSchema = z
  .object({
    kept: DataKeySchema.shape.kept,
    reason: z.enum(['no-keychain', 'keychain-locked', 'stored-key-unreadable']).optional(),
    /** IT policy requires encrypted storage (see `DataKey.encryptionRequired`). */
    encryptionRequired: z.literal(true).optional(),
  })
  .strict();
export type DataProtection = z.infer<typeof DataProtectionSchema>;
