import {
  type ListResourcesResult,
  type McpServer,
  type ReadResourceResult,
  type Resource,
  ResourceNotFoundError,
  ResourceTemplate,
} from '@modelcontextprotocol/server';
import type { Note } from '@nc-mcp/nextcloud';
import type { McpServerInputs } from '../../mcp/buildMcpServer.js';
import { hasScopes, SCOPES } from '../../tools/scopes.js';
import { resourceRequestObserver } from '../resourceRequestObserver.js';
import { completeNoteIds } from './noteCompletion.js';
import { notePage } from './notePages.js';
import { NOT_A_NOTE_URI_MESSAGE, toNoteResourceError } from './noteResourceError.js';
import { NOTE_URI_TEMPLATE, noteUri, parseNoteUri } from './noteUri.js';

/** The scopes every note resource request needs, as the read tools do. */
export const NOTE_RESOURCE_SCOPES: readonly string[] = [SCOPES.notesRead];

const MARKDOWN = 'text/markdown';
/** Notes per `resources/list` page. */
export const NOTES_PAGE_SIZE = 100;
// Nextcloud's own chunking of the notes list, as nc_notes_list fetches it.
const LIST_CHUNK_SIZE = 100;

/**
 * The user's notes as resources `nextcloud://notes/{id}` (Markdown), on a per-request server whose token
 * holds `notes.read`; without it nothing is registered, so the server has no resources at all. Every
 * request reads Nextcloud with the caller's own session — `access.sessionFor`, as the tools do — so one
 * user's list, reads and completions only ever show that user's notes.
 */
export function registerNoteResources(server: McpServer, inputs: McpServerInputs): void {
  if (!hasScopes(inputs.auth.scopes, NOTE_RESOURCE_SCOPES)) return;
  const logger = inputs.logger.child({ resource: 'notes' });
  const notes = () =>
    inputs.access.sessionFor(inputs.auth, NOTE_RESOURCE_SCOPES, { requestId: inputs.requestId }).notes;
  const listNotes = () => notes().list({ excludeContent: true, chunkSize: LIST_CHUNK_SIZE });

  const observe = resourceRequestObserver(logger, toNoteResourceError);

  async function readNote(uri: string): Promise<ReadResourceResult> {
    const id = parseNoteUri(uri);
    if (id === undefined) throw new ResourceNotFoundError(uri, NOT_A_NOTE_URI_MESSAGE);
    const note = await notes().get(id);
    return { contents: [{ uri: noteUri(note.id), mimeType: MARKDOWN, text: note.content ?? '' }] };
  }

  // A stateless server cannot send list_changed; the SDK would otherwise advertise it.
  server.server.registerCapabilities({ resources: { listChanged: false } });
  server.registerResource(
    'note',
    new ResourceTemplate(NOTE_URI_TEMPLATE, {
      // Listed by the paged handler below instead.
      list: undefined,
      complete: {
        id: (typed) =>
          observe('completion/complete', undefined, async () => completeNoteIds(await listNotes(), typed)),
      },
    }),
    {
      title: 'Note',
      description:
        'One of the user’s Nextcloud notes, as Markdown. Complete the id by title; resources/list shows every note, newest first.',
      mimeType: MARKDOWN,
      // Per user, and notes change at any time (2026-07-28 cache fields; the SDK fills them in).
      cacheHint: { ttlMs: 0, cacheScope: 'private' },
    },
    (uri) => observe('resources/read', uri.href, () => readNote(uri.href)),
  );
  // McpServer answers resources/list with every template's listing in one unpaged result. A user may
  // have thousands of notes, so this server pages them itself; note resources are all it lists.
  server.server.setRequestHandler('resources/list', (request) =>
    observe('resources/list', undefined, async (): Promise<ListResourcesResult> => {
      const page = notePage(await listNotes(), request.params?.cursor, NOTES_PAGE_SIZE);
      return {
        resources: page.notes.map(toResource),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    }),
  );
}

function toResource(note: Note): Resource {
  return {
    uri: noteUri(note.id),
    name: note.title,
    title: note.title,
    mimeType: MARKDOWN,
    ...(note.modified > 0
      ? { annotations: { lastModified: new Date(note.modified * 1000).toISOString() } }
      : {}),
  };
}
