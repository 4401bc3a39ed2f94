import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { noteIdInput } from './noteShapes.js';

/** `nc_notes_delete`: deletes a note (Nextcloud keeps it in the trash bin). */
export const deleteNoteTool = defineTool({
  name: 'nc_notes_delete',
  title: 'Delete a note',
  description: 'Delete a note. Nextcloud moves its file to the trash bin, where the user can restore it.',
  family: 'notes',
  scopes: [SCOPES.notesWrite],
  inputSchema: { id: noteIdInput },
  outputSchema: { id: z.number().int(), deleted: z.literal(true) },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ id }, { nextcloud }) {
    await nextcloud.notes.delete(id);
    return { id, deleted: true as const };
  },
});
