import type { Note } from '@nc-mcp/nextcloud';
import { z } from 'zod';

/** A note without its content, as lists and write results show it. */
export const noteSummaryShape = {
  id: z.number().int().describe('Note id'),
  title: z.string(),
  category: z.string().describe('Category ("" for none); a "/"-separated folder path under Notes/'),
  favorite: z.boolean(),
  modified: z.number().int().describe('Last modification, Unix seconds'),
  etag: z.string().describe('Pass this to nc_notes_update to avoid overwriting someone else’s change'),
};

/** A note with its content. */
export const noteShape = { ...noteSummaryShape, content: z.string() };

/** Input field: a note id. */
export const noteIdInput = z
  .number()
  .int()
  .positive()
  .describe('The note id, from nc_notes_list or nc_notes_search');

/** Input field: a category path. */
export const categoryInput = z
  .string()
  .max(512)
  .describe('Category: a "/"-separated folder path under Notes/, e.g. "Work/Projects"');

/** Projects a note onto {@link noteSummaryShape}. */
export function toSummary(note: Note): z.infer<z.ZodObject<typeof noteSummaryShape>> {
  return {
    id: note.id,
    title: note.title,
    category: note.category,
    favorite: note.favorite,
    modified: note.modified,
    etag: note.etag,
  };
}

/** Projects a note onto {@link noteShape}. */
export function toFullNote(note: Note): z.infer<z.ZodObject<typeof noteShape>> {
  return { ...toSummary(note), content: note.content ?? '' };
}
