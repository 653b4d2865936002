import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues, MAX_ZOD_ISSUE_LENGTH, MAX_ZOD_ISSUES, zodIssuesLine } from '../../../common/zod-issues';

const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';

function issuesOf(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  return parsed.error.issues;
}

describe('describeZodIssues', () => {
  it('names the field and the rule, never the value', () => {
    const lines = describeZodIssues(issuesOf(z.object({ a: z.object({ b: z.number() }), c: z.string() }), { a: { b: 'secret-text' }, c: 7 }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^a\.b: /);
    expect(lines[1]).toMatch(/^c: /);
    expect(lines.join('\n')).not.toContain('secret-text');
  });

  it('an issue without a path names the value itself (root)', () => {
    expect(describeZodIssues(issuesOf(z.string(), 1))[0]).toMatch(/^\(root\): /);
  });

  it('redacts key-shaped text (an unknown key named after the API key), then cuts', () => {
    const [line] = describeZodIssues(issuesOf(z.object({}).strict(), { [KEY]: 1 }));
    expect(line).toBeDefined();
    expect(line).not.toContain(KEY);
    expect(line).toContain('[redacted]');
  });

  it('a custom message is cut to the length cap after redaction', () => {
    const long = z.string().refine(() => false, { message: `${'x'.repeat(MAX_ZOD_ISSUE_LENGTH - 20)}${KEY}${'y'.repeat(500)}` });
    const [line] = describeZodIssues(issuesOf(long, 'v'));
    expect(line).toHaveLength(MAX_ZOD_ISSUE_LENGTH);
    expect(line).not.toContain(KEY.slice(0, 12));
  });

  it('at most MAX_ZOD_ISSUES issues, or as many as asked', () => {
    const many = z.array(z.number());
    const issues = issuesOf(many, Array.from({ length: 100 }, () => 'a'));
    expect(describeZodIssues(issues)).toHaveLength(MAX_ZOD_ISSUES);
    const three = describeZodIssues(issues, 3);
    expect(three).toEqual(describeZodIssues(issues).slice(0, 3));
    expect(three.map((line) => line.split(':')[0])).toEqual(['0', '1', '2']);
  });
});

describe('zodIssuesLine', () => {
  it('the first few issues on one line', () => {
    const issues = issuesOf(z.object({ a: z.number(), b: z.number(), c: z.number() }), {});
    const line = zodIssuesLine(issues, 2);
    expect(line.split('; ')).toHaveLength(2);
    expect(line).toMatch(/^a: .*; b: /);
  });
});
