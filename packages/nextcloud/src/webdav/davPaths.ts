import { encodePath } from '../paths.js';

/** The properties asked for in PROPFIND and SEARCH; they fill a {@link DavEntry}. */
export const ENTRY_PROPS =
  '<d:getetag/><d:getlastmodified/><d:getcontentlength/><d:getcontenttype/><d:resourcetype/>' +
  '<oc:fileid/><oc:permissions/><oc:size/><oc:favorite/><oc:share-types/>';

/** XML namespace declarations matching the prefixes used in request bodies. */
export const NAMESPACES =
  'xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';

/**
 * The encoded request path of a normalised user path: `/remote.php/dav/files/<uid>/<encoded path>`.
 * The uid comes from `cloud/user` (user_oidc may make it a hash) and is encoded like any segment.
 */
export function davFilesPath(userId: string, normalizedPath: string): string {
  return `/remote.php/dav/files/${encodeURIComponent(userId)}/${encodePath(normalizedPath)}`;
}
