// Letters (with their combining marks) and digits: what both backends' tokenizers keep as words.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;
// Combining diacritical marks only (not the marks that are letters in other scripts): `é` → `e`.
const DIACRITICS = /[\u0300-\u036f]/g;

/** Lower case without Latin diacritics, as SQLite's `remove_diacritics` tokenizer folds words. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').normalize('NFC').toLowerCase();
}

/** Splits text into its words with their offsets (the tokenizers' notion of a word). */
export function wordsOf(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(WORD)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * The plain words of a user's query, folded (see {@link foldText}), without duplicates. Every FTS operator (quotes, `*`,
 * `-`, `NEAR`, `OR`, parentheses, column filters) becomes either a separator or an ordinary word, so
 * no query can fail to parse or change what is matched beyond its words.
 */
export function searchTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const match of foldText(query).matchAll(WORD)) {
    terms.add(match[0].slice(0, MAX_TERM_LENGTH));
    if (terms.size >= MAX_TERMS) break;
  }
  return [...terms];
}

/** An FTS5 MATCH expression that requires every term, each as a quoted string (never an operator). */
export function toFts5Match(terms: readonly string[]): string {
  return terms.map((term) => `"${term}"`).join(' ');
}
