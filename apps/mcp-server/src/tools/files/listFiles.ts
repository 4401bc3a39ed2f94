import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { pageOf, sortEntries } from './fileListing.js';
import { checkPathInput, fileEntryShape, filePathInput, toFileEntry } from './fileShapes.js';

/** `nc_files_list`: one folder's entries, sorted and paged. */
export const listFilesTool = defineTool({
  name: 'nc_files_list',
  title: 'List a folder',
  description:
    'List one folder of the user’s Nextcloud files (not recursive): path, type, size, modified, etag. ' +
    'Sorted by name (folders first) or newest first; page with offset/limit.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: {
    path: filePathInput.default(''),
    sort: z
      .enum(['name', 'modified'])
      .default('name')
      .describe('"name": folders first; "modified": newest first'),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  },
  outputSchema: {
    folder: z.string(),
    entries: z.array(z.object(fileEntryShape)),
    total: z.number().int().describe('Entries in the folder'),
    truncated: z.boolean().describe('More entries follow this page'),
    nextOffset: z.number().int().optional(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ path, sort, limit, offset }, { nextcloud }) {
    const folder = checkPathInput('path', path);
    const entries = await nextcloud.webdav.propfind(folder, { depth: 1 });
    const self = entries.find((entry) => entry.path === folder);
    if (self?.type === 'file')
      throw new ToolInputError('path: is a file; use nc_files_stat or nc_files_read');
    const children = entries.filter((entry) => entry.path !== folder).map(toFileEntry);
    return { folder, ...pageOf(sortEntries(children, sort), offset, limit) };
  },
});
