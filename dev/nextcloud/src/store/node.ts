/** Fields every node of a user's file tree has. */
interface NodeBase {
  /** Global, increasing file id (`oc:fileid`, `OC-FileId`, and the note id). */
  readonly id: number;
  name: string;
  parent: FolderNode | null;
  /** Modification time in whole seconds, like Nextcloud's filecache. */
  mtime: number;
  /** Unquoted ETag: 32 hex chars for files, 13 for folders, or whatever PROPPATCH stored. */
  etag: string;
  favorite: boolean;
  /** Dead properties set with PROPPATCH, keyed by Clark notation (`{ns}local`). */
  readonly deadProps: Map<string, string>;
}

/** A file with its bytes. */
export interface FileNode extends NodeBase {
  readonly kind: 'file';
  content: Buffer;
  /**
   * Earlier contents (files_versions), keyed by the mtime the file had while it held them. The current
   * content is not in here: Nextcloud lists it as the version named by the file's own mtime.
   */
  readonly versions: Map<number, Buffer>;
}

/** A folder; children keyed by name. */
export interface FolderNode extends NodeBase {
  readonly kind: 'folder';
  readonly children: Map<string, FsNode>;
}

/** A node of the in-memory file tree. */
export type FsNode = FileNode | FolderNode;

/** Mime type for folders, as Nextcloud reports it in searches. */
export const FOLDER_MIME = 'httpd/unix-directory';

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  ics: 'text/calendar',
  vcf: 'text/vcard',
  zip: 'application/zip',
  odt: 'application/vnd.oasis.opendocument.text',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Nextcloud derives the mime type from the file name, never from the upload's Content-Type. */
export function mimeTypeOf(node: FsNode): string {
  if (node.kind === 'folder') return FOLDER_MIME;
  const dot = node.name.lastIndexOf('.');
  const extension = dot > 0 ? node.name.slice(dot + 1).toLowerCase() : '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}
