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

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Input field: a note title. One line: Nextcloud would keep only the first line of a title with a line
 * break and store a NUL in the file name, so control characters (tab and newline included) are refused.
 */
export const noteTitleInput = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((title) => !CONTROL_CHARACTERS.test(title), {
    message: 'title must be one line without control characters (no newline, tab or NUL)',
  })
  .describe(
    'The note title, also its file name: one line without control characters (no newline or tab). ' +
      'Nextcloud keeps the first 100 characters and drops characters such as / \\ : * ? " < > | and leading dots.',
  );

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
