import { waitBeforeRetry } from '../backoff.js';
import { isNextcloudError, NextcloudError } from '../errors.js';
import { quoteEtag, unquoteEtag } from '../etag.js';
import { type HttpCore, type HttpRequest, type HttpResponse, parseJson, protocolError } from '../http.js';
import { normalizeNoteCategory, normalizeUserPath } from '../paths.js';
import type { TokenSource } from '../tokenSource.js';
import { messageFor } from '../toNextcloudError.js';
import { appendToNote } from './appendToNote.js';
import { matchNotes } from './matchNotes.js';
import { type Note, type NotesSettings, toNote, toNotesSettings } from './note.js';

/** Fields of a note that can be written. */
export interface NoteInput {
  title?: string;
  content?: string;
  /** '/'-separated subfolder path under the notes folder; normalised, may not escape it. */
  category?: string;
  favorite?: boolean;
}

/** The Notes app (API v1) of the signed-in user. */
export interface NotesApi {
  /**
   * All notes (optionally one category), each once; with `chunkSize` the list is fetched in chunks until
   * done. The `{id}`-only entries Nextcloud adds to the last chunk are not notes and are dropped.
   */
  list(opts?: { category?: string; excludeContent?: boolean; chunkSize?: number }): Promise<Note[]>;
  /** Case-insensitive match on title and content, done on the client (see {@link matchNotes}). */
  search(query: string, opts?: { category?: string; limit?: number }): Promise<Note[]>;
  get(id: number): Promise<Note>;
  /** Creates a note; a 500 from a race on a new category folder is retried once. */
  create(input: NoteInput): Promise<Note>;
  /**
   * Writes the given fields; with `etag` a stale note is a `conflict` whose `current` is the note now.
   * A note locked by a concurrent write (423, nothing written) is retried a bounded number of times.
   */
  update(id: number, patch: NoteInput, opts: { etag?: string }): Promise<Note>;
  /** Appends text (default separator '\n'), retrying a bounded number of times on concurrent edits. */
  append(id: number, text: string, opts?: { separator?: string }): Promise<Note>;
  delete(id: number): Promise<void>;
  getSettings(): Promise<NotesSettings>;
  updateSettings(patch: Partial<NotesSettings>): Promise<NotesSettings>;
}

// Without pretty URLs only the index.php form exists; with them it still works.
const BASE = '/index.php/apps/notes/api/v1';
// A runaway cursor must not loop forever: 10 000 chunks is far beyond any real notes folder.
const MAX_CHUNKS = 10_000;
// A 423 means another write holds the note's lock and nothing was written: worth a few short retries.
const MAX_LOCKED_ATTEMPTS = 3;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function notePath(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new NextcloudError('bad_request', 'Invalid note id');
  return `${BASE}/notes/${id}`;
}

/**
 * The last chunk of a list (or the only one) ends with `{"id":…}` for every note not in that chunk, so a
 * client can drop notes deleted meanwhile. A real entry always has `title`, `modified` and `etag` (even
 * with `exclude`, notes/010); one with none of them is such a marker.
 */
function isIdOnly(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  return !('title' in entry) && !('modified' in entry) && !('etag' in entry);
}

function toNoteList(body: unknown): Note[] {
  if (!Array.isArray(body)) throw protocolError();
  return body.filter((entry) => !isIdOnly(entry)).map(toNote);
}

function writableFields(input: NoteInput): NoteInput {
  const body: NoteInput = {};
  if (input.title !== undefined) {
    // Nextcloud would keep only the first line, or store a NUL in the file name: refuse instead.
    if (CONTROL_CHARACTERS.test(input.title)) {
      throw new NextcloudError(
        'bad_request',
        'Invalid title: control characters (including newlines and tabs) are not allowed; a title is one line',
      );
    }
    body.title = input.title;
  }
  if (input.content !== undefined) body.content = input.content;
  if (input.category !== undefined) body.category = normalizeNoteCategory(input.category);
  if (input.favorite !== undefined) body.favorite = input.favorite;
  return body;
}

/** Builds the Notes part of a session. */
export function createNotesApi(http: HttpCore, tokenSource: TokenSource): NotesApi {
  // A request about one note says so, so a failure can be worded for a note.
  function send(req: Omit<HttpRequest, 'api'>, json?: unknown): Promise<HttpResponse> {
    const headers = { ...req.headers, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) };
    const body = json === undefined ? undefined : JSON.stringify(json);
    const item = req.path.startsWith(`${BASE}/notes/`) ? ({ item: 'note' } as const) : {};
    return http.request(tokenSource, { ...req, headers, body, api: 'app', ...item });
  }

  async function list(opts: { category?: string; excludeContent?: boolean; chunkSize?: number } = {}) {
    const query: Record<string, string | number | undefined> = {
      category: opts.category === undefined ? undefined : normalizeNoteCategory(opts.category),
      exclude: opts.excludeContent ? 'content' : undefined,
      chunkSize: opts.chunkSize,
    };
    // By id: a note edited between two chunks comes again in a later one; the later copy is newer.
    const notes = new Map<number, Note>();
    const seenCursors = new Set<string>();
    for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      const response = await send({ method: 'GET', path: `${BASE}/notes`, query });
      for (const note of toNoteList(parseJson(response.text))) notes.set(note.id, note);
      // The cursor header is present while chunks remain (notes/013–014).
      const cursor = response.headers.get('X-Notes-Chunk-Cursor');
      if (opts.chunkSize === undefined || !cursor || seenCursors.has(cursor)) return [...notes.values()];
      seenCursors.add(cursor);
      query.chunkCursor = cursor;
    }
    throw protocolError();
  }

  async function get(id: number): Promise<Note> {
    const response = await send({ method: 'GET', path: notePath(id) });
    return toNote(parseJson(response.text));
  }

  async function putNote(id: number, body: NoteInput, headers: Record<string, string>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send({ method: 'PUT', path: notePath(id), headers, passStatuses: [412] }, body);
      } catch (error) {
        if (!isNextcloudError(error, 'locked') || attempt >= MAX_LOCKED_ATTEMPTS) throw error;
        await waitBeforeRetry(attempt);
      }
    }
  }

  async function update(id: number, patch: NoteInput, opts: { etag?: string }): Promise<Note> {
    // The server compares If-Match with the quoted etag exactly; an unquoted one is a 412 even when current.
    const headers: Record<string, string> =
      opts.etag === undefined ? {} : { 'If-Match': quoteEtag(unquoteEtag(opts.etag)) };
    const response = await putNote(id, writableFields(patch), headers);
    if (response.status === 412) {
      // The 412 body is the note as it is now (notes/019): hand it over so the caller can merge.
      let current: Note | undefined;
      try {
        current = toNote(parseJson(response.text));
      } catch {
        current = undefined;
      }
      throw new NextcloudError('conflict', messageFor('conflict'), { status: 412, current, item: 'note' });
    }
    return toNote(parseJson(response.text));
  }

  return {
    list,
    get,
    update,
    async search(query, opts = {}) {
      const notes = await list(opts.category === undefined ? {} : { category: opts.category });
      return matchNotes(notes, query, opts.limit);
    },
    async create(input) {
      const body = writableFields(input);
      const request = { method: 'POST', path: `${BASE}/notes` };
      let response: HttpResponse;
      try {
        response = await send(request, body);
      } catch (error) {
        // Concurrent creates into a new category folder race on its mkdir and the losers get a 500 before
        // anything is written; the folder exists by the time of a retry. Only then: a 500 elsewhere may
        // have come after the file was written, and a retry would duplicate the note.
        const newFolderRace = isNextcloudError(error) && error.status === 500 && Boolean(body.category);
        if (!newFolderRace) throw error;
        await waitBeforeRetry(1);
        response = await send(request, body);
      }
      return toNote(parseJson(response.text));
    },
    append(id, text, opts = {}) {
      return appendToNote({ get, update }, id, text, opts.separator);
    },
    async delete(id) {
      await send({ method: 'DELETE', path: notePath(id) });
    },
    async getSettings() {
      const response = await send({ method: 'GET', path: `${BASE}/settings` });
      return toNotesSettings(parseJson(response.text));
    },
    async updateSettings(patch) {
      // The notes folder is a path in the user's files like any other: it may not escape them either.
      const body =
        patch.notesPath === undefined ? patch : { ...patch, notesPath: normalizeUserPath(patch.notesPath) };
      const response = await send({ method: 'PUT', path: `${BASE}/settings` }, body);
      return toNotesSettings(parseJson(response.text));
    },
  };
}
