import { permissionBits } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import {
  checkExpireDateInput,
  checkPermissionsInput,
  expireDateInput,
  permissionsInput,
  shareFailure,
  shareIdInput,
  shareShape,
  toShareOutput,
  whoCanSee,
} from './shareShapes.js';

/** `nc_share_update`: changes a share's permissions, password, expiry, note or label. */
export const updateShareTool = defineTool({
  name: 'nc_share_update',
  title: 'Change a share',
  description:
    'Change one of your shares: permissions, link password (or removePassword), expiry (null removes it), ' +
    'note, label.',
  family: 'sharing',
  scopes: [SCOPES.sharingWrite],
  inputSchema: {
    id: shareIdInput,
    permissions: permissionsInput.optional(),
    password: z.string().min(1).max(256).optional().describe('Links only; never shown again'),
    removePassword: z.boolean().optional(),
    expireDate: expireDateInput.nullable().optional(),
    note: z.string().max(4000).optional(),
    label: z.string().max(255).optional(),
  },
  outputSchema: { share: z.object(shareShape), whoCanSee: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, { nextcloud }) {
    if (input.password !== undefined && input.removePassword) {
      throw new ToolInputError('password and removePassword: give one of them');
    }
    checkPermissionsInput(input.permissions);
    checkExpireDateInput(input.expireDate);
    const patch = {
      ...(input.permissions === undefined ? {} : { permissions: permissionBits(input.permissions) }),
      ...(input.password === undefined ? {} : { password: input.password }),
      ...(input.removePassword ? { password: '' } : {}),
      ...(input.expireDate === undefined ? {} : { expireDate: input.expireDate ?? '' }),
      ...(input.note === undefined ? {} : { note: input.note }),
      ...(input.label === undefined ? {} : { label: input.label }),
    };
    if (Object.keys(patch).length === 0) throw new ToolInputError('nothing to change');
    const notFound =
      `Not found: share ${input.id} does not exist (list yours with nc_shares_list)` +
      `${input.expireDate ? ', or the expiry date is in the past' : ''}.`;
    const updated = await nextcloud.sharing
      .update(input.id, patch)
      .catch((error: unknown) =>
        shareFailure(
          error,
          notFound,
          'Nextcloud refused these share settings (check permissions and dates).',
        ),
      );
    const share = toShareOutput(updated);
    return { share, whoCanSee: whoCanSee(share) };
  },
});
