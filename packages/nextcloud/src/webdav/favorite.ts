import { NextcloudError } from '../errors.js';
import { protocolError } from '../http.js';
import { normalizeUserPath } from '../paths.js';
import { davFilesPath, NAMESPACES } from './davPaths.js';
import { type DavSession, XML_CONTENT_TYPE } from './davSession.js';
import { parseXml, type XmlNode } from './xml.js';

/** The favorite flag of the user's files (`oc:favorite`). */
export interface FavoriteApi {
  /** Sets or clears the favorite flag of a file or folder below the root; setting it twice is harmless. */
  setFavorite(path: string, favorite: boolean): Promise<void>;
}

function proppatchBody(favorite: boolean): string {
  return (
    `<?xml version="1.0"?>\n<d:propertyupdate ${NAMESPACES}><d:set><d:prop>` +
    `<oc:favorite>${favorite ? 1 : 0}</oc:favorite></d:prop></d:set></d:propertyupdate>`
  );
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A PROPPATCH answers 207 even when it failed: the propstat of oc:favorite carries the real status
// (200 in webdav/049, 050, 057; 403/424 when Sabre refuses a property).
function favoriteStatus(xml: string): string | undefined {
  const root = parseXml(xml).multistatus;
  for (const response of asList(isNode(root) ? root.response : undefined)) {
    for (const propstat of asList(isNode(response) ? response.propstat : undefined)) {
      if (isNode(propstat) && isNode(propstat.prop) && 'favorite' in propstat.prop) {
        return typeof propstat.status === 'string' ? propstat.status : undefined;
      }
    }
  }
  return undefined;
}

/** Builds {@link FavoriteApi} on a session's WebDAV access. */
export function createFavoriteApi({ http, tokenSource, userId }: DavSession): FavoriteApi {
  return {
    async setFavorite(path, favorite) {
      const normalized = normalizeUserPath(path);
      if (normalized === '') {
        throw new NextcloudError('invalid_path', 'Invalid path: the files root cannot be a favorite');
      }
      const uid = await userId();
      const response = await http.request(tokenSource, {
        method: 'PROPPATCH',
        path: davFilesPath(uid, normalized),
        api: 'dav',
        headers: { 'Content-Type': XML_CONTENT_TYPE },
        body: proppatchBody(favorite),
      });
      const status = favoriteStatus(response.text);
      if (status === undefined) throw protocolError();
      if (!/ 2\d\d( |$)/.test(status)) {
        const code = Number(/ (\d{3})( |$)/.exec(status)?.[1]);
        throw new NextcloudError('forbidden', 'Nextcloud did not change the favorite flag', {
          ...(Number.isInteger(code) ? { status: code } : {}),
        });
      }
    },
  };
}
