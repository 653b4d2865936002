/**
 * Personal text the UI keeps across a reload in sessionStorage (the worklist's search):
 * sealed with the database's data key, as a short string, so the profile's Session
 * Storage files hold no readable name. The name it is kept under is the associated data.
 * Unreadable (another key, altered) reads as null: the text is then simply not restored.
 */
import type { DeskDatabase } from './db';

export interface SessionTextSealer {
  seal(name: string, text: string): string | null;
  open(name: string, stored: string): string | null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Seals with the database's current key; without a key nothing is kept (null). */
export function sessionTextSealer(db: DeskDatabase): SessionTextSealer {
  return {
    seal(name, text) {
      const sealer = db.sealer;
      if (sealer === null) return null;
      const sealed = sealer.seal('sessionStorage', name, text);
      return `${sealed.kid}.${toBase64(sealed.iv)}.${toBase64(sealed.ct)}`;
    },
    open(name, stored) {
      const sealer = db.sealer;
      const [kid, iv, ct] = stored.split('.');
      if (sealer === null || kid === undefined || iv === undefined || ct === undefined) return null;
      try {
        const opened = sealer.open('sessionStorage', name, { v: 1, kid, iv: fromBase64(iv), ct: fromBase64(ct) });
        return typeof opened === 'string' ? opened : null;
      } catch {
        return null;
      }
    },
  };
}
