/**
 * The journal's file: append-only records, each framed as
 *
 *   u32 length (big-endian) | u32 CRC-32 of the payload | payload (UTF-8)
 *
 * written with one `write` and made durable with `fsync` before the append resolves.
 * Reading stops at the first record that does not fit or whose checksum is wrong: that is
 * what a power cut or a full disk leaves at the tail (a torn last record). It is skipped,
 * never fatal; the file is then rewritten from what was read, with the damaged copy kept
 * beside it for support.
 *
 * Appends are group-committed: while one write and fsync run, the next callers' records
 * wait and go together in the following write, so concurrent callers share one fsync.
 * Compaction writes a fresh file (temporary name, fsync, rename, fsync of the folder), so
 * a crash during it leaves the old file or the new one, never a mix.
 */
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const HEADER_BYTES = 8;
/** A record larger than this is not one this app wrote: the rest of the file is treated as torn. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export function encodeRecord(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

export interface DecodedRecords {
  payloads: string[];
  /** Bytes of whole, valid records from the start. */
  validBytes: number;
  /** Bytes after them that were not a whole valid record (0: the file ended cleanly). */
  tornBytes: number;
}

export function decodeRecords(data: Buffer): DecodedRecords {
  const payloads: string[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32BE(offset);
    const sum = data.readUInt32BE(offset + 4);
    const end = offset + HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > data.length) break;
    const body = data.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== sum) break;
    payloads.push(body.toString('utf8'));
    offset = end;
  }
  return { payloads, validBytes: offset, tornBytes: data.length - offset };
}

export interface JournalFile {
  /** Resolves once the records are written and fsync'd; rejects if the write failed. */
  append(payloads: readonly string[]): Promise<void>;
  /** Replaces the whole file with these records (compaction), atomically. */
  rewrite(payloads: readonly string[]): Promise<void>;
  /** The file's size as this process wrote it. */
  size(): number;
  close(): Promise<void>;
}

export interface OpenedJournalFile {
  file: JournalFile;
  payloads: string[];
  /** Bytes of a torn tail that were skipped (0: none). */
  tornBytes: number;
}

async function fsyncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync; the rename is as durable as it gets there.
  if (process.platform === 'win32') return;
  const handle = await open(folder, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeWhole(path: string, data: Buffer): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncFolder(dirname(path));
}

async function readIfThere(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  }
}

/**
 * Opens (or creates) the journal at `path` and reads its records. A torn tail is cut off:
 * the valid records are written to a fresh file, the damaged one kept as `<path>.damaged`.
 */
export async function openJournalFile(path: string): Promise<OpenedJournalFile> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const data = await readIfThere(path);
  const decoded = decodeRecords(data);
  if (decoded.tornBytes > 0) {
    await writeWhole(`${path}.damaged`, data);
    await writeWhole(path, data.subarray(0, decoded.validBytes));
  }
  let handle: FileHandle = await open(path, 'a', 0o600);
  let size = decoded.validBytes;
  let queue: { data: Buffer; done: (e?: unknown) => void }[] = [];
  let writing: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const data = Buffer.concat(batch.map((b) => b.data));
      try {
        await handle.write(data);
        await handle.sync();
        size += data.length;
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e);
      }
    }
    writing = null;
  }

  const file: JournalFile = {
    append(payloads) {
      if (payloads.length === 0) return Promise.resolve();
      const data = Buffer.concat(payloads.map(encodeRecord));
      return new Promise<void>((resolve, reject) => {
        queue.push({ data, done: (e) => (e === undefined ? resolve() : reject(e instanceof Error ? e : new Error(String(e)))) });
        writing ??= drain();
      });
    },
    async rewrite(payloads) {
      while (writing) await writing;
      const data = Buffer.concat(payloads.map(encodeRecord));
      // Appends that arrive meanwhile wait in the queue and go to the new file after it.
      const run = (async () => {
        try {
          await writeWhole(path, data);
          await handle.close();
          handle = await open(path, 'a', 0o600);
          size = data.length;
        } finally {
          writing = null;
        }
      })();
      writing = run;
      await run;
      if (queue.length > 0) writing ??= drain();
    },
    size: () => size,
    async close() {
      while (writing) await writing;
      await handle.close();
    },
  };
  return { file, payloads: decoded.payloads, tornBytes: decoded.tornBytes };
}

/** Removes the journal and what compaction or recovery left beside it (tests, a reset). */
export async function removeJournalFile(path: string): Promise<void> {
  for (const p of [path, `${path}.tmp`, `${path}.damaged`]) {
    await unlink(p).catch(() => undefined);
  }
}
