import { describe, expect, it } from 'vitest';
import { parseComplaintIds } from '../../../common/complaint-ids';

describe('parseComplaintIds', () => {
  it('splits on spaces, commas, semicolons, tabs and new lines', () => {
    expect(parseComplaintIds('a1b2c3d4e5f6g7h8, X-2;Y_3\nZ4\r\nq5\tw6  e7').valid).toEqual([
      'a1b2c3d4e5f6g7h8',
      'X-2',
      'Y_3',
      'Z4',
      'q5',
      'w6',
      'e7',
    ]);
  });

  it('dedupes, keeping the first occurrence order (case-sensitive)', () => {
    expect(parseComplaintIds('b a b c a B')).toEqual({ valid: ['b', 'a', 'c', 'B'], invalid: [] });
  });

  it('returns nothing for empty or separator-only text', () => {
    expect(parseComplaintIds('')).toEqual({ valid: [], invalid: [] });
    expect(parseComplaintIds(' ,;\n\t ')).toEqual({ valid: [], invalid: [] });
  });

  it('reports invalid tokens (too long, non-ASCII) once each, in order', () => {
    const long = 'x'.repeat(65);
    expect(parseComplaintIds(`ok1 ${long} žluť ok2 žluť ${'y'.repeat(64)}`)).toEqual({
      valid: ['ok1', 'ok2', 'y'.repeat(64)],
      invalid: [long, 'žluť'],
    });
  });
});
