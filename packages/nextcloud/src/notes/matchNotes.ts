import type { Note } from './note.js';

/**
 * Case-insensitive substring match on title and content, title hits first, newest first within each
 * group. Done on the client because the Notes API has no search parameter, and the unified-search
 * "notes" provider returns display entries (title, excerpt, link) without ids, etags or categories.
 */
export function matchNotes(notes: readonly Note[], query: string, limit?: number): Note[] {
  const needle = query.toLocaleLowerCase();
  const inTitle: Note[] = [];
  const inContent: Note[] = [];
  for (const note of notes) {
    if (note.title.toLocaleLowerCase().includes(needle)) inTitle.push(note);
    else if ((note.content ?? '').toLocaleLowerCase().includes(needle)) inContent.push(note);
  }
  const newestFirst = (a: Note, b: Note) => b.modified - a.modified;
  const result = [...inTitle.sort(newestFirst), ...inContent.sort(newestFirst)];
  return limit === undefined ? result : result.slice(0, Math.max(0, Math.floor(limit)));
}
