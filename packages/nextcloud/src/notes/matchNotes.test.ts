import { describe, expect, it } from 'vitest';
import { appendedContent } from './appendToNote.js';
import { matchNotes } from './matchNotes.js';
import type { Note } from './note.js';

const note = (id: number, title: string, content: string, modified: number): Note => ({
  id,
  title,
  content,
  modified,
  etag: `e${id}`,
  readonly: false,
  category: '',
  favorite: false,
});

describe('matchNotes', () => {
  const notes = [
    note(1, 'Groceries', 'milk, BREAD', 10),
    note(2, 'Bread recipe', 'flour', 5),
    note(3, 'Work', 'nothing here', 20),
    note(4, 'bread again', '', 30),
  ];

  it('matches case-insensitively, title hits first, newest first within a group', () => {
    expect(matchNotes(notes, 'bread').map((n) => n.id)).toEqual([4, 2, 1]);
  });

  it('applies the limit after ordering', () => {
    expect(matchNotes(notes, 'BREAD', 2).map((n) => n.id)).toEqual([4, 2]);
  });
});

describe('appendedContent', () => {
  it('adds the separator only between existing text and the new text', () => {
    expect(appendedContent('a', 'b', '\n')).toBe('a\nb');
    expect(appendedContent('a\n', 'b', '\n')).toBe('a\nb');
    expect(appendedContent('', 'b', '\n')).toBe('b');
    expect(appendedContent('a', 'b', ' | ')).toBe('a | b');
  });
});
