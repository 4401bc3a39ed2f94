import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { noteIdInput, noteSummaryShape, toSummary } from './noteShapes.js';

/** `nc_notes_append`: adds text at the end of a note without overwriting concurrent edits. */
export const appendToNoteTool = defineTool({
  name: 'nc_notes_append',
  title: 'Append to a note',
  description:
    'Add text at the end of a note (on a new line). Safe against concurrent edits: the note is re-read and the ' +
    'write retried if it changed meanwhile.',
  family: 'notes',
  scopes: [SCOPES.notesWrite],
  inputSchema: {
    id: noteIdInput,
    text: z.string().min(1).max(1_000_000).describe('Markdown text to add'),
  },
  outputSchema: noteSummaryShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ id, text }, { nextcloud }) {
    return toSummary(await nextcloud.notes.append(id, text));
  },
});
