/**
 * Bad input for the two ways an agent hands us complaint IDs: the pasted text
 * (`parseComplaintIds`, common/) and a CSV file (`idsFromCsv`, renderer/src/ui/csv.ts).
 * Neither may throw; every accepted ID matches COMPLAINT_ID_PATTERN; nothing typed is
 * lost; order is kept; duplicates are dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID_PATTERN } from '../../../common/api-schemas';
import { parseComplaintIds } from '../../../common/complaint-ids';
import { idsFromCsv, parseCsv } from '../../../renderer/src/ui/csv';
import { CONTROL_CHARS, codeUnitString, hostileString, LONE_SURROGATES, OVERSIZED, oversizedString, runs } from './helpers';

/** What the ID box splits on (whitespace in the Unicode sense, `,` and `;`). */
const SEPARATOR_CHARS = [' ', '\t', '\n', '\r', '\v', '\f', ',', ';', '\u00a0', '\u2028', '\u3000', '\ufeff'];
const IS_SEPARATOR = /[\s,;]/u;

const dedupe = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** A token: any text without separators, biased towards things that look like IDs. */
const token: fc.Arbitrary<string> = fc
  .oneof(
    fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
    fc.stringMatching(/^[A-Z]{2,4}-\d{1,8}$/),
    fc.string({ minLength: 1, maxLength: 80 }),
    hostileString,
    codeUnitString(20),
    fc.constantFrom('A'.repeat(64), 'B'.repeat(65), '__proto__', 'constructor', ...LONE_SURROGATES, ...CONTROL_CHARS),
  )
  .map((t) => [...t].filter((ch) => !IS_SEPARATOR.test(ch)).join(''))
  .filter((t) => t !== '');

const separatorRun: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(...SEPARATOR_CHARS),
  minLength: 1,
  maxLength: 4,
});

/** Tokens joined by separator runs, with optional leading/trailing separators. */
const pasted = fc
  .tuple(
    fc.array(fc.tuple(token, separatorRun), { maxLength: 30 }),
    fc.option(separatorRun, { nil: '' }),
    fc.option(separatorRun, { nil: '' }),
  )
  .map(([pairs, lead, trail]) => ({
    tokens: pairs.map(([t]) => t),
    text: `${lead}${pairs.map(([t, s], i) => (i === pairs.length - 1 ? t : `${t}${s}`)).join('')}${trail}`,
  }));

describe('parseComplaintIds: bad input', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, codeUnitString(200), oversizedString, fc.string({ unit: 'binary' })), (text) => {
        const r = parseComplaintIds(text);
        expect(Array.isArray(r.valid) && Array.isArray(r.invalid)).toBe(true);
      }),
      runs(200),
    );
  });

  it('every token lands in valid or invalid, in first-occurrence order, deduplicated; valid ones match the pattern', () => {
    fc.assert(
      fc.property(pasted, ({ tokens, text }) => {
        const { valid, invalid } = parseComplaintIds(text);
        const unique = dedupe(tokens);
        expect(valid).toEqual(unique.filter((t) => COMPLAINT_ID_PATTERN.test(t)));
        expect(invalid).toEqual(unique.filter((t) => !COMPLAINT_ID_PATTERN.test(t)));
        for (const id of valid) expect(id).toMatch(COMPLAINT_ID_PATTERN);
        for (const bad of invalid) expect(bad).not.toMatch(COMPLAINT_ID_PATTERN);
        expect(new Set([...valid, ...invalid]).size).toBe(valid.length + invalid.length);
      }),
      runs(300),
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(pasted, fc.constantFrom('\n', ', ', ';', ' '), ({ text }, sep) => {
        const first = parseComplaintIds(text);
        const again = parseComplaintIds([...first.valid, ...first.invalid].join(sep));
        expect(again).toEqual(first);
      }),
      runs(200),
    );
  });

  it('examples: controls, lone surrogates and oversized IDs are invalid, never dropped', () => {
    const r = parseComplaintIds('ok-1 \u0000x \ud800 y\u0085z A-1,A-1;ok-1 ' + 'Q'.repeat(65));
    // U+0085 (NEL) is not whitespace for JS regexes: it stays inside its token.
    expect(r).toEqual({ valid: ['ok-1', 'A-1'], invalid: ['\u0000x', '\ud800', 'y\u0085z', 'Q'.repeat(65)] });
  });
});

// ---------------------------------------------------------------------------------------
// CSV

/** CSV cell text: anything, quotes, delimiters and line breaks included. */
const cell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,20}$/) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '7', '"', ',', ';', '\t', ' ', '\r', '\n'), maxLength: 12 }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: codeUnitString(12) },
  { weight: 1, arbitrary: fc.constant('') },
);

const SPECIAL = /[",;\t\r\n]/;

interface Table {
  rows: string[][];
  delimiter: ',' | ';' | '\t';
  eol: '\n' | '\r\n' | '\r';
  quoteAll: boolean;
  bom: boolean;
  trailingEol: boolean;
}

const table: fc.Arbitrary<Table> = fc
  .integer({ min: 1, max: 4 })
  .chain((cols) =>
    fc.record({
      rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 12 }),
      delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
      eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
      quoteAll: fc.boolean(),
      bom: fc.boolean(),
      trailingEol: fc.boolean(),
    }),
  );

/** RFC 4180 writer: a cell is quoted when it holds a quote, any candidate delimiter or a line break. */
function writeCsv(t: Table): string {
  const quote = (c: string) => (t.quoteAll || SPECIAL.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const body = t.rows.map((r) => r.map(quote).join(t.delimiter)).join(t.eol);
  return `${t.bom ? '\uFEFF' : ''}${body}${t.trailingEol ? t.eol : ''}`;
}

const ID_HEADERS = new Set(['id', 'complaintid', 'complaint_id', 'complaint id', 'complaint-id']);

/** The documented rule, applied to the table we wrote. */
function expectedIds(rows: string[][]): string[] {
  const header = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  const named = header.findIndex((c) => ID_HEADERS.has(c));
  const column = named >= 0 ? named : 0;
  const body = named >= 0 ? rows.slice(1) : rows;
  return body.map((r) => (r[column] ?? '').trim()).filter((c) => c !== '');
}

describe('CSV import (renderer/src/ui/csv.ts): bad input', () => {
  it('never throws, whatever the file holds', () => {
    const csvish = fc.string({
      unit: fc.constantFrom('"', ',', ';', '\t', '\r', '\n', 'a', ' ', '\ufeff', '\ud800', '\u0000'),
      maxLength: 200,
    });
    fc.assert(
      fc.property(fc.oneof(csvish, hostileString, codeUnitString(300)), (text) => {
        const ids = idsFromCsv(text);
        for (const id of ids) {
          expect(id).toBe(id.trim());
          expect(id).not.toBe('');
        }
      }),
      runs(200),
    );
  });

  it('copes with 1 MiB files (one huge cell; a million control characters)', () => {
    for (const text of OVERSIZED.slice(0, 2)) {
      const ids = idsFromCsv(text);
      expect(ids.every((id) => id !== '' && id === id.trim())).toBe(true);
    }
  });

  it('reads back exactly the ID column of any well-formed CSV (quotes, delimiters, line breaks in cells, BOM, CRLF)', () => {
    fc.assert(
      fc.property(
        table,
        fc.option(fc.constantFrom('id', 'ID', 'complaintId', 'Complaint ID', 'complaint_id', ' id ')),
        fc.nat(3),
        (t, headerName, headerAt) => {
          const rows = t.rows.map((r) => [...r]);
          if (headerName !== null && rows.length > 0) {
            const first = rows[0] as string[];
            first[headerAt % first.length] = headerName;
          }
          const written: Table = { ...t, rows };
          expect(idsFromCsv(writeCsv(written))).toEqual(expectedIds(rows));
        },
      ),
      runs(300),
    );
  });

  it('parseCsv round-trips the cells of any well-formed CSV', () => {
    fc.assert(
      fc.property(
        // A last row of one empty cell is indistinguishable from "no row" in CSV.
        table.filter((t) => !(t.rows.at(-1)?.length === 1 && t.rows.at(-1)?.[0] === '')),
        (t) => {
          expect(parseCsv(writeCsv(t))).toEqual(t.rows);
        },
      ),
      runs(300),
    );
  });

  // Found by the round-trip property above: the delimiter used to be guessed from the
  // text up to the first line break, even one inside a quoted cell of the first row.
  it('a line break inside a quoted first-row cell does not break delimiter detection', () => {
    const text = '"A-1\nnote";B-1;C-1\nA-2;B-2;C-2\n';
    expect(parseCsv(text)).toEqual([
      ['A-1\nnote', 'B-1', 'C-1'],
      ['A-2', 'B-2', 'C-2'],
    ]);
  });
});
