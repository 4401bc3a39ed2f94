import { NextcloudError } from '../errors.js';
import { quoteEtag, unquoteEtag } from '../etag.js';
import type { HttpCore } from '../http.js';
import { normalizeUserPath } from '../paths.js';
import type { TokenSource } from '../tokenSource.js';
import type { DavEntry, DavFileBytes } from './davEntry.js';
import { davFilesPath, ENTRY_PROPS, NAMESPACES } from './davPaths.js';
import type { DavSession } from './davSession.js';
import { createFavoriteApi, type FavoriteApi } from './favorite.js';
import { parseMultistatus } from './multistatus.js';
import { buildSearchRequest, type DavSearchQuery } from './searchRequest.js';
import { createTrashbinApi, type TrashbinApi } from './trashbin.js';
import { createVersionsApi, type VersionsApi } from './versions.js';

/** Files of the signed-in user over WebDAV; paths are relative to the user's files root. */
export interface WebdavApi extends FavoriteApi, TrashbinApi, VersionsApi {
  /** Lists a file or folder; with depth 1 (default) a folder's children follow the folder itself. */
  propfind(path: string, opts?: { depth?: 0 | 1 }): Promise<DavEntry[]>;
  /** Reads a file as UTF-8 text. */
  get(path: string): Promise<{ content: string; etag: string; contentType: string }>;
  /**
   * Reads a file as bytes, at most `maxBytes`: a larger file is not downloaded (the transfer stops at
   * the limit) and comes back without `bytes`. A function picks the limit from the answer's
   * Content-Type, before any of the body is read (one GET instead of a PROPFIND first).
   */
  getBytes(
    path: string,
    opts: { maxBytes: number | ((contentType: string) => number) },
  ): Promise<DavFileBytes>;
  /** Writes a file; `etag` makes it conditional (If-Match), `createOnly` refuses to overwrite (If-None-Match: *). */
  put(
    path: string,
    content: string,
    opts?: { etag?: string; createOnly?: boolean; contentType?: string },
  ): Promise<{ etag?: string; created: boolean }>;
  mkcol(path: string): Promise<void>;
  /** Deletes a file or folder (Nextcloud moves it to the trash bin). */
  delete(path: string): Promise<void>;
  /**
   * Moves or renames; without `overwrite: true` an existing target is a `conflict`. `replaced` says an
   * existing target was replaced (Nextcloud trashes it).
   */
  move(from: string, to: string, opts?: { overwrite?: boolean }): Promise<{ replaced: boolean }>;
  /** Copies a file or folder (recursively); `overwrite` and `replaced` as for {@link WebdavApi.move}. */
  copy(from: string, to: string, opts?: { overwrite?: boolean }): Promise<{ replaced: boolean }>;
  /** DAV SEARCH (basicsearch) over the user's files, newest first. */
  search(query: DavSearchQuery): Promise<DavEntry[]>;
}

function contentTypeOf(headers: Headers): string {
  return headers.get('Content-Type') ?? 'application/octet-stream';
}

const PROPFIND_BODY = `<?xml version="1.0" encoding="UTF-8"?>\n<d:propfind ${NAMESPACES}><d:prop>${ENTRY_PROPS}</d:prop></d:propfind>`;
const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Builds the WebDAV part of a session; `userId` resolves the (cached) Nextcloud uid. */
export function createWebdavApi(
  http: HttpCore,
  tokenSource: TokenSource,
  userId: () => Promise<string>,
): WebdavApi {
  // Writes name an item below the root: deleting or moving the root itself would affect everything.
  function checkedPath(path: string, allowRoot: boolean): string {
    const normalized = normalizeUserPath(path);
    if (!allowRoot && normalized === '') {
      throw new NextcloudError('invalid_path', 'Invalid path: the files root cannot be changed this way');
    }
    return normalized;
  }

  async function target(path: string, allowRoot = true): Promise<{ uid: string; davPath: string }> {
    const normalized = checkedPath(path, allowRoot);
    const uid = await userId();
    return { uid, davPath: davFilesPath(uid, normalized) };
  }

  // MOVE and COPY: an absolute Destination, and Overwrite always explicit (Sabre's default is T).
  async function transfer(
    method: 'MOVE' | 'COPY',
    from: string,
    to: string,
    overwrite: boolean,
  ): Promise<{ replaced: boolean }> {
    // Both paths are checked before anything is sent, the uid lookup included.
    const source = checkedPath(from, false);
    const destination = checkedPath(to, false);
    const uid = await userId();
    const response = await http.request(tokenSource, {
      method,
      path: davFilesPath(uid, source),
      api: 'dav',
      headers: {
        Destination: `${http.baseUrl}${davFilesPath(uid, destination)}`,
        Overwrite: overwrite ? 'T' : 'F',
      },
    });
    // 201: a new target; 204: an existing one was replaced (webdav/037, 038).
    return { replaced: response.status === 204 };
  }

  const dav: DavSession = { http, tokenSource, userId };
  const api: WebdavApi = {
    async propfind(path, opts = {}) {
      const { uid, davPath } = await target(path);
      const response = await http.request(tokenSource, {
        method: 'PROPFIND',
        path: davPath,
        api: 'dav',
        // Always explicit: a PROPFIND without Depth is an infinite listing (quirk 13).
        headers: { Depth: String(opts.depth ?? 1), 'Content-Type': XML_CONTENT_TYPE },
        body: PROPFIND_BODY,
      });
      return parseMultistatus(response.text, uid);
    },

    async get(path) {
      const { davPath } = await target(path);
      const response = await http.request(tokenSource, { method: 'GET', path: davPath, api: 'dav' });
      const etag = response.headers.get('ETag');
      // A folder answers GET with 200 and an HTML placeholder but no ETag (webdav/031); files always have one.
      if (etag === null)
        throw new NextcloudError('bad_request', 'The path is a folder, not a file', { status: 200 });
      return {
        content: response.text,
        etag: unquoteEtag(etag),
        contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
      };
    },

    async getBytes(path, opts) {
      const { davPath } = await target(path);
      const { maxBytes } = opts;
      const response = await http.requestBytes(
        tokenSource,
        { method: 'GET', path: davPath, api: 'dav' },
        typeof maxBytes === 'number' ? maxBytes : (headers) => maxBytes(contentTypeOf(headers)),
      );
      const etag = response.headers.get('ETag');
      if (etag === null)
        throw new NextcloudError('bad_request', 'The path is a folder, not a file', { status: 200 });
      const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
      const size = response.bytes?.byteLength ?? (Number.isInteger(declared) ? declared : undefined);
      return {
        etag: unquoteEtag(etag),
        contentType: contentTypeOf(response.headers),
        ...(response.bytes === undefined ? {} : { bytes: response.bytes }),
        ...(size === undefined ? {} : { size }),
      };
    },

    async put(path, content, opts = {}) {
      const { davPath } = await target(path, false);
      const headers: Record<string, string> = {
        'Content-Type': opts.contentType ?? 'text/plain; charset=utf-8',
      };
      if (opts.etag !== undefined) headers['If-Match'] = quoteEtag(opts.etag);
      if (opts.createOnly) headers['If-None-Match'] = '*';
      const response = await http.request(tokenSource, {
        method: 'PUT',
        path: davPath,
        api: 'dav',
        headers,
        body: content,
      });
      const etag = response.headers.get('ETag');
      return {
        created: response.status === 201,
        ...(etag === null ? {} : { etag: unquoteEtag(etag) }),
      };
    },

    async mkcol(path) {
      const { davPath } = await target(path, false);
      await http.request(tokenSource, { method: 'MKCOL', path: davPath, api: 'dav' });
    },

    async delete(path) {
      const { davPath } = await target(path, false);
      await http.request(tokenSource, { method: 'DELETE', path: davPath, api: 'dav' });
    },

    async move(from, to, opts = {}) {
      return transfer('MOVE', from, to, opts.overwrite === true);
    },

    async copy(from, to, opts = {}) {
      return transfer('COPY', from, to, opts.overwrite === true);
    },

    async search(query) {
      const under = normalizeUserPath(query.under ?? '');
      const uid = await userId();
      const response = await http.request(tokenSource, {
        method: 'SEARCH',
        path: '/remote.php/dav/',
        api: 'dav',
        headers: { 'Content-Type': 'text/xml; charset=utf-8' },
        body: buildSearchRequest(uid, under, query),
      });
      return parseMultistatus(response.text, uid);
    },
    ...createFavoriteApi(dav),
    ...createVersionsApi(dav),
    // Finding a restored item lists its folder, as `propfind` does.
    ...createTrashbinApi(dav, (path) => api.propfind(path, { depth: 1 })),
  };
  return api;
}
