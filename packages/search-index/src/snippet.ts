import { foldText, wordsOf } from './searchTerms.js';

/** Characters of an item's text a snippet is looked for in (the start of the text). */
export const SNIPPET_WINDOW_CHARS = 16_384;
const WORDS_BEFORE = 6;
const WORDS_AFTER = 14;

/**
 * A short excerpt around the first matching word, matched words between `**`. Computed here, not by
 * FTS5's snippet() or ts_headline(), so both backends give the same snippet, and a long text with many
 * matches costs linear time (snippet() is quadratic in the number of matches).
 */
export function buildSnippet(excerpt: string, terms: readonly string[]): string {
  const wanted = new Set(terms);
  const words = wordsOf(excerpt);
  if (words.length === 0) return '';
  const matches = words.map((word) => wanted.has(foldText(word.word)));
  const first = Math.max(matches.indexOf(true), 0);
  const from = Math.max(first - WORDS_BEFORE, 0);
  const to = Math.min(first + WORDS_AFTER, words.length - 1);
  let out = from > 0 ? '… ' : '';
  let cursor = words[from]?.start ?? 0;
  for (let i = from; i <= to; i++) {
    const word = words[i];
    if (word === undefined) continue;
    out += excerpt.slice(cursor, word.start).replace(/\s+/g, ' ');
    out += matches[i] ? `**${word.word}**` : word.word;
    cursor = word.end;
  }
  if (to < words.length - 1) out += ' …';
  return out.trim();
}
