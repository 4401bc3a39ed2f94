import { isFileLocked } from '../notes/contention.js';
import { formatOcId } from '../store/ids.js';
import { type FileNode, type FolderNode, mimeTypeOf } from '../store/node.js';
import { type DavContext, sendEmpty } from './davContext.js';
import { conflict, DavError, forbidden, notFound } from './davError.js';
import { displayPath } from './davPaths.js';
import { checkWritePreconditions, ifNoneMatchHits } from './preconditions.js';
import { httpDate } from './properties.js';

/** Methods Nextcloud allows on an existing node (`Allow`). */
export const ALLOW_EXISTING =
  'OPTIONS, GET, HEAD, DELETE, PROPFIND, PUT, PROPPATCH, COPY, MOVE, REPORT, LOCK, UNLOCK';
const ALLOW_MISSING = 'OPTIONS, MKCOL, PUT, LOCK';

const FOLDER_GET_BODY =
  'This is the WebDAV interface. It can only be accessed by WebDAV clients such as the Nextcloud desktop sync client.';

/** The parent folder of the request path, or the 404/409 Nextcloud gives when it is missing. */
function parentFolder(ctx: DavContext, missing: 'notFound' | 'conflict'): FolderNode {
  const parentSegments = ctx.segments.slice(0, -1);
  const parent = ctx.user.files.resolve(parentSegments);
  if (parent?.kind === 'folder') return parent;
  if (missing === 'conflict') throw conflict('Parent node does not exist');
  // PUT answers 404 here, unlike MKCOL/COPY (quirk 11).
  throw notFound(displayPath(parentSegments));
}

/** OPTIONS: the DAV capabilities and allowed methods. */
export function handleOptions(ctx: DavContext): void {
  const exists = ctx.user.files.resolve(ctx.segments) !== undefined;
  sendEmpty(ctx.res, 200, { Allow: exists ? ALLOW_EXISTING : ALLOW_MISSING, DAV: ctx.davHeader });
}

/** GET and HEAD: file bytes with ETag/OC-ETag/Last-Modified, 304, single byte ranges, folder placeholder. */
export function handleGet(ctx: DavContext, head: boolean): void {
  const node = ctx.user.files.resolve(ctx.segments);
  if (!node) throw notFound(displayPath(ctx.segments));
  const { res } = ctx;
  if (node.kind === 'folder') {
    res.status(200).setHeader('Content-Type', 'text/html; charset=UTF-8');
    res.end(head ? undefined : FOLDER_GET_BODY);
    return;
  }
  const etag = `"${node.etag}"`;
  if (ifNoneMatchHits(ctx.req, node)) {
    res.status(304).setHeader('ETag', etag);
    res.end();
    return;
  }
  const encodedName = encodeURIComponent(node.name);
  res.setHeader('Content-Type', `${mimeTypeOf(node)};charset=UTF-8`);
  res.setHeader('Last-Modified', httpDate(node.mtime));
  res.setHeader('ETag', etag);
  res.setHeader('OC-ETag', etag);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename*=UTF-8''${encodedName}; filename="${encodedName}"`,
  );
  const range = parseRange(ctx.req.get('range'), node.content.length);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${node.content.length}`);
    res.end();
    return;
  }
  const body = range ? node.content.subarray(range.start, range.end + 1) : node.content;
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${node.content.length}`);
  res.status(range ? 206 : 200).setHeader('Content-Length', String(body.length));
  res.end(head ? undefined : body);
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/** PUT: 201 create / 204 overwrite, If-Match and If-None-Match, X-OC-Mtime. */
export function handlePut(ctx: DavContext): void {
  if (ctx.segments.length === 0) throw conflict('PUT is not allowed on non-files.');
  const parent = parentFolder(ctx, 'notFound');
  const name = ctx.segments[ctx.segments.length - 1] ?? '';
  const existing = parent.children.get(name);
  if (existing?.kind === 'folder') throw conflict('PUT is not allowed on non-files.');
  // A note file whose lock a Notes PUT holds (contention on) cannot be written meanwhile.
  if (existing && isFileLocked(existing)) {
    throw new DavError(423, 'OCA\\DAV\\Connector\\Sabre\\Exception\\FileLocked', `"${name}" is locked`);
  }
  checkWritePreconditions(ctx.req, existing);
  const mtimeHeader = ctx.req.get('x-oc-mtime');
  const mtime = mtimeHeader && /^\d+$/.test(mtimeHeader) ? Number(mtimeHeader) : undefined;
  const { file, created } = ctx.user.files.writeFile(parent, name, ctx.body, mtime);
  sendEmpty(ctx.res, created ? 201 : 204, {
    ...(mtime === undefined ? {} : { 'X-OC-MTime': 'accepted' }),
    ...fileHeaders(ctx, file),
    'X-NC-OwnerId': ctx.user.uid,
    'X-NC-Permissions': 'RGDNVW',
  });
}

/** `OC-FileId`, `ETag` and `OC-ETag` of a file written or moved. */
export function fileHeaders(ctx: DavContext, file: FileNode): Record<string, string> {
  const etag = `"${file.etag}"`;
  return { 'OC-FileId': formatOcId(file.id, ctx.instanceId), ETag: etag, 'OC-ETag': etag };
}

/** MKCOL: 201, 405 when it exists, 409 when the parent is missing. */
export function handleMkcol(ctx: DavContext): void {
  const existing = ctx.user.files.resolve(ctx.segments);
  if (existing) {
    throw new DavError(
      405,
      'Sabre\\DAV\\Exception\\MethodNotAllowed',
      'The resource you tried to create already exists',
      {
        headers: { Allow: ALLOW_EXISTING },
      },
    );
  }
  const parent = parentFolder(ctx, 'conflict');
  const folder = ctx.user.files.createFolder(parent, ctx.segments[ctx.segments.length - 1] ?? '');
  sendEmpty(ctx.res, 201, { 'OC-FileId': formatOcId(folder.id, ctx.instanceId) });
}

/** DELETE: 204, recursive for folders; the node goes to the trash bin (`FileTree.remove`). */
export function handleDelete(ctx: DavContext): void {
  const node = ctx.user.files.resolve(ctx.segments);
  if (!node) throw notFound(displayPath(ctx.segments));
  if (!node.parent) throw forbidden('You cannot delete your home folder');
  checkWritePreconditions(ctx.req, node);
  ctx.user.files.remove(node);
  sendEmpty(ctx.res, 204);
}
