import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { noteIdInput, noteShape, toFullNote } from './noteShapes.js';

/** `nc_notes_get`: one note with its content and etag. */
export const getNoteTool = defineTool({
  name: 'nc_notes_get',
  title: 'Read a note',
  description: 'Read one note: title, category, content (Markdown) and the etag needed to update it.',
  family: 'notes',
  scopes: [SCOPES.notesRead],
  inputSchema: { id: noteIdInput },
  outputSchema: noteShape,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ id }, { nextcloud }) {
    return toFullNote(await nextcloud.notes.get(id));
  },
});
