import { unquoteEtag } from '../etag.js';
import { protocolError } from '../http.js';
import type { DavEntry } from './davEntry.js';
import type { XmlNode } from './xml.js';
import { parseXmlTree } from './xmlTree.js';

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isOkStatus(status: unknown): boolean {
  // "HTTP/1.1 200 OK"; a missing status counts as success.
  return typeof status !== 'string' || / 2\d\d( |$)/.test(status);
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The decoded segments of an href below `/remote.php/dav/<collection>/<uid>/` (the href possibly absolute
 * or below a base path, hex digits in either case): `['My Folder', 'x.txt']`; a `protocol` error when
 * the href is not under that home.
 */
export function hrefSegmentsUnder(href: string, collection: string, userId: string): string[] {
  const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(href) ? new URL(href).pathname : href;
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  for (let i = 0; i + 3 < segments.length; i++) {
    if (
      segments[i] === 'remote.php' &&
      segments[i + 1] === 'dav' &&
      segments[i + 2] === collection &&
      segments[i + 3] === userId
    ) {
      return segments.slice(i + 4);
    }
  }
  throw protocolError();
}

/**
 * Turns an href ('/remote.php/dav/files/<uid>/My%20Folder/x.txt', possibly absolute or below a base path,
 * hex digits in either case) into the decoded path under the user's files root ('My Folder/x.txt').
 */
export function hrefToUserPath(href: string, userId: string): string {
  return userPathOf(href, filesHomePrefix(userId), userId);
}

// The href prefix Nextcloud writes for the user's files home: uid encoded like any path segment.
function filesHomePrefix(userId: string): string {
  return `/remote.php/dav/files/${encodeURIComponent(userId)}/`;
}

// `hrefToUserPath` with the common case (a root-relative href starting with the home prefix) cut by
// a prefix strip instead of a scan of every segment; both give the same path.
function userPathOf(href: string, homePrefix: string, userId: string): string {
  if (!href.startsWith(homePrefix)) return hrefSegmentsUnder(href, 'files', userId).join('/');
  const rest = href.slice(homePrefix.length);
  if (!rest.includes('%') && !rest.includes('//') && !rest.startsWith('/') && !rest.endsWith('/'))
    return rest;
  return rest
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment)
    .join('/');
}

function collectProps(response: XmlNode): XmlNode {
  const props: XmlNode = {};
  const propstats = Array.isArray(response.propstat) ? response.propstat : [];
  for (const propstat of propstats) {
    // Properties the server does not have come back in a separate 404 propstat (webdav/023).
    if (!isNode(propstat) || !isOkStatus(propstat.status) || !isNode(propstat.prop)) continue;
    Object.assign(props, propstat.prop);
  }
  return props;
}

/** One `<d:response>` of a multistatus: its href and the properties of its successful propstats. */
export interface DavResponse {
  href: string;
  /** Local property names to values: strings, or parsed nodes for structured ones (resourcetype). */
  props: XmlNode;
}

/** The successful responses of a 207 multistatus, in server order; malformed XML is a `protocol` error. */
export function davResponses(xml: string): DavResponse[] {
  const root = parseXmlTree(xml).multistatus;
  // An empty result is a self-closing <d:multistatus/> (webdav/062), which parses as ''.
  if (root === '') return [];
  if (!isNode(root)) throw protocolError();
  const responses = Array.isArray(root.response) ? root.response : [];
  return responses
    .filter((r): r is XmlNode => isNode(r) && isOkStatus(r.status))
    .map((r) => {
      const href = text(r.href);
      if (href === undefined) throw protocolError();
      return { href, props: collectProps(r) };
    });
}

/** A text property ('' and absent are both undefined). */
export function textProp(value: unknown): string | undefined {
  return text(value);
}

/** Whether a `resourcetype` value names a collection. */
export function isCollection(resourcetype: unknown): boolean {
  return isNode(resourcetype) && 'collection' in resourcetype;
}

function toNumber(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

// Entries of one listing often share a modification time; each distinct one is converted once.
function toIsoDate(value: unknown, seen: Map<string, string | undefined>): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (seen.has(raw)) return seen.get(raw);
  const time = Date.parse(raw);
  const iso = Number.isNaN(time) ? undefined : new Date(time).toISOString();
  seen.set(raw, iso);
  return iso;
}

/** What the entries of one multistatus share while they are converted. */
interface EntryContext {
  userId: string;
  homePrefix: string;
  dates: Map<string, string | undefined>;
}

// `<oc:share-types/>` parses as '', one type as {share-type: '3'}, several as {share-type: ['0', '3']}.
function toShareTypes(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const raw = isNode(value) ? value['share-type'] : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const types = list.map((item) => Number(item)).filter((n) => Number.isInteger(n) && n >= 0);
  return [...new Set(types)].sort((a, b) => a - b);
}

function toEntry({ href, props }: DavResponse, context: EntryContext): DavEntry {
  const path = userPathOf(href, context.homePrefix, context.userId);
  const folder = isCollection(props.resourcetype);
  const entry: DavEntry = {
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    type: folder ? 'folder' : 'file',
    etag: unquoteEtag(text(props.getetag)),
    favorite: text(props.favorite) === '1',
  };
  const fileId = toNumber(props.fileid);
  if (fileId !== undefined) entry.fileId = fileId;
  const size = folder ? toNumber(props.size) : (toNumber(props.getcontentlength) ?? toNumber(props.size));
  if (size !== undefined) entry.size = size;
  const contentType = text(props.getcontenttype);
  if (contentType !== undefined) entry.contentType = contentType;
  const lastModified = toIsoDate(props.getlastmodified, context.dates);
  if (lastModified !== undefined) entry.lastModified = lastModified;
  const permissions = text(props.permissions);
  if (permissions !== undefined) entry.permissions = permissions;
  const shareTypes = toShareTypes(props['share-types']);
  if (shareTypes !== undefined) entry.shareTypes = shareTypes;
  return entry;
}

/** Parses a 207 multistatus (PROPFIND or SEARCH) of the user's files into entries, in server order. */
export function parseMultistatus(xml: string, userId: string): DavEntry[] {
  const context: EntryContext = { userId, homePrefix: filesHomePrefix(userId), dates: new Map() };
  return davResponses(xml).map((response) => toEntry(response, context));
}
