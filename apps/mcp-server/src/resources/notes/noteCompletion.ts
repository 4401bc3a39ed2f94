import type { Note } from '@nc-mcp/nextcloud';
import { newestFirst } from './notePages.js';

/**
 * Completion of a note URI's `id`: the ids (as strings) of the notes whose title contains `typed`,
 * case-insensitively, newest first — an id alone means nothing to a person, so the order is the one
 * the user knows from the Notes app. All matches are returned; the SDK sends the first 100 and says
 * whether there are more.
 */
export function completeNoteIds(notes: readonly Note[], typed: string): string[] {
  const needle = typed.trim().toLocaleLowerCase();
  return newestFirst(notes)
    .filter((note) => note.title.toLocaleLowerCase().includes(needle))
    .map((note) => String(note.id));
}
