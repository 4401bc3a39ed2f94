import { NextcloudError } from '@nc-mcp/nextcloud';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { checkPathInput, fileEntryShape, filePathInput, toFileEntry } from './fileShapes.js';

/** `nc_files_stat`: one file or folder's metadata. */
export const statFileTool = defineTool({
  name: 'nc_files_stat',
  title: 'File details',
  description:
    'Details of one file or folder: type, size, modified, etag, content type, favorite, how it is shared.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: { path: filePathInput },
  outputSchema: fileEntryShape,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ path }, { nextcloud }) {
    const normalized = checkPathInput('path', path);
    const [entry] = await nextcloud.webdav.propfind(normalized, { depth: 0 });
    // Another user's root answers 207 with an empty stub (quirk 17); nothing there is the caller's.
    if (entry === undefined || entry.etag === '') throw new NextcloudError('not_found', 'Not found');
    return toFileEntry(entry);
  },
});
