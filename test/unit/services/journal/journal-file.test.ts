import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord, openJournalFile } from '../../../../electron/services/journal/journal-file';

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const fresh = () => join((dir = mkdtempSync(join(tmpdir(), 'desk-journal-file-'))), 'journal', 'unsent-work.journal');

describe('journal file: records with a length and a checksum', () => {
  it('reads back what was appended, in order, across a reopen', async () => {
    const path = fresh();
    const a = await openJournalFile(path);
    await a.file.append(['one', 'two']);
    await a.file.append(['three']);
    await a.file.close();
    const b = await openJournalFile(path);
    expect(b.payloads).toEqual(['one', 'two', 'three']);
    expect(b.tornBytes).toBe(0);
    await b.file.close();
  });

  it('concurrent appends share writes and all land, each caller resolved once its records are written', async () => {
    const path = fresh();
    const a = await openJournalFile(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => a.file.append([`r${i}`])));
    expect(a.file.size()).toBe(statSync(path).size);
    await a.file.close();
    const b = await openJournalFile(path);
    expect(b.payloads.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`).sort());
    await b.file.close();
  });

  it('a torn last record (cut mid-record, as after a power cut) is skipped, not fatal; the damaged file is kept aside and appends go on after the good records', async () => {
    const path = fresh();
    const a = await openJournalFile(path);
    await a.file.append(['kept-1', 'kept-2', 'the last record, cut short']);
    await a.file.close();
    const full = statSync(path).size;
    truncateSync(path, full - 5);

    const b = await openJournalFile(path);
    expect(b.payloads).toEqual(['kept-1', 'kept-2']);
    expect(b.tornBytes).toBeGreaterThan(0);
    expect(existsSync(`${path}.damaged`)).toBe(true);
    await b.file.append(['after']);
    await b.file.close();
    const c = await openJournalFile(path);
    expect(c.payloads).toEqual(['kept-1', 'kept-2', 'after']);
    await c.file.close();
  });

  it('a last record whose bytes were damaged (checksum wrong) is skipped; so is garbage after the last record', async () => {
    const path = fresh();
    mkdirSync(join(dir, 'journal'));
    writeFileSync(path, Buffer.concat([encodeRecord('good'), encodeRecord('flipped')]));
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(path, bytes);
    const a = await openJournalFile(path);
    expect(a.payloads).toEqual(['good']);
    await a.file.close();

    appendFileSync(path, Buffer.from([0, 0, 0]));
    const b = await openJournalFile(path);
    expect(b.payloads).toEqual(['good']);
    expect(b.tornBytes).toBe(3);
    await b.file.close();
  });

  it('a length beyond the file is a torn record, never a read past the end', () => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(1000, 0);
    const decoded = decodeRecords(Buffer.concat([encodeRecord('a'), header, Buffer.from('short')]));
    expect(decoded.payloads).toEqual(['a']);
    expect(decoded.tornBytes).toBe(13);
  });

  it('rewrite replaces the file atomically; appends made during it go to the new file', async () => {
    const path = fresh();
    const a = await openJournalFile(path);
    await a.file.append(['old-1', 'old-2', 'old-3']);
    await Promise.all([a.file.rewrite(['compact']), a.file.append(['during'])]);
    await a.file.append(['after']);
    await a.file.close();
    const b = await openJournalFile(path);
    expect(b.payloads).toEqual(['compact', 'during', 'after']);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    await b.file.close();
  });
});
