import { describe, expect, it } from 'vitest';
import { NOTE_URI_TEMPLATE, noteUri, parseNoteUri } from './noteUri.js';

describe('note URIs', () => {
  it('formats and parses nextcloud://notes/<id>', () => {
    expect(noteUri(42)).toBe('nextcloud://notes/42');
    expect(parseNoteUri('nextcloud://notes/42')).toBe(42);
    expect(parseNoteUri(noteUri(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(NOTE_URI_TEMPLATE).toBe('nextcloud://notes/{id}');
  });

  it.each([
    'nextcloud://notes/0',
    'nextcloud://notes/-1',
    'nextcloud://notes/+1',
    'nextcloud://notes/007',
    'nextcloud://notes/1.5',
    'nextcloud://notes/1e3',
    'nextcloud://notes/abc',
    'nextcloud://notes/',
    'nextcloud://notes/12/',
    'nextcloud://notes/12/34',
    'nextcloud://notes/12?x=1',
    'nextcloud://notes/12#top',
    'nextcloud://notes/%31',
    'nextcloud://notes/ 12',
    'nextcloud://notes/12 ',
    'nextcloud://files/12',
    'NEXTCLOUD://notes/12',
    'nextcloud://notes/99999999999999999',
    `nextcloud://notes/${'9'.repeat(400)}`,
    'https://notes/12',
  ])('refuses %s', (uri) => {
    expect(parseNoteUri(uri)).toBeUndefined();
  });

  it('refuses to format an id that is not a positive safe integer', () => {
    for (const id of [0, -1, 1.5, Number.NaN, 2 ** 53]) expect(() => noteUri(id)).toThrow(RangeError);
  });
});
