/** One file or folder as WebDAV reports it, with the path relative to the user's files root. */
export interface DavEntry {
  /** Decoded, relative to the files root, without leading or trailing '/': 'Docs/hello.txt'; root is ''. */
  path: string;
  /** Last path segment ('' for the root). */
  name: string;
  type: 'file' | 'folder';
  /** Unquoted, as everywhere in this client; '' when the server sent none. */
  etag: string;
  /** `oc:fileid`; for files in the notes folder this is the note id. */
  fileId?: number;
  /** Bytes: content length for files, `oc:size` (recursive) for folders. */
  size?: number;
  contentType?: string;
  /** ISO 8601. */
  lastModified?: string;
  /** Nextcloud permission letters, e.g. 'RGDNVW'. */
  permissions?: string;
  favorite: boolean;
  /**
   * `oc:share-types` of the caller's own item, ascending: 0 user, 1 group, 3 public link, 4 email, 6
   * federated (sharing/022); empty when it is not shared, undefined when the server did not say.
   */
  shareTypes?: number[];
}

/** A file read as bytes; without `bytes` when it was larger than the caller allowed (never partial). */
export interface DavFileBytes {
  /** Undefined when the file is larger than the limit; the download was stopped. */
  bytes?: Uint8Array;
  /** Bytes: the length read, or the announced Content-Length of a file that was too large. */
  size?: number;
  etag: string;
  contentType: string;
}
