import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { filePathInput } from './fileShapes.js';
import { versionedFile } from './fileVersionTarget.js';

/** `nc_files_versions_list`: a file's versions, newest first. */
export const listVersionsTool = defineTool({
  name: 'nc_files_versions_list',
  title: 'List file versions',
  description:
    'List the saved versions of a file, newest first; the one marked current is the content now. ' +
    'Restore one with nc_files_version_restore.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: { path: filePathInput.describe('The file, relative to your files root') },
  outputSchema: {
    path: z.string(),
    versions: z.array(
      z.object({
        versionId: z.string().describe('Pass to nc_files_version_restore'),
        modified: z.string().optional().describe('ISO 8601'),
        size: z.number().int().optional(),
        author: z.string().optional(),
        label: z.string().optional(),
        current: z.boolean(),
      }),
    ),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ path }, { nextcloud }) {
    const file = await versionedFile(nextcloud, path);
    const currentId =
      file.lastModified === undefined ? undefined : String(Math.floor(Date.parse(file.lastModified) / 1000));
    const versions = (await nextcloud.webdav.listVersions(file.fileId)).map((version) => ({
      versionId: version.versionId,
      ...(version.modified === undefined ? {} : { modified: version.modified }),
      ...(version.size === undefined ? {} : { size: version.size }),
      ...(version.author === undefined ? {} : { author: version.author }),
      ...(version.label === undefined ? {} : { label: version.label }),
      // Nextcloud lists the current content as the version named by the file's mtime (webdav/067).
      current: version.versionId === currentId,
    }));
    return { path: file.path, versions };
  },
});
