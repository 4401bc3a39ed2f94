import { formatOcId } from '../store/ids.js';
import { type FsNode, mimeTypeOf } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import { escapeXml } from '../xml/escapeXml.js';
import { clark, DAV_NS, NC_NS, OC_NS } from './namespaces.js';

/** What a property is read from: a node of its owner's tree. */
export interface PropSource {
  readonly node: FsNode;
  readonly owner: UserAccount;
  readonly instanceId: string;
}

/** A property getter: inner XML (already escaped), or null when the node has no such property (404). */
type Getter = (source: PropSource) => string | null;

/** RFC 7231 date, as in `d:getlastmodified` and `Last-Modified`. */
export function httpDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

const text = (value: string | number): string => escapeXml(String(value));
const fileOnly =
  (getter: Getter): Getter =>
  (source) =>
    source.node.kind === 'file' ? getter(source) : null;
const folderOnly =
  (getter: Getter): Getter =>
  (source) =>
    source.node.kind === 'folder' ? getter(source) : null;

/** Nextcloud renders previews for non-empty text and images. */
export function hasPreview(node: FsNode): boolean {
  if (node.kind !== 'file' || node.content.length === 0) return false;
  const mime = mimeTypeOf(node);
  return mime.startsWith('text/') || mime.startsWith('image/');
}

function sharees(owner: UserAccount, node: FsNode): string {
  return owner.shares
    .on(node)
    .map((share) => {
      const id = share.recipient ? `<nc:id>${text(share.recipient.uid)}</nc:id>` : '<nc:id/>';
      const name = share.recipient
        ? `<nc:display-name>${text(share.recipient.displayName)}</nc:display-name>`
        : '<nc:display-name/>';
      return `<nc:sharee>${id}${name}<nc:type>${share.shareType}</nc:type></nc:sharee>`;
    })
    .join('');
}

const GETTERS: ReadonlyMap<string, Getter> = new Map<string, Getter>([
  [clark(DAV_NS, 'getetag'), ({ node }) => text(`"${node.etag}"`)],
  [clark(DAV_NS, 'getlastmodified'), ({ node }) => text(httpDate(node.mtime))],
  [
    clark(DAV_NS, 'getcontentlength'),
    fileOnly(({ node }) => text(node.kind === 'file' ? node.content.length : 0)),
  ],
  [clark(DAV_NS, 'getcontenttype'), fileOnly(({ node }) => text(mimeTypeOf(node)))],
  [clark(DAV_NS, 'resourcetype'), ({ node }) => (node.kind === 'folder' ? '<d:collection/>' : '')],
  [clark(DAV_NS, 'displayname'), ({ node, owner }) => text(node.parent ? node.name : owner.uid)],
  [clark(DAV_NS, 'quota-used-bytes'), folderOnly(({ node, owner }) => text(owner.files.sizeOf(node)))],
  // -3 means "unlimited" in Nextcloud (quirk 15).
  [clark(DAV_NS, 'quota-available-bytes'), folderOnly(() => '-3')],
  [clark(OC_NS, 'fileid'), ({ node }) => text(node.id)],
  [clark(OC_NS, 'id'), ({ node, instanceId }) => text(formatOcId(node.id, instanceId))],
  [clark(OC_NS, 'permissions'), ({ node }) => (node.kind === 'folder' ? 'RGDNVCK' : 'RGDNVW')],
  [clark(OC_NS, 'size'), ({ node, owner }) => text(owner.files.sizeOf(node))],
  [clark(OC_NS, 'favorite'), ({ node }) => (node.favorite ? '1' : '0')],
  [clark(OC_NS, 'owner-id'), ({ owner }) => text(owner.uid)],
  [clark(OC_NS, 'owner-display-name'), ({ owner }) => text(owner.displayName)],
  // The owner's view of the node's shares (sharing/022); a recipient's mount is not modelled.
  [
    clark(OC_NS, 'share-types'),
    ({ node, owner }) =>
      owner.shares
        .typesOn(node)
        .map((type) => `<oc:share-type>${type}</oc:share-type>`)
        .join(''),
  ],
  [clark(NC_NS, 'sharees'), ({ node, owner }) => sharees(owner, node)],
  [clark(NC_NS, 'share-attributes'), () => '[]'],
  [clark(NC_NS, 'mount-type'), () => ''],
  [clark(NC_NS, 'has-preview'), ({ node }) => (hasPreview(node) ? 'true' : 'false')],
]);

/** Properties Nextcloud refuses to PROPPATCH (403). */
export const PROTECTED_PROPS: ReadonlySet<string> = new Set(
  [...GETTERS.keys()].filter(
    (name) =>
      name !== clark(OC_NS, 'favorite') &&
      name !== clark(DAV_NS, 'getetag') &&
      name !== clark(DAV_NS, 'getlastmodified'),
  ),
);

/** Reads one property; dead properties stored by PROPPATCH are returned as text. */
export function readProp(source: PropSource, name: string): string | null {
  const getter = GETTERS.get(name);
  if (getter) return getter(source);
  const dead = source.node.deadProps.get(name);
  return dead === undefined ? null : escapeXml(dead);
}

/** The properties `<d:allprop/>` (or an empty PROPFIND body) returns, in Sabre's order. */
export function allPropNames(node: { readonly kind: FsNode['kind'] }): string[] {
  const names =
    node.kind === 'folder'
      ? ['getlastmodified', 'resourcetype', 'quota-used-bytes', 'quota-available-bytes', 'getetag']
      : ['getlastmodified', 'getcontentlength', 'resourcetype', 'getetag', 'getcontenttype'];
  return names.map((local) => clark(DAV_NS, local));
}
