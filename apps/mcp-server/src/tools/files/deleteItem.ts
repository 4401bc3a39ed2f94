import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { filePathInput } from './fileShapes.js';
import { writablePath } from './writeTargets.js';

/** `nc_files_delete`: deletes a file or folder (Nextcloud keeps it in the trash bin). */
export const deleteItemTool = defineTool({
  name: 'nc_files_delete',
  title: 'Delete a file or folder',
  description:
    'Delete a file or a folder with everything in it. Nextcloud moves it to the trash bin, where the user ' +
    'can restore it.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: { path: filePathInput.describe('The file or folder, relative to your files root') },
  outputSchema: { path: z.string(), deleted: z.literal(true) },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ path }, { nextcloud }) {
    const target = writablePath('path', path);
    await nextcloud.webdav.delete(target);
    return { path: target, deleted: true as const };
  },
});
