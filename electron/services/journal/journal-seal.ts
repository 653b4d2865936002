/**
 * A create's body in the journal, sealed with the data key (AES-256-GCM, a fresh 96-bit
 * IV per record). The additional data binds it to its destination and seq, so a sealed
 * body cannot be moved to another entry. Statuses, IDs and the order are not personal and
 * stay readable without the key: a key kept in memory only (no keychain) is gone after a
 * restart, and the journal must still restore the status changes then.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CreateComplaintRequest } from '../../../common/api-schemas';
import { CreateComplaintRequestSchema } from '../../../common/api-schemas';
import type { DataKey } from '../../../common/data-key';
import type { Destination } from '../../../common/destination';
import type { Sealed } from './journal-state';

const TAG_BYTES = 16;

function additionalData(destination: Destination, seq: number): Buffer {
  return Buffer.from(`bizkithub-journal ${destination} ${seq}`, 'utf8');
}

export function sealCreate(key: DataKey, destination: Destination, seq: number, body: CreateComplaintRequest): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key.key, 'base64'), iv);
  cipher.setAAD(additionalData(destination, seq));
  const ct = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { k: key.keyId, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** The body, or null when it was sealed by another key or does not open (tampered, damaged). */
export function openCreate(key: DataKey, destination: Destination, seq: number, sealed: Sealed): CreateComplaintRequest | null {
  if (sealed.k !== key.keyId) return null;
  try {
    const data = Buffer.from(sealed.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key.key, 'base64'), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(additionalData(destination, seq));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const clear = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const body = CreateComplaintRequestSchema.safeParse(JSON.parse(clear));
    return body.success ? body.data : null;
  } catch {
    return null;
  }
}
