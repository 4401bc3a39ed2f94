import { NextcloudError } from '../errors.js';
import { NAMESPACES } from './davPaths.js';
import { type DavSession, XML_CONTENT_TYPE } from './davSession.js';
import { davResponses, hrefSegmentsUnder, textProp } from './multistatus.js';

/** One version of a file (files_versions); the current content is listed as a version too. */
export interface FileVersion {
  /** The version's name: the Unix time of that content ('1795739094'). */
  versionId: string;
  /** ISO 8601. */
  modified?: string;
  size?: number;
  /** Nextcloud gives a version's timestamp as its ETag (webdav/067). */
  etag: string;
  contentType?: string;
  /** The uid of the user who wrote it, when Nextcloud knows. */
  author?: string;
  label?: string;
}

/** A file's versions over WebDAV, addressed by the file id (`oc:fileid`) from the caller's own files. */
export interface VersionsApi {
  /** The versions of the file with id `fileId`, newest first. */
  listVersions(fileId: number): Promise<FileVersion[]>;
  /** Restores a version (MOVE to `restore/target`); an unknown version is `not_found`. */
  restoreVersion(fileId: number, versionId: string): Promise<void>;
}

const PROPFIND_BODY =
  `<?xml version="1.0"?>\n<d:propfind ${NAMESPACES}><d:prop>` +
  '<d:getcontentlength/><d:getlastmodified/><d:getetag/><d:getcontenttype/>' +
  '<nc:version-author/><nc:version-label/></d:prop></d:propfind>';

/** Checks a version id: the digits of a Unix time, as files_versions names versions. */
export function checkVersionId(versionId: string): string {
  if (typeof versionId !== 'string' || !/^\d{1,20}$/.test(versionId)) {
    throw new NextcloudError(
      'bad_request',
      'Invalid version id: it is the digits of a timestamp, e.g. "1795739094"',
    );
  }
  return versionId;
}

function checkFileId(fileId: number): number {
  if (!Number.isSafeInteger(fileId) || fileId < 0) throw new NextcloudError('bad_request', 'Invalid file id');
  return fileId;
}

function versionsPath(uid: string, fileId: number, versionId?: string): string {
  return `/remote.php/dav/versions/${encodeURIComponent(uid)}/versions/${fileId}${versionId === undefined ? '' : `/${versionId}`}`;
}

function parseVersions(xml: string, uid: string): FileVersion[] {
  const versions: FileVersion[] = [];
  for (const { href, props } of davResponses(xml)) {
    const [, , versionId, ...deeper] = hrefSegmentsUnder(href, 'versions', uid);
    // The file's version collection answers first, without properties (webdav/067).
    if (versionId === undefined || deeper.length > 0) continue;
    const version: FileVersion = {
      versionId,
      etag: (textProp(props.getetag) ?? versionId).replace(/^"|"$/g, ''),
    };
    const modified = Date.parse(textProp(props.getlastmodified) ?? '');
    if (!Number.isNaN(modified)) version.modified = new Date(modified).toISOString();
    const size = Number(textProp(props.getcontentlength) ?? Number.NaN);
    if (Number.isFinite(size)) version.size = size;
    const contentType = textProp(props.getcontenttype);
    if (contentType !== undefined) version.contentType = contentType;
    const author = textProp(props['version-author']);
    if (author !== undefined) version.author = author;
    const label = textProp(props['version-label']);
    if (label !== undefined) version.label = label;
    versions.push(version);
  }
  return versions.sort((a, b) => Number(b.versionId) - Number(a.versionId));
}

/** Builds {@link VersionsApi} on a session's WebDAV access. */
export function createVersionsApi({ http, tokenSource, userId }: DavSession): VersionsApi {
  return {
    async listVersions(fileId) {
      const id = checkFileId(fileId);
      const uid = await userId();
      const response = await http.request(tokenSource, {
        method: 'PROPFIND',
        path: versionsPath(uid, id),
        api: 'dav',
        headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
        body: PROPFIND_BODY,
      });
      return parseVersions(response.text, uid);
    },

    async restoreVersion(fileId, versionId) {
      const id = checkFileId(fileId);
      const version = checkVersionId(versionId);
      const uid = await userId();
      await http.request(tokenSource, {
        method: 'MOVE',
        path: versionsPath(uid, id, version),
        api: 'dav',
        headers: {
          Destination: `${http.baseUrl}/remote.php/dav/versions/${encodeURIComponent(uid)}/restore/target`,
        },
      });
    },
  };
}
