import { isNextcloudError } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';
import { filePathInput } from './fileShapes.js';
import { writablePath } from './writeTargets.js';

/** `nc_files_favorite`: sets or clears the favorite flag of a file or folder. */
export const favoriteItemTool = defineTool({
  name: 'nc_files_favorite',
  title: 'Mark or unmark a favorite',
  description: 'Set (favorite: true) or clear (false) the favorite flag of a file or folder.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: {
    path: filePathInput.describe('The file or folder, relative to your files root'),
    favorite: z.boolean().default(true),
  },
  outputSchema: { path: z.string(), favorite: z.boolean() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ path, favorite }, { nextcloud }) {
    const target = writablePath('path', path);
    try {
      await nextcloud.webdav.setFavorite(target, favorite);
    } catch (error) {
      if (isNextcloudError(error, 'not_found')) {
        throw new ToolStateError('not_found', `Not found: "${target}" does not exist or you cannot see it.`, {
          cause: error,
        });
      }
      throw error;
    }
    return { path: target, favorite };
  },
});
