import { describe, expect, it } from 'vitest';
import { buildSnippet } from './snippet.js';

describe('buildSnippet', () => {
  it('shows the words around the first match with every match highlighted', () => {
    const text = 'one two three four five six seven eight Budget nine ten budget eleven';
    expect(buildSnippet(text, ['budget'])).toBe(
      '… three four five six seven eight **Budget** nine ten **budget** eleven',
    );
  });

  it('matches accents and case as the index does', () => {
    expect(buildSnippet('Meeting at the CAFÉ', ['cafe'])).toBe('Meeting at the **CAFÉ**');
  });

  it('starts at the beginning when only the title matched, and is empty for no text', () => {
    expect(buildSnippet('Nothing here', ['budget'])).toBe('Nothing here');
    expect(buildSnippet('', ['budget'])).toBe('');
  });

  it('stays fast and short for a text made of matches', () => {
    expect(buildSnippet('word '.repeat(40_000), ['word']).length).toBeLessThan(200);
  });
});
