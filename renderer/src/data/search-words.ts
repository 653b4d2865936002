/**
 * Search words for the worklist's indexed search (the `*searchWords` multiEntry index,
 * schema v3). Pure functions: no Dexie, no DOM.
 *
 * A complaint's words come from its ID, customer name, order number and email, folded
 * (lowercased, diacritics removed: "Nováková" → "novakova"). Each whitespace-separated
 * word is indexed whole and from every point after punctuation, so a prefix search finds
 * "obj-2024-17" by "obj-2024", "2024" or "17", and "jana.novakova@example.cz" by "jana",
 * "novakova@ex" or "example.cz". Matching is by word prefix: "novak" finds "Nováková",
 * "akova" (the middle of a word) does not.
 */
import type { ComplaintDetail } from '../../../common/api-schemas';

/** Lowercase, then NFD and strip combining marks: "Šárka Růžičková" → "sarka ruzickova". */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A folded word, plus its tails that start right after punctuation ("obj-2024-17" → + "2024-17", "17"). */
function wordAndTails(word: string, into: Set<string>): void {
  into.add(word);
  for (let i = 1; i < word.length; i++) {
    const before = word[i - 1] ?? '';
    const here = word[i] ?? '';
    if (!WORD_CHAR.test(before) && WORD_CHAR.test(here)) into.add(word.slice(i));
  }
}

/** The folded words of a complaint (ID, customer name, order number, email; of its detail or what was filed), each once. */
export function searchWordsOf(
  id: string,
  detail: Pick<ComplaintDetail, 'customerName' | 'orderNumber' | 'email'> | null,
): string[] {
  const words = new Set<string>();
  for (const part of [id, detail?.customerName, detail?.orderNumber, detail?.email]) {
    if (typeof part !== 'string') continue;
    for (const word of foldText(part).split(/\s+/u)) if (word !== '') wordAndTails(word, words);
  }
  return [...words];
}

/** The folded words of what the agent typed; a complaint matches when each is a prefix of one of its words. */
export function queryWords(text: string): string[] {
  return [...new Set(foldText(text).split(/\s+/u).filter((word) => word !== ''))];
}

/** The in-memory form of the match (the index query in worklist-query.ts does the same). */
export function matchesQuery(words: readonly string[], query: readonly string[]): boolean {
  return query.every((q) => words.some((word) => word.startsWith(q)));
}
