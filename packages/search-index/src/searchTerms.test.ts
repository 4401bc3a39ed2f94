import { describe, expect, it } from 'vitest';
import { searchTerms, toFts5Match } from './searchTerms.js';

describe('searchTerms', () => {
  it('keeps words and drops every FTS operator', () => {
    expect(searchTerms('"budget" -draft* NEAR(a b) OR title:report (x)')).toEqual([
      'budget',
      'draft',
      'near',
      'a',
      'b',
      'or',
      'title',
      'report',
      'x',
    ]);
  });

  it('keeps non-Latin words, folds case and accents, and de-duplicates', () => {
    expect(searchTerms('Café cafe 東京 Ωmega')).toEqual(['cafe', '東京', 'ωmega']);
  });

  it('has no terms for a query of punctuation only', () => {
    expect(searchTerms(`" * - ( ) : ^ '`)).toEqual([]);
  });

  it('bounds the number and length of terms', () => {
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(searchTerms(many)).toHaveLength(16);
    expect(searchTerms('x'.repeat(500))[0]).toHaveLength(64);
  });

  it('quotes every term for FTS5', () => {
    expect(toFts5Match(['near', 'budget'])).toBe('"near" "budget"');
  });
});
