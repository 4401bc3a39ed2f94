import { permissionBits } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { checkPathInput, filePathInput } from '../files/fileShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import {
  checkExpireDateInput,
  checkPermissionsInput,
  expireDateInput,
  permissionsInput,
  shareFailure,
  shareShape,
  toShareOutput,
  whoCanSee,
} from './shareShapes.js';

/** `nc_share_create`: shares a file or folder with a user or group, or as a public link. */
export const createShareTool = defineTool({
  name: 'nc_share_create',
  title: 'Share a file or folder',
  description:
    'Share a file or folder with a user or group (id from nc_sharees_search), or as a public link anyone ' +
    'with the URL can open. The result says who can now see it.',
  family: 'sharing',
  scopes: [SCOPES.sharingWrite],
  inputSchema: {
    path: filePathInput,
    type: z.enum(['user', 'group', 'link']),
    shareWith: z.string().min(1).max(255).optional().describe('User or group id (not for links)'),
    permissions: permissionsInput.optional().describe('Default: users/groups all, links read'),
    password: z.string().min(1).max(256).optional().describe('Links only; never shown again'),
    expireDate: expireDateInput.optional(),
    note: z.string().max(4000).optional().describe('Note to the recipient'),
    label: z.string().max(255).optional().describe('Links only'),
  },
  outputSchema: {
    share: z.object(shareShape),
    whoCanSee: z.string(),
    alreadyShared: z.boolean().describe('It was shared with them before; that share is unchanged'),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(input, { nextcloud }) {
    const path = checkPathInput('path', input.path);
    if (path === '') throw new ToolInputError('path: your home folder itself cannot be shared');
    const link = input.type === 'link';
    if (link && input.shareWith !== undefined) throw new ToolInputError('shareWith: not for links');
    if (!link && input.shareWith === undefined)
      throw new ToolInputError(`shareWith: needed for a ${input.type} share`);
    if (!link && (input.password !== undefined || input.label !== undefined)) {
      throw new ToolInputError('password and label: only for links');
    }
    checkPermissionsInput(input.permissions);
    checkExpireDateInput(input.expireDate);
    if (input.type === 'user' && input.shareWith === (await nextcloud.userId())) {
      throw new ToolInputError('shareWith: you cannot share with yourself');
    }
    const notFound = link
      ? `Not found: "${path}" does not exist${input.expireDate ? ', or the expiry date is in the past' : ''}.`
      : `Not found: "${path}" does not exist, or there is no ${input.type} "${input.shareWith}" ` +
        '(find one with nc_sharees_search).';
    const refused = 'Nextcloud refused these share settings (check permissions and dates).';
    try {
      if (!link) {
        // Nextcloud answers a repeated share with the existing one, silently unchanged (sharing/028): say so.
        const existing = (await nextcloud.sharing.list({ path })).find(
          (share) => share.kind === input.type && share.shareWith === input.shareWith,
        );
        if (existing) {
          const share = toShareOutput(existing);
          return { share, whoCanSee: whoCanSee(share), alreadyShared: true };
        }
      }
      const created = await nextcloud.sharing.create({
        path,
        kind: input.type,
        ...(input.shareWith === undefined ? {} : { shareWith: input.shareWith }),
        ...(input.permissions === undefined ? {} : { permissions: permissionBits(input.permissions) }),
        ...(input.password === undefined ? {} : { password: input.password }),
        ...(input.expireDate === undefined ? {} : { expireDate: input.expireDate }),
        ...(input.note === undefined ? {} : { note: input.note }),
        ...(input.label === undefined ? {} : { label: input.label }),
      });
      const share = toShareOutput(created);
      return { share, whoCanSee: whoCanSee(share), alreadyShared: false };
    } catch (error) {
      return shareFailure(error, notFound, refused);
    }
  },
});
