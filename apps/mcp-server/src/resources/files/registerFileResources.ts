import {
  type McpServer,
  type ReadResourceResult,
  ResourceNotFoundError,
  ResourceTemplate,
} from '@modelcontextprotocol/server';
import { isNextcloudError } from '@nc-mcp/nextcloud';
import type { McpServerInputs } from '../../mcp/buildMcpServer.js';
import { baseMediaType, classifyContent, MAX_TEXT_BYTES } from '../../tools/files/fileContent.js';
import { hasScopes, SCOPES } from '../../tools/scopes.js';
import { resourceRequestObserver } from '../resourceRequestObserver.js';
import { completeFilePaths, splitTypedPath } from './fileCompletion.js';
import {
  FileTooLargeError,
  FOLDER_MESSAGE,
  NOT_A_FILE_URI_MESSAGE,
  toFileResourceError,
} from './fileResourceError.js';
import { FILE_URI_TEMPLATE, fileUri, parseFileUri } from './fileUri.js';

/** The scopes every file resource request needs, as nc_files_read does. */
export const FILE_RESOURCE_SCOPES: readonly string[] = [SCOPES.filesRead];

/**
 * The largest file `resources/read` returns, text or blob: nc_files_read's download cap. Not its 1 MiB
 * embed limit, since the files it links instead of embedding are exactly the ones read here.
 */
export const MAX_RESOURCE_BYTES = MAX_TEXT_BYTES;

const OCTET_STREAM = 'application/octet-stream';

/**
 * The user's files as resources `nextcloud://files/{+path}`, on a per-request server whose token holds
 * `files.read` (nothing is registered without it). Reads and completions use the caller's own session,
 * as the tools do, so they only ever reach that user's files root. Files are never listed: a whole file
 * tree is too big for `resources/list`, which stays the paged notes listing.
 */
export function registerFileResources(server: McpServer, inputs: McpServerInputs): void {
  if (!hasScopes(inputs.auth.scopes, FILE_RESOURCE_SCOPES)) return;
  const logger = inputs.logger.child({ resource: 'files' });
  const webdav = () =>
    inputs.access.sessionFor(inputs.auth, FILE_RESOURCE_SCOPES, { requestId: inputs.requestId }).webdav;

  const observe = resourceRequestObserver(logger, toFileResourceError);

  async function readFile(uri: string): Promise<ReadResourceResult> {
    const path = parseFileUri(uri);
    if (path === undefined) throw new ResourceNotFoundError(uri, NOT_A_FILE_URI_MESSAGE);
    const [entry] = await webdav().propfind(path, { depth: 0 });
    if (entry === undefined || entry.type === 'folder') throw new ResourceNotFoundError(uri, FOLDER_MESSAGE);
    // Known to be too large: do not start the download at all.
    if (entry.size !== undefined && entry.size > MAX_RESOURCE_BYTES)
      throw new FileTooLargeError(MAX_RESOURCE_BYTES);
    const read = await webdav().getBytes(path, { maxBytes: MAX_RESOURCE_BYTES });
    if (read.bytes === undefined) throw new FileTooLargeError(MAX_RESOURCE_BYTES);
    const mimeType = baseMediaType(entry.contentType) || OCTET_STREAM;
    const canonical = fileUri(path);
    if (classifyContent(entry.contentType) === 'text') {
      return { contents: [{ uri: canonical, mimeType, text: new TextDecoder().decode(read.bytes) }] };
    }
    return { contents: [{ uri: canonical, mimeType, blob: Buffer.from(read.bytes).toString('base64') }] };
  }

  async function complete(typed: string): Promise<string[]> {
    const split = splitTypedPath(typed);
    if (split === undefined) return [];
    try {
      return completeFilePaths(await webdav().propfind(split.folder, { depth: 1 }), split);
    } catch (error) {
      // Typing a folder that does not exist (yet) is not a failure: there is nothing to offer.
      if (isNextcloudError(error, 'not_found')) return [];
      throw error;
    }
  }

  // A stateless server cannot send list_changed; the SDK would otherwise advertise it.
  server.server.registerCapabilities({ resources: { listChanged: false } });
  server.registerResource(
    'file',
    new ResourceTemplate(FILE_URI_TEMPLATE, {
      // Never listed: a user's whole file tree is too big for resources/list.
      list: undefined,
      complete: { path: (typed) => observe('completion/complete', undefined, () => complete(typed)) },
    }),
    {
      title: 'File',
      description:
        'A file in the user’s Nextcloud, by its path with percent-encoded segments; text as text, other ' +
        `files as base64, up to ${MAX_RESOURCE_BYTES} bytes. Complete the path folder by folder; ` +
        'resources/list does not list files.',
      // Per user, and files change at any time (2026-07-28 cache fields; the SDK fills them in).
      cacheHint: { ttlMs: 0, cacheScope: 'private' },
    },
    (uri) => observe('resources/read', uri.href, () => readFile(uri.href)),
  );
}
