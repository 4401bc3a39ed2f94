import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { categoryInput, noteSummaryShape, noteTitleInput, toSummary } from './noteShapes.js';

/** `nc_notes_create`: a new note. */
export const createNoteTool = defineTool({
  name: 'nc_notes_create',
  title: 'Create a note',
  description:
    'Create a note. If a note with the same title exists, Nextcloud keeps both (the new file gets a suffix). ' +
    'Returns the new note’s id and etag.',
  family: 'notes',
  scopes: [SCOPES.notesWrite],
  inputSchema: {
    title: noteTitleInput,
    content: z.string().max(1_000_000).default('').describe('Markdown content'),
    category: categoryInput.optional(),
  },
  outputSchema: noteSummaryShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ title, content, category }, { nextcloud }) {
    return toSummary(await nextcloud.notes.create({ title, content, category }));
  },
});
