/**
 * The API key rule, with a reason for each refusal, so the UI can say what is wrong in
 * its own language instead of one sentence for every bad key: a key is 32 characters,
 * `PROD`, `DEV_` or `ROOT` followed by 28 ASCII letters or digits. Leading and trailing
 * whitespace (a copied line break) is forgiven; nothing else is changed or cut: a 10 KB
 * paste is "too long", never silently shortened to something that might pass.
 */
export const API_KEY_LENGTH = 32;
export const API_KEY_PATTERN = /^(PROD|DEV_|ROOT)[A-Za-z0-9]{28}$/;
const PREFIXES = ['PROD', 'DEV_', 'ROOT'] as const;

export const API_KEY_REFUSALS = [
  'empty',
  'too-long',
  'too-short',
  'space',
  'invisible',
  'accented',
  'character',
  'lowercase-prefix',
  'prefix',
] as const;
export type ApiKeyRefusal = (typeof API_KEY_REFUSALS)[number];

export interface ApiKeyProblem {
  reason: ApiKeyRefusal;
  /** Length after trimming. */
  length: number;
  /** The first character that broke the rule, printable (`U+200B` for an invisible one). */
  char?: string;
}

/** Far past any key: said as "too long" before looking at what is inside. */
const WAY_TOO_LONG = API_KEY_LENGTH * 2;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `raw` is not an API key, or null when (trimmed) it is one. */
export function apiKeyProblem(raw: string): ApiKeyProblem | null {
  const text = raw.trim();
  const length = text.length;
  if (length === 0) return { reason: 'empty', length };
  if (API_KEY_PATTERN.test(text)) return null;
  if (length > WAY_TOO_LONG) return { reason: 'too-long', length };
  for (const ch of text) {
    if (/^[A-Za-z0-9_]$/.test(ch)) continue;
    if (/^\s$/u.test(ch)) return { reason: 'space', length, char: codePoint(ch) };
    if (/^[\p{C}\p{Z}]$/u.test(ch)) return { reason: 'invisible', length, char: codePoint(ch) };
    if (/^[\p{L}\p{M}\p{N}]$/u.test(ch)) return { reason: 'accented', length, char: ch };
    return { reason: 'character', length, char: ch };
  }
  const prefix = text.slice(0, 4);
  if (!PREFIXES.some((p) => p === prefix)) {
    const upper = prefix.toUpperCase();
    return { reason: PREFIXES.some((p) => p === upper) ? 'lowercase-prefix' : 'prefix', length, char: prefix };
  }
  if (length > API_KEY_LENGTH) return { reason: 'too-long', length };
  if (length < API_KEY_LENGTH) return { reason: 'too-short', length };
  // Right prefix and length, only letters, digits and _: a `_` after the prefix.
  return { reason: 'character', length, char: '_' };
}

/** A refusal in English (main's error messages and logs); the UI has its own words. */
export function describeApiKeyProblem(problem: ApiKeyProblem): string {
  const rule = 'An API key is 32 characters: PROD, DEV_ or ROOT followed by 28 letters or digits.';
  switch (problem.reason) {
    case 'empty':
      return `The API key is empty. ${rule}`;
    case 'too-long':
    case 'too-short':
      return `The API key has ${problem.length} characters. ${rule}`;
    case 'space':
      return `The API key contains a space or line break. ${rule}`;
    case 'invisible':
      return `The API key contains an invisible character (${problem.char ?? ''}). ${rule}`;
    case 'accented':
    case 'character':
      return `The API key contains a character that is not allowed (${problem.char ?? ''}). ${rule}`;
    case 'lowercase-prefix':
      return `The API key starts with ${problem.char ?? ''}; the prefix is upper case. ${rule}`;
    case 'prefix':
      return `The API key does not start with PROD, DEV_ or ROOT. ${rule}`;
  }
}
