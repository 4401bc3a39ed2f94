import { formatOcId } from '../store/ids.js';
import { type DavContext, sendEmpty } from './davContext.js';
import { conflict, DavError, forbidden, notFound, preconditionFailed } from './davError.js';
import { decodeSegments, displayPath, normalizeDotSegments } from './davPaths.js';
import { fileHeaders } from './fileMethods.js';

interface Destination {
  readonly uid: string;
  readonly segments: string[];
}

/** Resolves the Destination header: an absolute URL or a bare path (quirk 12), under a files home. */
function parseDestination(ctx: DavContext): Destination {
  const header = ctx.req.get('destination');
  if (!header) {
    // Nextcloud 34 crashes with a TypeError here instead of answering 400 (quirk 12).
    throw new DavError(
      500,
      'TypeError',
      'A type error occurred. For more details, please refer to the logs, which provide additional context about the type error.',
    );
  }
  let rawPath = header;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(header)) {
    try {
      rawPath = new URL(header).pathname;
    } catch {
      throw forbidden(`Requested uri (${header}) is out of base uri`);
    }
  }
  const path = normalizeDotSegments(rawPath.split('?')[0] ?? '');
  const files = /^\/remote\.php\/dav\/files\/([^/]+)(\/.*)?$/.exec(path);
  if (files?.[1]) return { uid: decodeSegments(files[1])[0] ?? '', segments: decodeSegments(files[2] ?? '') };
  const legacy = /^\/remote\.php\/webdav(\/.*)?$/.exec(path);
  if (legacy) return { uid: ctx.user.uid, segments: decodeSegments(legacy[1] ?? '') };
  throw forbidden(`Requested uri (${path}) is out of base uri`);
}

/** COPY and MOVE: 201 new / 204 replaced, Overwrite: F → 412, missing parent → 409, other homes → 403. */
export function handleCopyMove(ctx: DavContext, method: 'COPY' | 'MOVE'): void {
  const tree = ctx.user.files;
  const source = tree.resolve(ctx.segments);
  if (!source) throw notFound(displayPath(ctx.segments));
  const destination = parseDestination(ctx);
  const name = destination.segments[destination.segments.length - 1];
  if (destination.uid !== ctx.user.uid || !name) {
    throw forbidden(`Permission denied to create file (filename ${name ?? ''})`);
  }
  if (!source.parent) throw forbidden('You cannot move or copy your home folder');
  const target = tree.resolve(destination.segments.slice(0, -1));
  if (target?.kind !== 'folder') throw conflict('The destination node is not found');
  const existing = target.children.get(name);
  if (existing === source) throw forbidden('Source and destination uri are identical.');
  if (source.kind === 'folder' && tree.isWithin(target, source)) {
    throw conflict('The destination may not be part of the same subtree as the source path.');
  }
  if (existing && /^f$/i.test(ctx.req.get('overwrite') ?? 'T')) {
    throw preconditionFailed(
      'The destination node already exists, and the overwrite header is set to false',
      'Overwrite',
    );
  }
  // An overwritten target is deleted (Nextcloud trashes it), so a COPY result gets a new file id.
  if (existing) tree.remove(existing);
  const status = existing ? 204 : 201;
  if (method === 'MOVE') {
    tree.move(source, target, name);
    const headers =
      source.kind === 'file'
        ? fileHeaders(ctx, source)
        : { 'OC-FileId': formatOcId(source.id, ctx.instanceId) };
    sendEmpty(ctx.res, status, headers);
    return;
  }
  const copy = tree.copy(source, target, name);
  sendEmpty(ctx.res, status, { 'OC-FileId': formatOcId(copy.id, ctx.instanceId) });
}
