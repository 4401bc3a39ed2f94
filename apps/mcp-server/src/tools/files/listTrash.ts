import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { toTrashItem, trashItemShape } from './trashShapes.js';

/** `nc_files_trash_list`: the trash bin, newest deletion first, paged. */
export const listTrashTool = defineTool({
  name: 'nc_files_trash_list',
  title: 'List the trash bin',
  description:
    'List deleted files and folders in the trash bin, newest deletion first, with where each was; ' +
    'page with offset/limit.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: {
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  },
  outputSchema: {
    items: z.array(z.object(trashItemShape)),
    total: z.number().int().describe('Items in the trash bin'),
    truncated: z.boolean().describe('More items follow this page'),
    nextOffset: z.number().int().optional(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ limit, offset }, { nextcloud }) {
    // The client orders newest deletion first: Nextcloud documents no order of its own.
    const entries = await nextcloud.webdav.listTrash();
    const items = entries.slice(offset, offset + limit).map(toTrashItem);
    const end = offset + items.length;
    const truncated = end < entries.length;
    return { items, total: entries.length, truncated, ...(truncated ? { nextOffset: end } : {}) };
  },
});
