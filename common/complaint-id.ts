/**
 * The one complaint ID rule, used everywhere an ID enters the app: the add form, a CSV
 * import, the complaint page's "Add to list", a deep link or hash route, the IPC
 * contract, main's API client and the sandbox. Anything that makes an ID (a local
 * reference for a complaint filed offline, too) checks it with `complaintIdProblem` or
 * `ComplaintIdSchema`, so there is one rule and one list of reasons.
 *
 * The rule: ASCII letters, digits, `-` and `_`, 1–64 characters. BizKitHub's IDs are
 * 16 lower-case letters and digits; the rule is wider (upper case, `-`, `_`, other
 * lengths) so other systems' references still fit, and narrow enough that nothing an
 * ID cell could smuggle in (`<script>`, `=HYPERLINK(…)`, spaces, invisible or accented
 * characters) is ever stored or sent.
 *
 * A refusal is a reason code (the UI words it in its own language) and, where it helps,
 * the character that broke the rule, shown plainly ("U+200B" for an invisible one).
 */
import { z } from 'zod';

export const COMPLAINT_ID_MAX_LENGTH = 64;

export const COMPLAINT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const COMPLAINT_ID_REFUSALS = ['empty', 'too-long', 'space', 'invisible', 'accented', 'character'] as const;
export type ComplaintIdRefusal = (typeof COMPLAINT_ID_REFUSALS)[number];

export interface ComplaintIdProblem {
  reason: ComplaintIdRefusal;
  /** The first character that broke the rule, printable: `<`, `ž`, or `U+200B` for an invisible one. */
  char?: string;
  /** The text's length (for "too long": how long it was). */
  length: number;
}

const ALLOWED = /^[A-Za-z0-9_-]$/u;
const SPACE = /^\s$/u;
/** Controls, format characters (zero-width space, joiners, BOM, bidi marks), lone surrogates, unassigned. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]$/u;
/** Letters and digits outside ASCII: "ž", "é", Arabic digits. */
const ACCENTED = /^[\p{L}\p{M}\p{N}]$/u;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `text` is not a complaint ID, or null when it is one. Checks the text as given (no trimming). */
export function complaintIdProblem(text: string): ComplaintIdProblem | null {
  const length = text.length;
  if (length === 0) return { reason: 'empty', length };
  if (length > COMPLAINT_ID_MAX_LENGTH) return { reason: 'too-long', length };
  if (COMPLAINT_ID_PATTERN.test(text)) return null;
  // Iterating by code point keeps an emoji or a surrogate pair as one character.
  for (const ch of text) {
    if (ALLOWED.test(ch)) continue;
    if (SPACE.test(ch)) return { reason: 'space', char: codePoint(ch), length };
    if (INVISIBLE.test(ch)) return { reason: 'invisible', char: codePoint(ch), length };
    if (ACCENTED.test(ch)) return { reason: 'accented', char: ch, length };
    return { reason: 'character', char: ch, length };
  }
  return { reason: 'character', length };
}

export function isComplaintId(text: unknown): text is string {
  return typeof text === 'string' && COMPLAINT_ID_PATTERN.test(text);
}

/** A refusal in English (main's logs and error messages, zod issues); the UI has its own words. */
export function describeComplaintIdProblem(problem: ComplaintIdProblem): string {
  const rule = 'A complaint ID is 1–64 letters (A–Z, a–z), digits, - or _.';
  switch (problem.reason) {
    case 'empty':
      return `The complaint ID is empty. ${rule}`;
    case 'too-long':
      return `The complaint ID is ${problem.length} characters long. ${rule}`;
    case 'space':
      return `The complaint ID contains a space or line break (${problem.char ?? ''}). ${rule}`;
    case 'invisible':
      return `The complaint ID contains an invisible character (${problem.char ?? ''}). ${rule}`;
    case 'accented':
      return `The complaint ID contains an accented or non-Latin character (${problem.char ?? ''}). ${rule}`;
    case 'character':
      return `The complaint ID contains a character that is not allowed (${problem.char ?? ''}). ${rule}`;
  }
}

export const ComplaintIdSchema = z.string().regex(COMPLAINT_ID_PATTERN, {
  error: (issue) => {
    const input = issue.input;
    const problem = typeof input === 'string' ? complaintIdProblem(input) : null;
    return problem ? describeComplaintIdProblem(problem) : 'A complaint ID is 1–64 letters, digits, - or _.';
  },
});
