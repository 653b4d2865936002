import { describe, expect, it } from 'vitest';
import { ComplaintIdSchema } from '../../../common/api-schemas';
import { complaintIdProblem, describeComplaintIdProblem, isComplaintId } from '../../../common/complaint-id';
import { DEMO_COMPLAINT_IDS } from '../../../common/demo-complaints';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';

describe('the one complaint ID rule', () => {
  it('accepts letters, digits, - and _, 1–64 characters', () => {
    for (const id of ['a', 'u19tor9ukid7jbpo', 'ABC-123_x', 'Q'.repeat(64), '-', '_']) {
      expect(complaintIdProblem(id)).toBeNull();
      expect(isComplaintId(id)).toBe(true);
      expect(ComplaintIdSchema.safeParse(id).success).toBe(true);
    }
  });

  it('names the rule each refusal broke', () => {
    expect(complaintIdProblem('')).toEqual({ reason: 'empty', length: 0 });
    expect(complaintIdProblem('Q'.repeat(65))).toEqual({ reason: 'too-long', length: 65 });
    expect(complaintIdProblem('x'.repeat(5000))?.reason).toBe('too-long');
    expect(complaintIdProblem('ID s mezerou')).toEqual({ reason: 'space', char: 'U+0020', length: 12 });
    expect(complaintIdProblem('abc\u200bdef')).toEqual({ reason: 'invisible', char: 'U+200B', length: 7 });
    expect(complaintIdProblem('a\u0000b')?.reason).toBe('invisible');
    expect(complaintIdProblem('\ud800')?.reason).toBe('invisible');
    expect(complaintIdProblem('žluť')).toEqual({ reason: 'accented', char: 'ž', length: 4 });
    expect(complaintIdProblem('<script>')).toEqual({ reason: 'character', char: '<', length: 8 });
    expect(complaintIdProblem('=HYPERLINK(1)')).toEqual({ reason: 'character', char: '=', length: 13 });
    expect(complaintIdProblem('a.b')?.char).toBe('.');
    expect(complaintIdProblem('a😀')?.char).toBe('😀');
  });

  it('zod says the same in English, and refuses what the rule refuses', () => {
    const parsed = ComplaintIdSchema.safeParse('abc\u200bdef');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('invisible character (U+200B)');
    expect(describeComplaintIdProblem({ reason: 'too-long', length: 70 })).toContain('70 characters');
    expect(ComplaintIdSchema.safeParse(42).success).toBe(false);
  });

  it('the demo IDs the renderer offers are exactly the sandbox seed', () => {
    expect([...DEMO_COMPLAINT_IDS]).toEqual([...SEED_COMPLAINT_IDS]);
    for (const id of DEMO_COMPLAINT_IDS) expect(isComplaintId(id)).toBe(true);
  });
});
