import type { DavContext } from './davContext.js';
import { DavError } from './davError.js';
import { decodeSegments, normalizeDotSegments } from './davPaths.js';
import type { DavResponse, PropEntry } from './multistatus.js';

/**
 * A property of a node outside the files tree (a trash item, a file version): inner XML (already
 * escaped), or null when the node has no such property (reported under 404).
 */
export type VirtualGetter = () => string | null;

/** The response for `names` of a virtual node: found ones under 200, missing ones under a separate 404. */
export function virtualResponse(
  href: string,
  getters: ReadonlyMap<string, VirtualGetter>,
  names: readonly string[],
): DavResponse {
  const found: PropEntry[] = [];
  const missing: PropEntry[] = [];
  for (const name of names) {
    const value = getters.get(name)?.() ?? null;
    if (value === null) missing.push({ name, value: '' });
    else found.push({ name, value });
  }
  const propstats: Array<{ status: number; props: PropEntry[] }> = [];
  if (found.length > 0) propstats.push({ status: 200, props: found });
  if (missing.length > 0) propstats.push({ status: 404, props: missing });
  return { href, propstats };
}

/**
 * The decoded segments of a MOVE's Destination below `/remote.php/dav/` (an absolute URL or a bare
 * path, quirk 12), e.g. `['trashbin', 'alice', 'restore', 'a.txt.d1795739101']`.
 */
export function destinationSegments(ctx: DavContext): string[] {
  const header = ctx.req.get('destination');
  if (!header) {
    // Sabre's MOVE without Destination crashes with a TypeError in Nextcloud 34 (quirk 12, webdav/045).
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
      rawPath = '';
    }
  }
  const path = normalizeDotSegments(rawPath.split('?')[0] ?? '');
  const dav = /^\/remote\.php\/dav(\/.*)?$/.exec(path);
  if (!dav) {
    throw new DavError(403, 'Sabre\\DAV\\Exception\\Forbidden', `Requested uri (${path}) is out of base uri`);
  }
  return decodeSegments(dav[1] ?? '');
}

/** Sabre's bare NotFound (`new NotFound()`), as the trash and version collections throw it. */
export function bareNotFound(): DavError {
  return new DavError(404, 'Sabre\\DAV\\Exception\\NotFound', '');
}

/** A method the double does not serve on these collections. */
export function notServed(what: string): DavError {
  return new DavError(
    501,
    'Sabre\\DAV\\Exception\\NotImplemented',
    `${what} is not supported by the test double`,
  );
}
