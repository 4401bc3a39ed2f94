import { isNextcloudError } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { toTrashItem, trashItemShape } from './trashShapes.js';

/** `nc_files_trash_restore`: restores one trash bin item and says where it went. */
export const restoreTrashItemTool = defineTool({
  name: 'nc_files_trash_restore',
  title: 'Restore from the trash bin',
  description:
    'Restore one item from the trash bin (trashName from nc_files_trash_list). It returns to its original ' +
    'path, renamed "… (restored)" if that is taken, or to the root if its folder is gone.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: {
    trashName: z.string().min(1).max(1024).describe('e.g. "report.txt.d1795739101"'),
  },
  outputSchema: {
    item: z.object(trashItemShape),
    restoredPath: z.string().optional().describe('Where it is now, relative to the files root'),
    atOriginalPath: z.boolean(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ trashName }, { nextcloud }) {
    let restored: Awaited<ReturnType<typeof nextcloud.webdav.restoreFromTrash>>;
    try {
      restored = await nextcloud.webdav.restoreFromTrash(trashName);
    } catch (error) {
      if (isNextcloudError(error, 'invalid_path')) throw new ToolInputError(`trashName: ${error.message}`);
      if (isNextcloudError(error, 'not_found')) {
        throw new ToolStateError(
          'not_found',
          `Not found: "${trashName}" is not in the trash bin; list it with nc_files_trash_list.`,
          { cause: error },
        );
      }
      throw error;
    }
    const item = toTrashItem(restored.entry);
    return {
      item,
      ...(restored.restoredPath === undefined ? {} : { restoredPath: restored.restoredPath }),
      atOriginalPath: restored.restoredPath === item.originalPath,
    };
  },
});
