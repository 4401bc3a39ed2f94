import type { Note } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { completeNoteIds } from './noteCompletion.js';

function note(id: number, modified: number, title: string): Note {
  return { id, modified, title, etag: `e${id}`, readonly: false, category: '', favorite: false };
}

const notes = [
  note(1, 100, 'Shopping list'),
  note(2, 300, 'Holiday SHOPPING'),
  note(3, 200, 'Meeting notes'),
  note(4, 300, 'shopping for Bob'),
];

describe('completing a note id by title', () => {
  it('offers the ids of the notes whose title contains the text, ignoring case, newest first', () => {
    expect(completeNoteIds(notes, 'shop')).toEqual(['4', '2', '1']);
    expect(completeNoteIds(notes, ' MEETING ')).toEqual(['3']);
  });

  it('offers every note, newest first, for empty text and none for an unknown title', () => {
    expect(completeNoteIds(notes, '')).toEqual(['4', '2', '3', '1']);
    expect(completeNoteIds(notes, 'nothing like it')).toEqual([]);
  });
});
