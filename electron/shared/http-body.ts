/**
 * Reading an HTTP request body with a size limit, for the sandbox's listeners and the
 * browser host (plain Node). Never rejects: the caller answers `too-large` with 413 and
 * `aborted` (the client went away, or the socket was cut) as it sees fit.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'ok'; bytes: Buffer }
  | { kind: 'too-large' }
  | { kind: 'aborted' };

export interface BodyLimits {
  /** Bodies larger than this (declared or sent) are `too-large`. */
  limit: number;
  /**
   * Without it, `too-large` is answered at once (a declared length over the limit is not
   * even waited for). With it, an oversized body is read and dropped up to this many bytes,
   * so that the client actually receives the 413 instead of a reset; past it the
   * connection is cut (`aborted`).
   */
  drainUpTo?: number;
}

export function readBody(req: IncomingMessage, { limit, drainUpTo }: BodyLimits): Promise<BodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const declared = Number(req.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    if (tooLarge && drainUpTo === undefined) {
      settle({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (drainUpTo === undefined) {
        settle({ kind: 'too-large' });
      } else if (size > drainUpTo) {
        req.socket.destroy();
        settle({ kind: 'aborted' });
      }
    });
    req.on('end', () => settle(tooLarge ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}
