import { isNextcloudError } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';
import { filePathInput } from './fileShapes.js';
import { versionedFile } from './fileVersionTarget.js';

/** `nc_files_version_restore`: rolls a file back to one of its versions. */
export const restoreVersionTool = defineTool({
  name: 'nc_files_version_restore',
  title: 'Restore a file version',
  description:
    'Make an earlier version (versionId from nc_files_versions_list) the file’s content again; the ' +
    'content it replaces is kept as a version. Returns the new etag.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: {
    path: filePathInput.describe('The file, relative to your files root'),
    versionId: z
      .string()
      .regex(/^\d{1,20}$/)
      .describe('e.g. "1795739094"'),
  },
  outputSchema: {
    path: z.string(),
    versionId: z.string(),
    etag: z.string().describe('The file’s etag after the restore'),
    modified: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ path, versionId }, { nextcloud }) {
    const file = await versionedFile(nextcloud, path);
    try {
      await nextcloud.webdav.restoreVersion(file.fileId, versionId);
    } catch (error) {
      if (isNextcloudError(error, 'not_found')) {
        throw new ToolStateError(
          'not_found',
          `Not found: "${file.path}" has no version "${versionId}"; list them with nc_files_versions_list.`,
          { cause: error },
        );
      }
      throw error;
    }
    const [after] = await nextcloud.webdav.propfind(file.path, { depth: 0 });
    return {
      path: file.path,
      versionId,
      etag: after?.etag ?? '',
      ...(after?.lastModified === undefined ? {} : { modified: after.lastModified }),
    };
  },
});
