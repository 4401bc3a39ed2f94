import { type DavContext, hrefOf, sendMultistatus, sourceOf } from './davContext.js';
import { notFound } from './davError.js';
import { displayPath } from './davPaths.js';
import { propResponse, renderMultistatus } from './multistatus.js';
import { DAV_NS } from './namespaces.js';
import { allPropNames } from './properties.js';
import { hasBody, parseDavBody, propNames } from './requestBody.js';

/** Requested property names, or null for allprop (also what an empty body means). */
export function parsePropfindBody(body: Buffer): string[] | null {
  if (!hasBody(body)) return null;
  const root = parseDavBody(body, `{${DAV_NS}}propfind`);
  if (root.children.some((child) => child.clark === `{${DAV_NS}}prop`)) return propNames(root);
  return null;
}

/**
 * Depth header: 0, 1 or infinity (allowed, full recursion). A missing header means 1, as Sabre's
 * default: the recording (webdav/022) lists only the root and its children, although the fixtures'
 * README quirk 13 says "infinity".
 */
export function parseDepth(header: string | undefined): number {
  const value = header?.trim().toLowerCase();
  if (value === '0') return 0;
  if (value === 'infinity') return Number.POSITIVE_INFINITY;
  return 1;
}

/** PROPFIND on the user's own files. */
export function handlePropfind(ctx: DavContext): void {
  const names = parsePropfindBody(ctx.body);
  const node = ctx.user.files.resolve(ctx.segments);
  if (!node) {
    const error = notFound(displayPath(ctx.segments));
    error.options.headers = { DAV: ctx.davHeader };
    throw error;
  }
  const nodes = ctx.user.files.walk(node, parseDepth(ctx.req.get('depth')));
  const responses = nodes.map((each) =>
    propResponse(hrefOf(ctx, each), sourceOf(ctx, each), names ?? allPropNames(each)),
  );
  sendMultistatus(ctx.res, renderMultistatus(responses), { DAV: ctx.davHeader });
}
