import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { categoryInput, noteSummaryShape, toSummary } from './noteShapes.js';

const EXCERPT_RADIUS = 80;

/** `nc_notes_search`: notes whose title or content contains the query. */
export const searchNotesTool = defineTool({
  name: 'nc_notes_search',
  title: 'Search notes',
  description:
    'Find the user’s notes whose title or content contains the query (case-insensitive). Returns matching notes ' +
    'with a short excerpt around the first match.',
  family: 'notes',
  scopes: [SCOPES.notesRead],
  inputSchema: {
    query: z.string().trim().min(1).max(200).describe('Text to look for'),
    category: categoryInput.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  },
  outputSchema: {
    notes: z.array(z.object({ ...noteSummaryShape, excerpt: z.string() })),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ query, category, limit }, { nextcloud }) {
    const notes = await nextcloud.notes.search(query, { category, limit });
    return {
      notes: notes.map((note) => ({ ...toSummary(note), excerpt: excerpt(note.content ?? '', query) })),
    };
  },
});

function excerpt(content: string, query: string): string {
  const at = content.toLowerCase().indexOf(query.toLowerCase());
  if (at < 0) return content.slice(0, EXCERPT_RADIUS * 2);
  const start = Math.max(0, at - EXCERPT_RADIUS);
  const end = Math.min(content.length, at + query.length + EXCERPT_RADIUS);
  return `${start > 0 ? '…' : ''}${content.slice(start, end)}${end < content.length ? '…' : ''}`;
}
