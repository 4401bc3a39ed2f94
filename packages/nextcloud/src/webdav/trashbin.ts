import { NextcloudError } from '../errors.js';
import { normalizeUserPath } from '../paths.js';
import type { DavEntry } from './davEntry.js';
import { NAMESPACES } from './davPaths.js';
import { type DavSession, XML_CONTENT_TYPE } from './davSession.js';
import { davResponses, hrefSegmentsUnder, isCollection, textProp } from './multistatus.js';

/** One item of the user's trash bin. */
export interface TrashEntry {
  /** Its name in the trash bin, `<name>.d<deletion time>`: what {@link TrashbinApi.restoreFromTrash} takes. */
  trashName: string;
  /** Its name when it was deleted. */
  name: string;
  /** Where it was, relative to the files root ('Docs/report.txt'). */
  originalPath: string;
  /** ISO 8601. */
  deletedAt: string;
  type: 'file' | 'folder';
  /** Bytes (a folder: everything inside it). */
  size?: number;
  contentType?: string;
  fileId?: number;
}

/** The outcome of a restore: the item, and where it is now when that could be found. */
export interface TrashRestore {
  entry: TrashEntry;
  /** The restored path: `originalPath`, a "(restored)" name beside it, or the root when its folder is gone. */
  restoredPath?: string;
}

/** The user's trash bin (files_trashbin) over WebDAV. */
export interface TrashbinApi {
  /** Every item in the trash bin, newest deletion first. */
  listTrash(): Promise<TrashEntry[]>;
  /** Restores one item by its trash name; an unknown name is `not_found`, a malformed one `invalid_path`. */
  restoreFromTrash(trashName: string): Promise<TrashRestore>;
}

const PROPFIND_BODY =
  `<?xml version="1.0"?>\n<d:propfind ${NAMESPACES}><d:prop>` +
  '<nc:trashbin-filename/><nc:trashbin-original-location/><nc:trashbin-deletion-time/>' +
  '<d:getcontentlength/><d:getcontenttype/><d:resourcetype/><oc:size/><oc:fileid/>' +
  '</d:prop></d:propfind>';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks a trash item name: one segment ending in `.d<digits>`, as files_trashbin names items; no
 * separators, dot segments or control characters, so it can only name an entry of the trash bin itself.
 */
export function checkTrashName(trashName: string): string {
  const invalid = (problem: string) =>
    new NextcloudError('invalid_path', `Invalid trash item name: ${problem}`);
  if (typeof trashName !== 'string' || trashName === '') throw invalid('it is empty');
  if (/[/\\]/.test(trashName)) throw invalid('it must be one name, without "/" or "\\"');
  if (CONTROL_CHARACTERS.test(trashName)) throw invalid('control characters are not allowed');
  if (trashName === '.' || trashName === '..') throw invalid('dot segments are not allowed');
  if (!/.\.d\d+$/.test(trashName)) throw invalid('trash names end in ".d" and the deletion time');
  return trashName;
}

function trashPath(uid: string, collection: 'trash' | 'restore', name?: string): string {
  return `/remote.php/dav/trashbin/${encodeURIComponent(uid)}/${collection}/${name === undefined ? '' : encodeURIComponent(name)}`;
}

function toNumber(value: unknown): number | undefined {
  const raw = textProp(value);
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function parseTrash(xml: string, uid: string): TrashEntry[] {
  const entries: TrashEntry[] = [];
  for (const { href, props } of davResponses(xml)) {
    const [, trashName, ...deeper] = hrefSegmentsUnder(href, 'trashbin', uid);
    // The trash collection itself answers first, with only its resourcetype (webdav/066).
    if (trashName === undefined || deeper.length > 0) continue;
    const folder = isCollection(props.resourcetype);
    const name = textProp(props['trashbin-filename']) ?? trashName.replace(/\.d\d+$/, '');
    // Relative to the files root; tolerate a leading '/' or './' for items deleted from the root.
    const location = (textProp(props['trashbin-original-location']) ?? name).replace(/^(\.?\/)+/, '');
    const deletedSeconds =
      toNumber(props['trashbin-deletion-time']) ?? Number(/\.d(\d+)$/.exec(trashName)?.[1]);
    const entry: TrashEntry = {
      trashName,
      name,
      originalPath: location,
      deletedAt: new Date((Number.isFinite(deletedSeconds) ? deletedSeconds : 0) * 1000).toISOString(),
      type: folder ? 'folder' : 'file',
    };
    const size = folder ? toNumber(props.size) : (toNumber(props.getcontentlength) ?? toNumber(props.size));
    if (size !== undefined) entry.size = size;
    const contentType = textProp(props.getcontenttype);
    if (!folder && contentType !== undefined) entry.contentType = contentType;
    const fileId = toNumber(props.fileid);
    if (fileId !== undefined) entry.fileId = fileId;
    entries.push(entry);
  }
  // The server's order is not documented; newest first, ties by trash name, is what callers page through.
  return entries.sort(
    (a, b) => b.deletedAt.localeCompare(a.deletedAt) || (a.trashName < b.trashName ? 1 : -1),
  );
}

/** Builds {@link TrashbinApi}; `propfind` lists a folder of the user's files (to find a restored item). */
export function createTrashbinApi(
  { http, tokenSource, userId }: DavSession,
  propfind: (path: string) => Promise<DavEntry[]>,
): TrashbinApi {
  async function list(uid: string, name?: string): Promise<TrashEntry[]> {
    const response = await http.request(tokenSource, {
      method: 'PROPFIND',
      path: trashPath(uid, 'trash', name),
      api: 'dav',
      headers: { Depth: name === undefined ? '1' : '0', 'Content-Type': XML_CONTENT_TYPE },
      body: PROPFIND_BODY,
    });
    return parseTrash(response.text, uid);
  }

  // files_trashbin restores into the original folder, or the root when it is gone, under a
  // "(restored)" name when the name is taken; the item keeps its file id, so look for that.
  async function locate(entry: TrashEntry): Promise<string | undefined> {
    const slash = entry.originalPath.lastIndexOf('/');
    const folder = slash === -1 ? '' : entry.originalPath.slice(0, slash);
    for (const candidate of folder === '' ? [''] : [folder, '']) {
      let listing: DavEntry[];
      try {
        listing = await propfind(normalizeUserPath(candidate));
      } catch (error) {
        // The restore itself succeeded: not finding it again only leaves the place unknown.
        if (error instanceof NextcloudError) continue;
        throw error;
      }
      const found = listing.find((item) => item.path !== candidate && item.fileId === entry.fileId);
      if (found && entry.fileId !== undefined) return found.path;
    }
    return undefined;
  }

  return {
    async listTrash() {
      return list(await userId());
    },

    async restoreFromTrash(trashName) {
      const name = checkTrashName(trashName);
      const uid = await userId();
      const [entry] = await list(uid, name);
      if (entry === undefined) throw new NextcloudError('not_found', 'The item is not in the trash bin');
      await http.request(tokenSource, {
        method: 'MOVE',
        path: trashPath(uid, 'trash', name),
        api: 'dav',
        headers: { Destination: `${http.baseUrl}${trashPath(uid, 'restore', name)}` },
      });
      const restoredPath = await locate(entry);
      return restoredPath === undefined ? { entry } : { entry, restoredPath };
    },
  };
}
