import type { FsNode } from '../store/node.js';
import { childOf } from '../xml/parseXml.js';
import { type DavContext, hrefOf, sendMultistatus, sourceOf } from './davContext.js';
import { DavError } from './davError.js';
import { decodeSegments } from './davPaths.js';
import { propResponse, renderMultistatus } from './multistatus.js';
import { DAV_NS } from './namespaces.js';
import { allPropNames } from './properties.js';
import { parseDavBody, propNames } from './requestBody.js';
import { matchesWhere, searchValue } from './searchFilter.js';

const d = (local: string): string => `{${DAV_NS}}${local}`;

function notADirectory(): DavError {
  return new DavError(500, 'InvalidArgumentException', 'Search is only supported on directories');
}

/**
 * SEARCH (RFC 5323 basicsearch) at `/remote.php/dav/`, scoped to the user's own files; another user's
 * home fails with Nextcloud's 500 InvalidArgumentException (quirk 16).
 */
export function handleSearch(ctx: DavContext): void {
  const basic = childOf(parseDavBody(ctx.body, d('searchrequest')), d('basicsearch'));
  if (!basic)
    throw new DavError(400, 'Sabre\\DAV\\Exception\\BadRequest', 'Expected a {DAV:}basicsearch element');
  const select = childOf(basic, d('select'));
  const scope = childOf(childOf(basic, d('from')) ?? basic, d('scope'));
  const where = childOf(basic, d('where'))?.children[0];
  const scopeHref = (childOf(scope ?? basic, d('href'))?.text ?? '')
    .trim()
    .replace(/^\/remote\.php\/dav/, '');
  const match = /^\/files\/([^/]+)(\/.*)?$/.exec(scopeHref);
  if (!match?.[1] || decodeSegments(match[1])[0] !== ctx.user.uid) throw notADirectory();
  const root = ctx.user.files.resolve(decodeSegments(match[2] ?? ''));
  if (root?.kind !== 'folder') throw notADirectory();
  const depth = childOf(scope ?? basic, d('depth'))?.text.trim() === '1' ? 1 : Number.POSITIVE_INFINITY;

  let results = ctx.user.files.walk(root, depth).filter((node) => node !== root);
  if (where) results = results.filter((node) => matchesWhere(where, node, ctx.user));
  results = order(results, ctx, childOf(basic, d('orderby')));
  const limit = Number(childOf(childOf(basic, d('limit')) ?? basic, d('nresults'))?.text);
  if (Number.isInteger(limit) && limit > 0) results = results.slice(0, limit);

  const names = select ? propNames(select) : [];
  const responses = results.map((node) =>
    propResponse(hrefOf(ctx, node), sourceOf(ctx, node), names.length > 0 ? names : allPropNames(node)),
  );
  // SEARCH quotes the charset, unlike PROPFIND (quirk 16).
  sendMultistatus(ctx.res, renderMultistatus(responses), {}, 'application/xml; charset="utf-8"');
}

function order(nodes: FsNode[], ctx: DavContext, orderBy: ReturnType<typeof childOf>): FsNode[] {
  const keys = (orderBy?.children ?? [])
    .filter((child) => child.clark === d('order'))
    .map((element) => ({
      prop: childOf(element, d('prop'))?.children[0]?.clark ?? '',
      descending: childOf(element, d('descending')) !== undefined,
    }));
  return [...nodes].sort((a, b) => {
    for (const { prop, descending } of keys) {
      const left = searchValue(a, ctx.user, prop);
      const right = searchValue(b, ctx.user, prop);
      if (left === right || left === undefined || right === undefined) continue;
      const result = left < right ? -1 : 1;
      return descending ? -result : result;
    }
    return a.id - b.id;
  });
}
