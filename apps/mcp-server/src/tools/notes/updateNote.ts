import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { categoryInput, noteIdInput, noteSummaryShape, noteTitleInput, toSummary } from './noteShapes.js';

/** `nc_notes_update`: replaces a note's title, content or category, guarded by its etag. */
export const updateNoteTool = defineTool({
  name: 'nc_notes_update',
  title: 'Update a note',
  description:
    'Replace a note’s content, title or category. Pass the etag from nc_notes_get: if the note changed since, ' +
    'nothing is written and you get a conflict with the current etag. Content given here replaces the whole content.',
  family: 'notes',
  scopes: [SCOPES.notesWrite],
  inputSchema: {
    id: noteIdInput,
    etag: z.string().min(1).max(200).describe('The etag you read the note with'),
    title: noteTitleInput.optional(),
    content: z.string().max(1_000_000).optional(),
    category: categoryInput.optional(),
  },
  outputSchema: noteSummaryShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ id, etag, title, content, category }, { nextcloud }) {
    if (title === undefined && content === undefined && category === undefined) {
      throw new ToolInputError('give at least one of title, content or category');
    }
    return toSummary(await nextcloud.notes.update(id, { title, content, category }, { etag }));
  },
});
