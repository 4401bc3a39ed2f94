import { NextcloudError } from '../errors.js';
import { unquoteEtag } from '../etag.js';
import { protocolError } from '../http.js';
import { messageFor, toNextcloudError } from '../toNextcloudError.js';
import { type DavSession, XML_CONTENT_TYPE } from './davSession.js';
import { escapeXml, parseXml, type XmlNode } from './xml.js';

/** What changed in a collection since a sync token (RFC 6578). */
export interface SyncCollectionResult {
  /** The token to pass next time (`http://sabre.io/ns/sync/<n>` on Nextcloud). */
  syncToken: string;
  /** Members added or changed since the token, as the server's (percent-encoded) hrefs, with unquoted ETags. */
  changed: Array<{ href: string; etag: string }>;
  /** Hrefs of members removed since the token (reported as a bare 404 response, quirk 23). */
  deleted: string[];
}

const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

function syncBody(syncToken: string | undefined): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<d:sync-collection xmlns:d="DAV:">' +
    `<d:sync-token>${escapeXml(syncToken ?? '')}</d:sync-token><d:sync-level>1</d:sync-level>` +
    '<d:prop><d:getetag/></d:prop></d:sync-collection>'
  );
}

function statusCode(status: unknown): number | undefined {
  const code = typeof status === 'string' ? Number(/ (\d{3})( |$)/.exec(status)?.[1]) : Number.NaN;
  return Number.isInteger(code) ? code : undefined;
}

/** Parses a sync-collection 207 into changed and deleted members; malformed answers are `protocol` errors. */
export function parseSyncCollection(xml: string): SyncCollectionResult {
  const root = parseXml(xml).multistatus;
  if (!isNode(root)) throw protocolError();
  const syncToken = typeof root['sync-token'] === 'string' ? root['sync-token'] : '';
  if (syncToken === '') throw protocolError();
  const result: SyncCollectionResult = { syncToken, changed: [], deleted: [] };
  for (const response of asList(root.response)) {
    if (!isNode(response) || typeof response.href !== 'string') throw protocolError();
    // A removed member is a response with only a status, no propstat (caldav/034).
    if (statusCode(response.status) === 404) {
      result.deleted.push(response.href);
      continue;
    }
    for (const propstat of asList(response.propstat)) {
      if (!isNode(propstat) || statusCode(propstat.status) !== 200 || !isNode(propstat.prop)) continue;
      const etag = propstat.prop.getetag;
      if (typeof etag === 'string') result.changed.push({ href: response.href, etag: unquoteEtag(etag) });
    }
  }
  return result;
}

function isInvalidSyncToken(xml: string): boolean {
  try {
    const root = parseXml(xml).error;
    return isNode(root) && 'valid-sync-token' in root;
  } catch {
    return false;
  }
}

/**
 * RFC 6578 `sync-collection` (depth 1) on any collection (a calendar, an address book): without a token,
 * every member; with one, what changed since. A token the server no longer accepts (malformed or
 * forgotten) is a {@link NextcloudError} `invalid_sync_token` (403 with `<d:valid-sync-token/>`, caldav/036);
 * an unknown *future* token is not an error on Nextcloud: it answers "no changes" (caldav/035).
 * `collectionPath` is the encoded DAV path, e.g. `/remote.php/dav/calendars/<uid>/personal/`.
 */
export async function syncCollection(
  { http, tokenSource }: Pick<DavSession, 'http' | 'tokenSource'>,
  collectionPath: string,
  syncToken: string | undefined,
): Promise<SyncCollectionResult> {
  const response = await http.request(tokenSource, {
    method: 'REPORT',
    path: collectionPath,
    api: 'dav',
    headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
    body: syncBody(syncToken),
    passStatuses: [403],
  });
  if (response.status === 403) {
    if (isInvalidSyncToken(response.text)) {
      throw new NextcloudError('invalid_sync_token', messageFor('invalid_sync_token'), { status: 403 });
    }
    throw toNextcloudError({ kind: 'status', status: 403, method: 'REPORT' });
  }
  return parseSyncCollection(response.text);
}
