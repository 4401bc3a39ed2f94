import { type FileNode, mimeTypeOf } from '../store/node.js';
import { escapeXml } from '../xml/escapeXml.js';
import { type DavContext, sendEmpty, sendMultistatus } from './davContext.js';
import { forbidden } from './davError.js';
import { type DavResponse, renderMultistatus } from './multistatus.js';
import { clark, DAV_NS, NC_NS } from './namespaces.js';
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

interface Version {
  readonly mtime: number;
  readonly content: Buffer;
}

/** A file's versions, oldest first; the current content is the version named by the file's mtime (webdav/067). */
function versionsOf(file: FileNode): Version[] {
  const byMtime = new Map(file.versions);
  byMtime.set(file.mtime, file.content);
  return [...byMtime.entries()].sort(([a], [b]) => a - b).map(([mtime, content]) => ({ mtime, content }));
}

function versionGetters(
  ctx: DavContext,
  file: FileNode,
  version: Version,
): ReadonlyMap<string, VirtualGetter> {
  return new Map<string, VirtualGetter>([
    [clark(DAV_NS, 'getcontentlength'), () => text(version.content.length)],
    [clark(DAV_NS, 'getlastmodified'), () => text(httpDate(version.mtime))],
    // A version's ETag is its timestamp, unquoted (webdav/067).
    [clark(DAV_NS, 'getetag'), () => text(version.mtime)],
    [clark(DAV_NS, 'getcontenttype'), () => text(mimeTypeOf(file))],
    [clark(DAV_NS, 'resourcetype'), () => ''],
    [clark(NC_NS, 'version-author'), () => text(ctx.user.uid)],
    // Unlabelled versions answer the label with 404 (webdav/067); the double has no labels.
    [clark(NC_NS, 'version-label'), () => null],
  ]);
}

/** The user's own file with `oc:fileid` `raw`; folders, other users' files and trashed files are 404. */
function fileById(ctx: DavContext, raw: string): FileNode {
  const node = /^\d+$/.test(raw) ? ctx.user.files.findById(Number(raw)) : undefined;
  if (node?.kind !== 'file') throw bareNotFound();
  return node;
}

function versionOf(file: FileNode, name: string): Version {
  const version = versionsOf(file).find((each) => String(each.mtime) === name);
  if (!version) throw bareNotFound();
  return version;
}

function propfind(ctx: DavContext, file: FileNode, fileId: string, name: string | undefined): void {
  const names = parsePropfindBody(ctx.body);
  const base = `${ctx.hrefBase}/versions/${fileId}/`;
  const response = (version: Version): DavResponse =>
    virtualResponse(
      `${base}${version.mtime}`,
      versionGetters(ctx, file, version),
      names ?? allPropNames(file),
    );
  const responses =
    name === undefined
      ? [
          virtualResponse(base, COLLECTION, names ?? [clark(DAV_NS, 'resourcetype')]),
          ...(parseDepth(ctx.req.get('depth')) > 0 ? versionsOf(file).map(response) : []),
        ]
      : [response(versionOf(file, name))];
  sendMultistatus(ctx.res, renderMultistatus(responses), { DAV: ctx.davHeader });
}

/** MOVE of a version to `restore/target`: files_versions rolls the file back to it (201). */
function restore(ctx: DavContext, file: FileNode, name: string): void {
  const version = versionOf(file, name);
  const [root, uid, collection, target, ...rest] = destinationSegments(ctx);
  if (root !== 'versions' || uid !== ctx.user.uid || collection !== 'restore' || !target || rest.length) {
    throw forbidden('Permission denied to rename this file');
  }
  ctx.user.files.restoreVersion(file, version.mtime);
  sendEmpty(ctx.res, 201);
}

/**
 * `/remote.php/dav/versions/<uid>/versions/<fileid>[/<version>]`: PROPFIND lists a file's versions
 * (webdav/067), GET downloads one, MOVE to `restore/target` restores one.
 */
export function handleVersions(ctx: DavContext): void {
  const [collection, fileId, name, ...deeper] = ctx.segments;
  const method = ctx.req.method;
  if (collection !== 'versions' || fileId === undefined) {
    if (collection === undefined || collection === 'versions' || collection === 'restore') {
      throw notServed(`${method} here`);
    }
    throw bareNotFound();
  }
  if (deeper.length > 0) throw bareNotFound();
  const file = fileById(ctx, fileId);
  if (method === 'PROPFIND') {
    propfind(ctx, file, fileId, name);
    return;
  }
  if (name === undefined) throw notServed(`${method} on a version collection`);
  if (method === 'MOVE') {
    restore(ctx, file, name);
    return;
  }
  if (method === 'GET') {
    const version = versionOf(file, name);
    ctx.res.status(200).setHeader('Content-Type', `${mimeTypeOf(file)};charset=UTF-8`);
    ctx.res.setHeader('Content-Length', String(version.content.length));
    ctx.res.end(version.content);
    return;
  }
  throw notServed(`${method} on a version`);
}
