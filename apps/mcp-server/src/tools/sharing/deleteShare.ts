import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { shareFailure, shareIdInput } from './shareShapes.js';

/** `nc_share_delete`: ends a share (a public link stops working at once). */
export const deleteShareTool = defineTool({
  name: 'nc_share_delete',
  title: 'Delete a share',
  description:
    'Delete one of your shares (its link stops working), or remove a share you received from your files. ' +
    'The shared item itself stays.',
  family: 'sharing',
  scopes: [SCOPES.sharingWrite],
  inputSchema: { id: shareIdInput },
  outputSchema: { id: z.string(), deleted: z.literal(true) },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ id }, { nextcloud }) {
    await nextcloud.sharing
      .delete(id)
      .catch((error: unknown) =>
        shareFailure(
          error,
          `Not found: share ${id} does not exist or was already deleted.`,
          'Invalid share id.',
        ),
      );
    return { id, deleted: true as const };
  },
});
