import { mimeTypeOf } from '../store/node.js';
import type { TrashItem } from '../store/trashBin.js';
import { escapeXml } from '../xml/escapeXml.js';
import { type DavContext, sendEmpty, sendMultistatus } from './davContext.js';
import { forbidden } from './davError.js';
import { encodeSegment } from './davPaths.js';
import { type DavResponse, renderMultistatus } from './multistatus.js';
import { clark, DAV_NS, NC_NS, OC_NS } from './namespaces.js';
import { allPropNames, httpDate } from './properties.js';
import { parseDepth, parsePropfindBody } from './propfind.js';
import {
  bareNotFound,
  destinationSegments,
  notServed,
  type VirtualGetter,
  virtualResponse,
} from './virtualNodes.js';

const text = (value: string | number): string => escapeXml(String(value));
const COLLECTION: ReadonlyMap<string, VirtualGetter> = new Map([
  [clark(DAV_NS, 'resourcetype'), () => '<d:collection/>'],
]);

/** Properties of a trash item, as files_trashbin's TrashbinPlugin and Sabre's core report them. */
function itemGetters(ctx: DavContext, item: TrashItem): ReadonlyMap<string, VirtualGetter> {
  const { node } = item;
  const file = node.kind === 'file' ? node : undefined;
  return new Map<string, VirtualGetter>([
    [clark(NC_NS, 'trashbin-filename'), () => text(node.name)],
    [clark(NC_NS, 'trashbin-original-location'), () => text([...item.location, node.name].join('/'))],
    [clark(NC_NS, 'trashbin-deletion-time'), () => text(item.deletedAt)],
    [clark(NC_NS, 'trashbin-deleted-by-id'), () => text(ctx.user.uid)],
    [clark(NC_NS, 'trashbin-deleted-by-display-name'), () => text(ctx.user.displayName)],
    [clark(DAV_NS, 'displayname'), () => text(node.name)],
    [clark(DAV_NS, 'resourcetype'), () => (file ? '' : '<d:collection/>')],
    [clark(DAV_NS, 'getcontentlength'), () => (file ? text(file.content.length) : null)],
    [clark(DAV_NS, 'getcontenttype'), () => (file ? text(mimeTypeOf(file)) : null)],
    [clark(DAV_NS, 'getlastmodified'), () => text(httpDate(node.mtime))],
    // The plugin's "fake etag" is the item's mtime, unquoted.
    [clark(DAV_NS, 'getetag'), () => text(node.mtime)],
    [clark(OC_NS, 'size'), () => text(ctx.user.files.sizeOf(node))],
    [clark(OC_NS, 'fileid'), () => text(node.id)],
    [clark(OC_NS, 'id'), () => text(node.id)],
    [clark(OC_NS, 'permissions'), () => 'GD'],
  ]);
}

function itemResponse(ctx: DavContext, item: TrashItem, names: readonly string[] | null): DavResponse {
  const slash = item.node.kind === 'folder' ? '/' : '';
  return virtualResponse(
    `${ctx.hrefBase}/trash/${encodeSegment(item.trashName)}${slash}`,
    itemGetters(ctx, item),
    names ?? allPropNames(item.node),
  );
}

function collectionResponse(href: string, names: readonly string[] | null): DavResponse {
  return virtualResponse(href, COLLECTION, names ?? [clark(DAV_NS, 'resourcetype')]);
}

function item(ctx: DavContext, name: string): TrashItem {
  const found = ctx.user.files.trash.get(name);
  if (!found) throw bareNotFound();
  return found;
}

/** MOVE of a trash item into `restore/`: files_trashbin restores it (201, the target never exists). */
function restore(ctx: DavContext, name: string): void {
  item(ctx, name);
  const [root, uid, collection, target, ...rest] = destinationSegments(ctx);
  if (root !== 'trashbin' || uid !== ctx.user.uid || collection !== 'restore' || !target || rest.length) {
    throw forbidden('Permission denied to rename this file');
  }
  ctx.user.files.restoreFromTrash(name);
  sendEmpty(ctx.res, 201);
}

function propfindTrash(ctx: DavContext, name: string | undefined): void {
  const names = parsePropfindBody(ctx.body);
  const responses =
    name === undefined
      ? [
          collectionResponse(`${ctx.hrefBase}/trash/`, names),
          ...(parseDepth(ctx.req.get('depth')) > 0
            ? ctx.user.files.trash.list().map((each) => itemResponse(ctx, each, names))
            : []),
        ]
      : [itemResponse(ctx, item(ctx, name), names)];
  sendMultistatus(ctx.res, renderMultistatus(responses), { DAV: ctx.davHeader });
}

/**
 * `/remote.php/dav/trashbin/<uid>/…`: `trash/` lists the deleted items (webdav/066), MOVE of an item to
 * `restore/<name>` restores it, DELETE removes one item (or, on `trash/`, all) for good. The contents
 * of a trashed folder are not served.
 */
export function handleTrashbin(ctx: DavContext): void {
  const [collection, name, ...deeper] = ctx.segments;
  const method = ctx.req.method;
  if (collection === 'restore' && name === undefined && method === 'PROPFIND') {
    const names = parsePropfindBody(ctx.body);
    sendMultistatus(ctx.res, renderMultistatus([collectionResponse(`${ctx.hrefBase}/restore/`, names)]), {
      DAV: ctx.davHeader,
    });
    return;
  }
  if (collection !== 'trash') {
    if (collection === undefined || collection === 'restore') throw notServed(`${method} here`);
    throw bareNotFound();
  }
  if (deeper.length > 0) throw notServed('The contents of a trashed folder');
  switch (method) {
    case 'PROPFIND':
      propfindTrash(ctx, name);
      return;
    case 'MOVE':
      if (name === undefined) throw forbidden('Permission denied to rename this trashbin');
      restore(ctx, name);
      return;
    case 'DELETE':
      if (name === undefined) ctx.user.files.trash.clear();
      else if (!ctx.user.files.trash.take(name)) throw bareNotFound();
      sendEmpty(ctx.res, 204);
      return;
    case 'PUT':
      throw forbidden('Not allowed to create files in the trashbin');
    case 'MKCOL':
      throw forbidden('Not allowed to create folders in the trashbin');
    default:
      throw notServed(`${method} in the trash bin`);
  }
}
