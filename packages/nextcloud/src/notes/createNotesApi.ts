import { NextcloudError } from '../errors.js';
import { quoteEtag } from '../etag.js';
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
  /** All notes (optionally one category); with `chunkSize` the list is fetched in chunks until done. */
  list(opts?: { category?: string; excludeContent?: boolean; chunkSize?: number }): Promise<Note[]>;
  /** Case-insensitive match on title and content, done on the client (see {@link matchNotes}). */
  search(query: string, opts?: { category?: string; limit?: number }): Promise<Note[]>;
  get(id: number): Promise<Note>;
  create(input: NoteInput): Promise<Note>;
  /** Writes the given fields; with `etag` a stale note is a `conflict` whose `current` is the note now. */
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

function notePath(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new NextcloudError('bad_request', 'Invalid note id');
  return `${BASE}/notes/${id}`;
}

function toNoteList(body: unknown): Note[] {
  if (!Array.isArray(body)) throw protocolError();
  return body.map(toNote);
}

function writableFields(input: NoteInput): NoteInput {
  const body: NoteInput = {};
  if (input.title !== undefined) body.title = input.title;
  if (input.content !== undefined) body.content = input.content;
  if (input.category !== undefined) body.category = normalizeNoteCategory(input.category);
  if (input.favorite !== undefined) body.favorite = input.favorite;
  return body;
}

/** Builds the Notes part of a session. */
export function createNotesApi(http: HttpCore, tokenSource: TokenSource): NotesApi {
  function send(req: Omit<HttpRequest, 'api'>, json?: unknown): Promise<HttpResponse> {
    const headers = { ...req.headers, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) };
    const body = json === undefined ? undefined : JSON.stringify(json);
    return http.request(tokenSource, { ...req, headers, body, api: 'app' });
  }

  async function list(opts: { category?: string; excludeContent?: boolean; chunkSize?: number } = {}) {
    const query: Record<string, string | number | undefined> = {
      category: opts.category === undefined ? undefined : normalizeNoteCategory(opts.category),
      exclude: opts.excludeContent ? 'content' : undefined,
      chunkSize: opts.chunkSize,
    };
    const notes: Note[] = [];
    const seenCursors = new Set<string>();
    for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      const response = await send({ method: 'GET', path: `${BASE}/notes`, query });
      notes.push(...toNoteList(parseJson(response.text)));
      // The cursor header is present while chunks remain (notes/013–014).
      const cursor = response.headers.get('X-Notes-Chunk-Cursor');
      if (opts.chunkSize === undefined || !cursor || seenCursors.has(cursor)) return notes;
      seenCursors.add(cursor);
      query.chunkCursor = cursor;
    }
    throw protocolError();
  }

  async function get(id: number): Promise<Note> {
    const response = await send({ method: 'GET', path: notePath(id) });
    return toNote(parseJson(response.text));
  }

  async function update(id: number, patch: NoteInput, opts: { etag?: string }): Promise<Note> {
    const headers: Record<string, string> =
      opts.etag === undefined ? {} : { 'If-Match': quoteEtag(opts.etag) };
    const response = await send(
      { method: 'PUT', path: notePath(id), headers, passStatuses: [412] },
      writableFields(patch),
    );
    if (response.status === 412) {
      // The 412 body is the note as it is now (notes/019): hand it over so the caller can merge.
      let current: Note | undefined;
      try {
        current = toNote(parseJson(response.text));
      } catch {
        current = undefined;
      }
      throw new NextcloudError('conflict', messageFor('conflict'), { status: 412, current });
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
      const response = await send({ method: 'POST', path: `${BASE}/notes` }, writableFields(input));
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
