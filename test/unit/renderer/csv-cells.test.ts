import { describe, expect, it } from 'vitest';
import { idCellsFromCsv, idsFromCsv } from '../../../renderer/src/ui/csv';

describe('idCellsFromCsv', () => {
  it('gives each ID cell with its row in the file (header counted), blanks dropped', () => {
    const csv = 'id;note\r\nabc;x\r\n;blank\r\n"ID s mezerou";y\r\n"multi\nline";z\r\nlast;w';
    expect(idCellsFromCsv(csv)).toEqual([
      { value: 'abc', line: 2 },
      { value: 'ID s mezerou', line: 4 },
      { value: 'multi\nline', line: 5 },
      { value: 'last', line: 6 },
    ]);
    expect(idsFromCsv(csv)).toEqual(['abc', 'ID s mezerou', 'multi\nline', 'last']);
  });

  it('without a named column, the first column from the first row', () => {
    expect(idCellsFromCsv('a1,x\nb2,y')).toEqual([
      { value: 'a1', line: 1 },
      { value: 'b2', line: 2 },
    ]);
  });
});
