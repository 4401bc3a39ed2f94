import { hasPreview } from '../../dav/properties.js';
import { mimeTypeOf } from '../../store/node.js';
import type { ShareRecord } from '../../store/shareRegistry.js';

/** The permissions of the item itself, as `item_permissions` reports them: a file cannot take create (4). */
export function itemPermissions(share: Pick<ShareRecord, 'node'>): number {
  return share.node.kind === 'folder' ? 31 : 27;
}

/**
 * A share as `files_sharing` renders it, with Nextcloud 34's keys in its order (sharing/002, 004, 005,
 * 020). `viewer` decides the owner's or the recipient's view; `created` is only true in the answer to
 * the POST that made it (`mail_send` is 1 there and 0 afterwards, as recorded).
 */
export function shareData(
  share: ShareRecord,
  viewer: string,
  baseUrl: string,
  created = false,
): Record<string, unknown> {
  const { owner, node } = share;
  const asRecipient = share.recipient !== null && share.recipient.uid === viewer && owner.uid !== viewer;
  const ownerPath = `/${owner.files.pathOf(node).join('/')}`;
  const data: Record<string, unknown> = {
    id: String(share.id),
    share_type: share.shareType,
    uid_owner: owner.uid,
    displayname_owner: owner.displayName,
    permissions: share.permissions,
    can_edit: !asRecipient,
    can_delete: true,
    stime: share.stime,
    parent: null,
    expiration: share.expiration,
    token: share.token,
    uid_file_owner: owner.uid,
    note: share.note,
    label: share.label,
    displayname_file_owner: owner.displayName,
    path: asRecipient ? share.fileTarget : ownerPath,
    item_type: node.kind,
    item_permissions: itemPermissions(share),
    'is-mount-root': asRecipient,
    'mount-type': asRecipient ? 'shared' : '',
    mimetype: mimeTypeOf(node),
    has_preview: hasPreview(node),
    storage_id: asRecipient ? `shared::${share.fileTarget}` : `home::${owner.uid}`,
    storage: owner.shares.storageOf(owner.uid),
    item_source: node.id,
    file_source: node.id,
    file_parent: node.parent?.id ?? null,
    file_target: share.fileTarget,
    item_size: owner.files.sizeOf(node),
    item_mtime: node.mtime,
  };
  if (share.shareType === 3) {
    // A password-protected link hides both (sharing/005); Talk is not installed.
    Object.assign(data, {
      share_with: share.password === null ? null : 'redacted',
      share_with_displayname: '(Shared link)',
      password: share.password === null ? null : 'redacted',
      send_password_by_talk: false,
      url: `${baseUrl}/index.php/s/${share.token}`,
    });
  } else if (share.recipient) {
    Object.assign(data, {
      share_with: share.recipient.uid,
      share_with_displayname: share.recipient.displayName,
      share_with_displayname_unique: share.recipient.email ?? share.recipient.uid,
    });
  }
  return Object.assign(data, { mail_send: created ? 1 : 0, hide_download: 0, attributes: null });
}
