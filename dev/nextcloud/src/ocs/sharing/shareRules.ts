import type { Request } from 'express';
import type { FsNode } from '../../store/node.js';

/** The create/update parameters, from a JSON or form-encoded body (sharing/002, 003), as strings. */
export interface Params {
  path?: string;
  shareType?: string;
  shareWith?: string;
  permissions?: string;
  password?: string;
  expireDate?: string;
  note?: string;
  label?: string;
}

const NAMES = [
  'path',
  'shareType',
  'shareWith',
  'permissions',
  'password',
  'expireDate',
  'note',
  'label',
] as const;

/** Reads {@link Params} from the parsed body; numbers and booleans become strings as PHP sees them. */
export function paramsOf(req: Request): Params {
  const body: Record<string, unknown> =
    typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body) ? req.body : {};
  const params: Params = {};
  for (const name of NAMES) {
    const value = body[name];
    if (typeof value === 'string' || typeof value === 'number') params[name] = String(value);
  }
  return params;
}

const READ = 1;
const CREATE = 4;
const DELETE = 8;
const SHARE = 16;
const ALL = 31;

/**
 * The permissions a value asks for on `node`, or undefined when it is not a mask of 0–31 (sharing/017).
 * A file cannot take create or delete; a public link always carries share (17 for read-only, sharing/004–005).
 */
export function checkPermissions(value: string, shareType: number, node: FsNode): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  let permissions = Number(value);
  if (permissions > ALL) return undefined;
  if (node.kind === 'file') permissions &= ~(CREATE | DELETE);
  if (shareType === 3) permissions |= SHARE;
  return permissions;
}

/** The permissions of a new share: the default 31 for users (capability `default_permissions`), read-only for links. */
export function initialPermissions(
  value: string | undefined,
  shareType: number,
  node: FsNode,
): number | string {
  const asked = value ?? String(shareType === 3 ? READ : ALL);
  const permissions = checkPermissions(asked, shareType, node);
  if (permissions === undefined) return 'Invalid permissions';
  if ((permissions & (READ | CREATE)) === 0) return 'Share must at least have READ or CREATE permissions';
  return permissions;
}

/**
 * An `expireDate` ('YYYY-MM-DD') as Nextcloud stores it ('… 23:59:59', sharing/005), or the 404 message
 * it answers: a date before today is "in the past" (sharing/018).
 */
export function checkExpireDate(value: string, today: string): { value: string } | { error: string } {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = date ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (!date || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    return { error: 'Invalid date. Format must be YYYY-MM-DD' };
  }
  if (value < today) return { error: 'Expiration date is in the past' };
  return { value: `${value} 23:59:59` };
}
