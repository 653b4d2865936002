import { describe, expect, it } from 'vitest';
import { idsFromCsv, parseCsv } from '../../../renderer/src/ui/csv';

describe('parseCsv', () => {
  it('splits rows and fields; CRLF, LF and a lone CR all end a row', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('a trailing line break adds no row; empty input has none', () => {
    expect(parseCsv('a,b\n')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('quoted fields keep delimiters and line breaks; "" is a quote', () => {
    expect(parseCsv('"a,b","say ""hi""","line\none"\nx,y,z')).toEqual([
      ['a,b', 'say "hi"', 'line\none'],
      ['x', 'y', 'z'],
    ]);
  });

  it('a quote inside an unquoted field is kept as text', () => {
    expect(parseCsv('ab"c,d')).toEqual([['ab"c', 'd']]);
  });

  it('empty fields are kept (positions matter for the ID column)', () => {
    expect(parseCsv('"a",,\n,b,')).toEqual([
      ['a', '', ''],
      ['', 'b', ''],
    ]);
  });

  it('detects the delimiter from the first line: comma, semicolon (Czech Excel) or tab; ties go to comma', () => {
    expect(parseCsv('id;name\nK-1;Jana')).toEqual([
      ['id', 'name'],
      ['K-1', 'Jana'],
    ]);
    expect(parseCsv('id\tname\nK-1\tJana')).toEqual([
      ['id', 'name'],
      ['K-1', 'Jana'],
    ]);
    expect(parseCsv('x;y,z\n1;2,3')).toEqual([
      ['x;y', 'z'],
      ['1;2', '3'],
    ]);
    // Delimiters inside quotes do not count.
    expect(parseCsv('"a,b,c";d;e\n1;2;3')).toEqual([
      ['a,b,c', 'd', 'e'],
      ['1', '2', '3'],
    ]);
  });

  it('drops a leading byte order mark', () => {
    expect(parseCsv('\uFEFFid\nA-1')).toEqual([['id'], ['A-1']]);
  });

  it('an unterminated quote runs to the end of the file (nothing thrown)', () => {
    expect(parseCsv('"open,x\ny')).toEqual([['open,x\ny']]);
  });
});

describe('idsFromCsv', () => {
  it('takes the column named id / complaintId (any case and spelling), skipping the header', () => {
    for (const header of ['id', 'ID', 'complaintId', 'ComplaintID', 'complaint_id', 'Complaint ID', 'complaint-id', ' Id ']) {
      expect(idsFromCsv(`name,${header},note\nJana,K-1,x\nPetr,K-2,y`)).toEqual(['K-1', 'K-2']);
    }
  });

  it('without a known header, the first column of every row (the first row is data)', () => {
    expect(idsFromCsv('K-1,Jana\nK-2,Petr')).toEqual(['K-1', 'K-2']);
    expect(idsFromCsv('K-1\nK-2\n')).toEqual(['K-1', 'K-2']);
  });

  it('trims cells, drops blanks and missing cells, keeps file order and duplicates', () => {
    expect(idsFromCsv('name;id\nJana; K-2 \nPetr;\nEva\nJana;K-1\nX;K-2')).toEqual(['K-2', 'K-1', 'K-2']);
  });

  it('quoted IDs, CRLF, BOM', () => {
    expect(idsFromCsv('\uFEFF"id","name"\r\n"K-1","Nováková, Jana"\r\n"K-2","Dvořák"\r\n')).toEqual(['K-1', 'K-2']);
  });

  it('returns invalid-looking cells as they are (validation happens later, and reports them by name)', () => {
    expect(idsFromCsv('id\nnot an id\nK-1')).toEqual(['not an id', 'K-1']);
  });

  it('an empty file, or only a header, gives no IDs', () => {
    expect(idsFromCsv('')).toEqual([]);
    expect(idsFromCsv('\n\n')).toEqual([]);
    expect(idsFromCsv('id\n')).toEqual([]);
  });
});
