import { ENTRY_PROPS, NAMESPACES } from './davPaths.js';
import { escapeXml } from './xml.js';

/** What to look for with DAV SEARCH; every given criterion must match. */
export interface DavSearchQuery {
  /** Case-insensitive substring of the file name. `%` and `_` act as wildcards (SQL LIKE on the server). */
  nameContains?: string;
  /** A MIME type ('text/plain'), or a family with a trailing '/' or '/*' ('image/', 'image/*'). */
  contentType?: string;
  /** Maximum number of results. */
  limit?: number;
  /** Folder to search below, relative to the files root; default the whole files root. */
  under?: string;
  /** Only items modified strictly after this instant. */
  modifiedAfter?: Date;
  /** Only items modified strictly before this instant. */
  modifiedBefore?: Date;
}

// Nextcloud casts a getlastmodified literal that is numeric to Unix seconds (an ATOM date also works,
// but a numeric literal has no time-zone spelling to get wrong).
function compareModified(operator: 'gt' | 'lt', when: Date): string {
  const seconds = Math.floor(when.getTime() / 1000);
  return `<d:${operator}><d:prop><d:getlastmodified/></d:prop><d:literal>${seconds}</d:literal></d:${operator}>`;
}

function like(prop: string, literal: string): string {
  return `<d:like><d:prop>${prop}</d:prop><d:literal>${escapeXml(literal)}</d:literal></d:like>`;
}

function contentTypePattern(contentType: string): string {
  const family = /^([^/]+)\/\*?$/.exec(contentType);
  return family ? `${family[1]}/%` : contentType;
}

/**
 * Builds a basicsearch body like webdav/058–062: newest first. The scope href is the plain dav-relative
 * path ('/files/<uid>/<path>'), not percent-encoded, as in the recorded requests.
 */
export function buildSearchRequest(userId: string, normalizedUnder: string, query: DavSearchQuery): string {
  const conditions: string[] = [];
  if (query.nameContains !== undefined && query.nameContains !== '') {
    conditions.push(like('<d:displayname/>', `%${query.nameContains}%`));
  }
  if (query.contentType !== undefined && query.contentType !== '') {
    conditions.push(like('<d:getcontenttype/>', contentTypePattern(query.contentType)));
  }
  if (query.modifiedAfter !== undefined) conditions.push(compareModified('gt', query.modifiedAfter));
  if (query.modifiedBefore !== undefined) conditions.push(compareModified('lt', query.modifiedBefore));
  // basicsearch needs a where clause; '%' matches every name (webdav/063 uses '%%').
  if (conditions.length === 0) conditions.push(like('<d:displayname/>', '%'));
  const where = conditions.length === 1 ? conditions[0] : `<d:and>${conditions.join('')}</d:and>`;
  const scope = `/files/${userId}${normalizedUnder === '' ? '' : `/${normalizedUnder}`}`;
  const limit =
    query.limit !== undefined
      ? `<d:limit><d:nresults>${Math.max(1, Math.floor(query.limit))}</d:nresults></d:limit>`
      : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<d:searchrequest ${NAMESPACES}><d:basicsearch>` +
    `<d:select><d:prop>${ENTRY_PROPS}</d:prop></d:select>` +
    `<d:from><d:scope><d:href>${escapeXml(scope)}</d:href><d:depth>infinity</d:depth></d:scope></d:from>` +
    `<d:where>${where}</d:where>` +
    '<d:orderby><d:order><d:prop><d:getlastmodified/></d:prop><d:descending/></d:order></d:orderby>' +
    `${limit}</d:basicsearch></d:searchrequest>`
  );
}
