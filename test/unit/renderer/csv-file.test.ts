/**
 * Reading a CSV file for import: a size limit checked before reading, an ID limit that
 * stops reading, and parsing in slices that give the thread back (the sync engine shares it).
 */
import { describe, expect, it } from 'vitest';
import {
  CSV_MAX_BYTES,
  CSV_MAX_IDS,
  IdCellReader,
  idCellsFromCsv,
  inBatches,
  parseCsv,
  readIdCellsFromFile,
  type IdCell,
} from '../../../renderer/src/ui/csv';

/** The ID cells as the whole-text parser reads them (the reference for the piecewise reader). */
function reference(text: string): IdCell[] {
  const rows = parseCsv(text);
  if (rows.length === 0) return [];
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const named = header.findIndex((cell) => ['id', 'complaintid', 'complaint_id', 'complaint id', 'complaint-id'].includes(cell));
  const column = named >= 0 ? named : 0;
  const cells: IdCell[] = [];
  for (let i = named >= 0 ? 1 : 0; i < rows.length; i++) {
    const value = (rows[i]?.[column] ?? '').trim();
    if (value !== '') cells.push({ value, line: i + 1 });
  }
  return cells;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('IdCellReader', () => {
  it('reads the same cells whatever the pieces the text arrives in', () => {
    const alphabet = ['a', 'b', '1', ' ', ',', ';', '\t', '"', '""', '\r', '\n', '\r\n', 'id', 'complaintId', '\uFEFF'];
    const rnd = seeded(7);
    for (let round = 0; round < 1500; round++) {
      let text = rnd() < 0.2 ? '\uFEFF' : '';
      const length = Math.floor(rnd() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const expected = reference(text);
      expect(idCellsFromCsv(text), JSON.stringify(text)).toEqual(expected);
      // Split into random pieces, down to one character.
      const reader = new IdCellReader();
      for (let at = 0; at < text.length; ) {
        const step = 1 + Math.floor(rnd() * 5);
        reader.push(text.slice(at, at + step));
        at += step;
      }
      expect(reader.end(), JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe('readIdCellsFromFile', () => {
  it('says how big: 50 MB; a larger file is refused before anything is read', async () => {
    expect(CSV_MAX_BYTES).toBe(50 * 1024 * 1024);
    let read = false;
    const file = new Blob(['id\nA1\n']);
    Object.defineProperty(file, 'size', { value: CSV_MAX_BYTES + 1 });
    Object.defineProperty(file, 'stream', { value: () => ((read = true), new Blob([]).stream()) });
    expect(await readIdCellsFromFile(file)).toEqual({ kind: 'too-large', bytes: CSV_MAX_BYTES + 1 });
    expect(read).toBe(false);
  });

  it('stops reading once there are more IDs than one import takes', async () => {
    const lines = Array.from({ length: CSV_MAX_IDS + 5000 }, (_, i) => `ID-${i}`);
    let slices = 0;
    const r = await readIdCellsFromFile(new Blob([`id\n${lines.join('\n')}\n`]), {
      sliceChars: 4096,
      yieldNow: async () => {
        slices += 1;
      },
    });
    expect(r).toEqual({ kind: 'too-many', max: CSV_MAX_IDS });
    // It stopped soon after the limit, not at the end of the file.
    const total = Math.ceil((lines.join('\n').length + 4) / 4096);
    expect(slices).toBeLessThan(total);
  });

  it('reads a file with multi-byte characters split across chunks, with the same cells as the text', async () => {
    const text = 'note;complaintId\r\n"Žluťoučký kůň";ČŘ-1\r\n"a ""quoted""\nline";B2\r\nx;  C3  \r\n';
    const bytes = new TextEncoder().encode(text.repeat(500));
    const r = await readIdCellsFromFile(new Blob([bytes.slice(0, 1001), bytes.slice(1001)]), {
      sliceChars: 7,
      yieldNow: async () => undefined,
    });
    expect(r).toEqual({ kind: 'ok', cells: idCellsFromCsv(text.repeat(500)) });
  });

  it('a 50 MB file: read in slices that give the thread back, none of them long', async () => {
    // 50 MB of a realistic export: an ID column among others.
    const row = 'CMP-000000,Jana Nováková,"Reklamace, vrácení",1234.50,2026-11-28\n';
    const rows = Math.floor((50 * 1000 * 1000) / new TextEncoder().encode(row).length);
    const unique = Array.from({ length: 1000 }, (_, i) => row.replace('000000', String(i).padStart(6, '0'))).join('');
    const file = new Blob([`id,name,type,price,date\n`, ...Array.from({ length: Math.floor(rows / 1000) }, () => unique)]);
    expect(file.size).toBeGreaterThan(49 * 1000 * 1000);
    expect(file.size).toBeLessThanOrEqual(CSV_MAX_BYTES);

    let timerFired = 0;
    const timer = setInterval(() => (timerFired += 1), 5);
    let last = performance.now();
    let longest = 0;
    let slices = 0;
    const started = performance.now();
    try {
      const r = await readIdCellsFromFile(file, {
        maxIds: Number.MAX_SAFE_INTEGER,
        yieldNow: async () => {
          const at = performance.now();
          longest = Math.max(longest, at - last);
          slices += 1;
          await new Promise((resolve) => setTimeout(resolve, 0));
          last = performance.now();
        },
      });
      expect(r.kind).toBe('ok');
      if (r.kind === 'ok') {
        expect(r.cells.length).toBe(Math.floor(rows / 1000) * 1000);
        expect(r.cells[1]).toEqual({ value: 'CMP-000001', line: 3 });
      }
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    expect(slices).toBeGreaterThan(500);
    // The thread came back between slices: other timers ran throughout.
    expect(timerFired).toBeGreaterThan(slices / 4);
    // No slice held the thread for long (generous: the test machine is shared and slow).
    expect(longest).toBeLessThan(250);
    console.info(`50 MB CSV: ${slices} slices in ${Math.round(took)} ms, longest ${Math.round(longest)} ms`);
  }, 120_000);
});

describe('inBatches', () => {
  it('runs every item once, in order, in batches, yielding between them', async () => {
    const seen: number[][] = [];
    let yields = 0;
    await inBatches(
      Array.from({ length: 1234 }, (_, i) => i),
      500,
      async (batch) => {
        seen.push(batch);
      },
      async () => {
        yields += 1;
      },
    );
    expect(seen.map((b) => b.length)).toEqual([500, 500, 234]);
    expect(seen.flat()).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    expect(yields).toBe(2);
  });
});
