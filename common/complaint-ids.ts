/**
 * Parsing what an agent pastes into "Complaint IDs": one ID or many, separated by
 * spaces, commas, semicolons or new lines (tabs too). Runs anywhere.
 */
import { ComplaintIdSchema } from './api-schemas';

const SEPARATORS = /[\s,;]+/u;

export interface ParsedComplaintIds {
  /** Valid IDs, first occurrence order, without duplicates. */
  valid: string[];
  /** Tokens that are not valid IDs, first occurrence order, without duplicates. */
  invalid: string[];
}

export function parseComplaintIds(text: string): ParsedComplaintIds {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const token of text.split(SEPARATORS)) {
    if (token === '' || seen.has(token)) continue;
    seen.add(token);
    (ComplaintIdSchema.safeParse(token).success ? valid : invalid).push(token);
  }
  return { valid, invalid };
}
