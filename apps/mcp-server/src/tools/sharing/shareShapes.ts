import { isNextcloudError, permissionNames, SHARE_PERMISSIONS, type Share } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { ToolInputError, ToolStateError } from '../toolErrors.js';

/** One share as the sharing tools show it; a password is only ever reported as present. */
export const shareShape = {
  id: z.string(),
  type: z.enum(['user', 'group', 'link', 'email', 'federated', 'other']),
  path: z.string().describe('Relative to your files root'),
  itemType: z.enum(['file', 'folder']),
  permissions: z.array(z.enum(SHARE_PERMISSIONS)),
  permissionBits: z.number().int().describe('read 1, update 2, create 4, delete 8, share 16'),
  owner: z.string(),
  shareWith: z.string().optional().describe('User or group id'),
  shareWithName: z.string().optional(),
  url: z.string().optional().describe('Public link URL'),
  expiration: z.string().optional().describe('YYYY-MM-DD, the last day it works'),
  note: z.string().optional(),
  label: z.string().optional(),
  hasPassword: z.boolean(),
};

/** A value of {@link shareShape}. */
export type ShareOutput = z.infer<z.ZodObject<typeof shareShape>>;

/** Projects a client share onto {@link shareShape}. */
export function toShareOutput(share: Share): ShareOutput {
  return {
    id: share.id,
    type: share.kind,
    path: share.path,
    itemType: share.itemType,
    permissions: permissionNames(share.permissions),
    permissionBits: share.permissions,
    owner: share.owner,
    ...(share.shareWith === null ? {} : { shareWith: share.shareWith }),
    ...(share.shareWithDisplayName === null ? {} : { shareWithName: share.shareWithDisplayName }),
    ...(share.url === undefined ? {} : { url: share.url }),
    ...(share.expiration === null ? {} : { expiration: share.expiration }),
    ...(share.note === '' ? {} : { note: share.note }),
    ...(share.label === '' ? {} : { label: share.label }),
    hasPassword: share.hasPassword,
  };
}

/** Input field: the permissions of a share, by name. */
export const permissionsInput = z
  .array(z.enum(SHARE_PERMISSIONS))
  .min(1)
  .max(5)
  .describe('Must include "read"; files cannot take create/delete');

/** Input field: an expiry date. */
export const expireDateInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('YYYY-MM-DD; the share stops working after that day');

/** Input field: a share id from nc_shares_list or nc_share_create. */
export const shareIdInput = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
  .describe('Share id from nc_shares_list');

/** Refuses permissions without read (Nextcloud's answer would be a bare 400). */
export function checkPermissionsInput(permissions: readonly string[] | undefined): void {
  if (permissions !== undefined && !permissions.includes('read')) {
    throw new ToolInputError('permissions: must include "read"');
  }
}

/** Refuses a date that is in the past everywhere on Earth (Nextcloud answers 404 for it, sharing/018). */
export function checkExpireDateInput(date: string | null | undefined, now = Date.now()): void {
  if (date === undefined || date === null) return;
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) {
    throw new ToolInputError('expireDate: not a valid date (YYYY-MM-DD)');
  }
  // A day of slack: the server's "today" may still be yesterday in UTC.
  if (time < now - 2 * 86_400_000) throw new ToolInputError('expireDate: the date is in the past');
}

/** Who can now open the item, in one plain sentence (what a user must know before a link goes out). */
export function whoCanSee(share: ShareOutput): string {
  const what = `"${share.path}"`;
  const rights = share.permissions.join(', ');
  const until = share.expiration ? ` until ${share.expiration}` : '';
  switch (share.type) {
    case 'link':
      return (
        `Anyone with the link can now open ${what}${until} (${rights})` +
        `${share.hasPassword ? ' if they also have the password' : ', no password needed'}: ${share.url ?? ''}`
      );
    case 'user':
      return `${share.shareWithName ?? share.shareWith} (user ${share.shareWith}) can now open ${what}${until} (${rights}).`;
    case 'group':
      return `Every member of group ${share.shareWith} can now open ${what}${until} (${rights}).`;
    default:
      return `${share.shareWith ?? 'The recipient'} can now open ${what}${until} (${rights}).`;
  }
}

/**
 * Rewords a Nextcloud failure of a call about share `id` (or a new share): a missing share or path is
 * a curated `not_found`, a refused value an input error; anything else goes to the common mapping.
 */
export function shareFailure(error: unknown, notFound: string, badRequest: string): never {
  if (isNextcloudError(error, 'not_found')) throw new ToolStateError('not_found', notFound, { cause: error });
  if (isNextcloudError(error, 'bad_request') && error.status !== undefined) {
    throw new ToolInputError(badRequest);
  }
  throw error;
}
