import { INDEX_FAMILIES } from '@nc-mcp/search-index';
import { z } from 'zod';
import { defineTool } from '../toolDefinition.js';
import { backgroundOf, isGranted } from './backgroundShapes.js';

/** `nc_sync_status`: whether background access is granted, and how the last background sync went. */
export const syncStatusTool = defineTool({
  name: 'nc_sync_status',
  title: 'Background sync status',
  description:
    'Whether background access is granted, when the last background sync ran, what it indexed and which errors it met.',
  family: 'background',
  scopes: [],
  inputSchema: {},
  outputSchema: {
    provisioned: z.boolean(),
    lastSync: z
      .object({ at: z.string(), state: z.string(), items: z.number().int(), errors: z.array(z.string()) })
      .optional(),
    counts: z.partialRecord(z.enum(INDEX_FAMILIES), z.number().int()).optional(),
    message: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(_input, context) {
    const background = backgroundOf(context);
    const provisioned = await isGranted(context);
    const index = await background.index();
    const last = await index?.syncStatus(background.userId);
    const counts = await index?.counts(background.userId);
    return {
      provisioned,
      ...(last
        ? {
            lastSync: {
              at: new Date(last.at).toISOString(),
              state: last.state,
              items: last.items,
              errors: [...last.errors],
            },
          }
        : {}),
      ...(counts ? { counts } : {}),
      ...(provisioned
        ? last
          ? {}
          : { message: 'No background sync has run yet for you; nc_sync_now queues one.' }
        : { message: `Background access is not granted. ${background.howToGrant}` }),
    };
  },
});
