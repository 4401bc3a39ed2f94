import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';

/** `nc_sharees_search`: users and groups to share with, by name, id or email. */
export const searchShareesTool = defineTool({
  name: 'nc_sharees_search',
  title: 'Find people to share with',
  description: 'Find users and groups to share with by name, id or email; use the id as shareWith.',
  family: 'sharing',
  scopes: [SCOPES.sharingRead],
  inputSchema: {
    query: z.string().min(1).max(200),
    itemType: z.enum(['file', 'folder']).default('file'),
    limit: z.number().int().min(1).max(50).default(20),
  },
  outputSchema: {
    sharees: z.array(
      z.object({
        type: z.enum(['user', 'group']),
        id: z.string().describe('What shareWith takes'),
        name: z.string(),
        unique: z.string().optional().describe('Tells people with the same name apart'),
        exact: z.boolean(),
      }),
    ),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ query, itemType, limit }, { nextcloud }) {
    const found = await nextcloud.sharing.searchSharees(query, { itemType, perPage: limit });
    return {
      sharees: found.slice(0, limit).map((sharee) => ({
        type: sharee.kind,
        id: sharee.id,
        name: sharee.label,
        ...(sharee.unique === undefined ? {} : { unique: sharee.unique }),
        exact: sharee.exact,
      })),
    };
  },
});
