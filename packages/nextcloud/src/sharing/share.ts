import { protocolError } from '../http.js';

/** How an item is shared, by Nextcloud's `share_type` number (0 user, 1 group, 3 link, 4 email, 6 federated …). */
export type ShareKind = 'user' | 'group' | 'link' | 'email' | 'federated' | 'other';

const KIND_BY_TYPE: Readonly<Record<number, ShareKind>> = {
  0: 'user',
  1: 'group',
  3: 'link',
  4: 'email',
  6: 'federated',
};

/** The kind of a `share_type` number. */
export function shareKindOf(shareType: number): ShareKind {
  return KIND_BY_TYPE[shareType] ?? 'other';
}

/** The share permission bits, in Nextcloud's order (read 1, update 2, create 4, delete 8, share 16). */
export const SHARE_PERMISSIONS = ['read', 'update', 'create', 'delete', 'share'] as const;

/** One share permission by name. */
export type SharePermission = (typeof SHARE_PERMISSIONS)[number];

/** The names of the bits set in `permissions`. */
export function permissionNames(permissions: number): SharePermission[] {
  return SHARE_PERMISSIONS.filter((_, bit) => (permissions & (1 << bit)) !== 0);
}

/** The bit mask of `names`. */
export function permissionBits(names: readonly SharePermission[]): number {
  return names.reduce((bits, name) => bits | (1 << SHARE_PERMISSIONS.indexOf(name)), 0);
}

/** One share as `files_sharing` reports it; a password is only ever reported as present or not. */
export interface Share {
  /** A string, as Nextcloud sends it (sharing/002). */
  id: string;
  kind: ShareKind;
  shareType: number;
  /** Relative to the viewer's files root, without leading '/': the owner's path, or where a recipient sees it. */
  path: string;
  itemType: 'file' | 'folder';
  /** Bit mask (see {@link SHARE_PERMISSIONS}). */
  permissions: number;
  owner: string;
  ownerDisplayName: string;
  /** The user or group id; null for links (Nextcloud sends null or "redacted" there). */
  shareWith: string | null;
  shareWithDisplayName: string | null;
  /** The public URL of a link share. */
  url?: string;
  /** 'YYYY-MM-DD' (Nextcloud keeps a date; it ends that day), or null. */
  expiration: string | null;
  note: string;
  label: string;
  hasPassword: boolean;
  /** Unix seconds. */
  createdAt: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalStr = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function relative(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Reads one share object; anything without an id, a type and a path is a protocol error. */
export function toShare(data: unknown): Share {
  if (!isObject(data)) throw protocolError();
  const id = typeof data.id === 'number' ? String(data.id) : data.id;
  const shareType = Number(data.share_type);
  if (typeof id !== 'string' || id === '' || !Number.isInteger(shareType) || typeof data.path !== 'string') {
    throw protocolError();
  }
  const kind = shareKindOf(shareType);
  const expiration = optionalStr(data.expiration);
  // A password-protected link reports "redacted" in both `password` and `share_with` (sharing/005).
  const password = data.password;
  const share: Share = {
    id,
    kind,
    shareType,
    path: relative(data.path),
    itemType: data.item_type === 'folder' ? 'folder' : 'file',
    permissions: Number(data.permissions) || 0,
    owner: str(data.uid_owner),
    ownerDisplayName: str(data.displayname_owner) || str(data.uid_owner),
    shareWith: kind === 'link' ? null : optionalStr(data.share_with),
    shareWithDisplayName: kind === 'link' ? null : optionalStr(data.share_with_displayname),
    expiration: expiration === null ? null : expiration.slice(0, 10),
    note: str(data.note),
    label: str(data.label),
    hasPassword: typeof password === 'string' && password !== '',
    createdAt: Number(data.stime) || 0,
  };
  if (typeof data.url === 'string' && data.url !== '') share.url = data.url;
  return share;
}

/** Reads a list of shares; `GET /shares/{id}` answers a one-element list too (sharing/011). */
export function toShareList(data: unknown): Share[] {
  if (!Array.isArray(data)) throw protocolError();
  return data.map(toShare);
}
