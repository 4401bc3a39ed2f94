import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { checkPathInput, fileEntryShape, filePathInput, toFileEntry } from './fileShapes.js';

const instant = z.iso.datetime({ offset: true });

/** `nc_files_search`: files and folders by name, type and modification time, newest first. */
export const searchFilesTool = defineTool({
  name: 'nc_files_search',
  title: 'Search files',
  description:
    'Search the user’s files (recursively, newest first) by name substring, MIME type ("image/*" for a ' +
    'family) and modification time range. Every given criterion must match.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: {
    name: z.string().min(1).max(200).optional().describe('Case-insensitive part of the file name'),
    contentType: z.string().min(1).max(100).optional().describe('"application/pdf", or "image/*"'),
    modifiedAfter: instant.optional().describe('ISO 8601, e.g. 2026-01-31T00:00:00Z'),
    modifiedBefore: instant.optional().describe('ISO 8601'),
    under: filePathInput.optional().describe('Folder to search in; default everything'),
    limit: z.number().int().min(1).max(500).default(50),
  },
  outputSchema: {
    entries: z.array(z.object(fileEntryShape)),
    truncated: z.boolean().describe('More matches exist beyond limit'),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(input, { nextcloud }) {
    const under = input.under === undefined ? undefined : checkPathInput('under', input.under);
    const after = input.modifiedAfter === undefined ? undefined : new Date(input.modifiedAfter);
    const before = input.modifiedBefore === undefined ? undefined : new Date(input.modifiedBefore);
    if (after && before && after >= before)
      throw new ToolInputError('modifiedAfter must be before modifiedBefore');
    // One more than asked shows whether the limit cut anything off.
    const found = await nextcloud.webdav.search({
      ...(input.name === undefined ? {} : { nameContains: input.name }),
      ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
      ...(under === undefined ? {} : { under }),
      ...(after === undefined ? {} : { modifiedAfter: after }),
      ...(before === undefined ? {} : { modifiedBefore: before }),
      limit: input.limit + 1,
    });
    return {
      entries: found.slice(0, input.limit).map(toFileEntry),
      truncated: found.length > input.limit,
    };
  },
});
