import { z } from 'zod';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';
import { backgroundOf, requireGranted } from './backgroundShapes.js';

/** `nc_sync_now`: queues a background sync of the caller's Nextcloud now. */
export const syncNowTool = defineTool({
  name: 'nc_sync_now',
  title: 'Sync now',
  description:
    'Queue a background sync of the user’s notes, files, calendars and contacts now (one waits at most; needs background access).',
  family: 'background',
  scopes: [],
  inputSchema: {},
  outputSchema: { queued: z.literal(true), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(_input, context) {
    const background = backgroundOf(context);
    await requireGranted(context);
    try {
      await background.syncNow();
    } catch (cause) {
      context.logger.warn({ errorCode: (cause as { code?: unknown }).code }, 'could not queue a sync');
      throw new ToolStateError(
        'precondition',
        'The background sync queue is unavailable right now. Try again later.',
        {
          cause,
        },
      );
    }
    return { queued: true as const, message: 'A sync is queued; nc_sync_status shows when it ran.' };
  },
});
