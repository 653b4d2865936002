/**
 * The one way a zod refusal becomes text: `path: message` per issue, naming the field and
 * the rule but never the offending value, so a refused API key or a customer's text does
 * not travel on into a reply or a log line. Each line is redacted before it is cut
 * (cutting first could split a key so that redaction misses it), and the list is capped,
 * so hostile input with thousands of problems gives a bounded answer.
 */
import type { z } from 'zod';
import { redact } from './redact';

/** At most this many issues are described. */
export const MAX_ZOD_ISSUES = 20;
/** Each issue's text is cut to this length. */
export const MAX_ZOD_ISSUE_LENGTH = 300;

/** How the top-level value itself is named when the issue has no path. */
const ROOT = '(root)';

/** The first `max` issues, each as a redacted, length-capped `path: message` line. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], max = MAX_ZOD_ISSUES): string[] {
  return issues.slice(0, max).map((issue) => {
    const where = issue.path.length === 0 ? ROOT : issue.path.map(String).join('.');
    return redact(`${where}: ${issue.message}`).slice(0, MAX_ZOD_ISSUE_LENGTH);
  });
}

/** The first `max` issues on one line (`; ` between them): for reasons and error messages. */
export function zodIssuesLine(issues: readonly z.core.$ZodIssue[], max: number): string {
  return describeZodIssues(issues, max).join('; ');
}
