import { describe, expect, it } from 'vitest';
import { noteExcerpt } from './noteExcerpt.js';

describe('noteExcerpt (the Notes search subline)', () => {
  it('drops a leading title, Markdown markers and surrounding space (search/006)', () => {
    expect(noteExcerpt('Quarterly planning', '# Quarterly planning\nQuarterly goals and OKRs')).toBe(
      'Quarterly goals and OKRs',
    );
    expect(noteExcerpt('Groceries', 'milk, quarterly bulk order of rice')).toBe(
      'milk, quarterly bulk order of rice',
    );
    expect(noteExcerpt('T', '- **bold** item')).toBe('bold item');
  });

  it('cuts at 100 characters with an ellipsis and shows line breaks as EM SPACE', () => {
    expect(noteExcerpt('x', `${'€'.repeat(120)}`)).toBe(`${'€'.repeat(100)}…`);
    expect(noteExcerpt('x', 'one\ntwo')).toBe('one\u2003two');
  });
});
