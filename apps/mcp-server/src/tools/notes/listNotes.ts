import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { categoryInput, noteSummaryShape, toSummary } from './noteShapes.js';

/** `nc_notes_list`: the user's notes, newest first, without content. */
export const listNotesTool = defineTool({
  name: 'nc_notes_list',
  title: 'List notes',
  description:
    'List the user’s Nextcloud notes (newest first) with id, title, category and etag, without their content. ' +
    'Filter by category; use nc_notes_get to read one note.',
  family: 'notes',
  scopes: [SCOPES.notesRead],
  inputSchema: {
    category: categoryInput.optional(),
    limit: z.number().int().min(1).max(500).default(100).describe('At most this many notes'),
  },
  outputSchema: {
    notes: z.array(z.object(noteSummaryShape)),
    total: z.number().int().describe('How many notes matched before the limit'),
    truncated: z.boolean(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ category, limit }, { nextcloud }) {
    const notes = await nextcloud.notes.list({ category, excludeContent: true, chunkSize: 100 });
    const sorted = [...notes].sort((a, b) => b.modified - a.modified);
    return {
      notes: sorted.slice(0, limit).map(toSummary),
      total: sorted.length,
      truncated: sorted.length > limit,
    };
  },
});
