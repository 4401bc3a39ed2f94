import { z } from 'zod';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';

/** `revoke_nextcloud_access`: withdraws background access at the IdP and forgets the stored grant. */
export const revokeNextcloudAccessTool = defineTool({
  name: 'revoke_nextcloud_access',
  title: 'Revoke background access',
  description:
    'Withdraw the background access the user granted: revoked at the identity provider and deleted here. Session tools keep working.',
  family: 'provisioning',
  scopes: [],
  inputSchema: {},
  outputSchema: {
    revoked: z.boolean().describe('A stored grant was deleted; false when none existed.'),
    idpConfirmed: z.boolean().describe('The identity provider confirmed the revocation.'),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(_input, { provisioning, background, logger }) {
    if (!provisioning) throw new ToolStateError('precondition', 'Background access is not offered here.');
    const { revoked, idpConfirmed } = await provisioning.revoke();
    if (revoked) {
      // Best effort: the worker's reconcile job drops the schedule anyway.
      await background?.userRevoked().catch((error: unknown) => {
        logger.warn(
          { errorCode: (error as { code?: unknown }).code },
          'could not tell the worker about a revocation',
        );
      });
    }
    const message = !revoked
      ? 'Background access was not granted; nothing to revoke.'
      : idpConfirmed
        ? 'Background access is revoked and the stored grant deleted.'
        : 'The stored grant is deleted, but the identity provider did not confirm the revocation; it expires on its own.';
    return { revoked, idpConfirmed, message };
  },
});
