import { protocolError } from '../http.js';

/** A note of the Nextcloud Notes app (API v1). `id` is the note file's `oc:fileid`. */
export interface Note {
  id: number;
  /** Unquoted; the Notes API's own etag, NOT the file's WebDAV getetag (quirk 27). */
  etag: string;
  readonly: boolean;
  /** Unix seconds. */
  modified: number;
  title: string;
  /** '/'-separated subfolder path under the notes folder; '' for none. */
  category: string;
  /** Absent when the list was fetched without content. */
  content?: string;
  favorite: boolean;
}

/** Per-user settings of the Notes app. */
export interface NotesSettings {
  /** Folder holding the notes, relative to the files root (default 'Notes'). */
  notesPath: string;
  /** '.md' or '.txt' (or a custom suffix) for new notes. */
  fileSuffix: string;
  /** 'rich', 'edit' or 'preview'. */
  noteMode: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a note from Notes API JSON; anything without a numeric id is a protocol error. */
export function toNote(value: unknown): Note {
  if (!isObject(value) || typeof value.id !== 'number') throw protocolError();
  const note: Note = {
    id: value.id,
    etag: typeof value.etag === 'string' ? value.etag : '',
    readonly: value.readonly === true,
    modified: typeof value.modified === 'number' ? value.modified : 0,
    title: typeof value.title === 'string' ? value.title : '',
    category: typeof value.category === 'string' ? value.category : '',
    favorite: value.favorite === true,
  };
  if (typeof value.content === 'string') note.content = value.content;
  return note;
}

/** Reads the Notes settings object; unknown keys are ignored. */
export function toNotesSettings(value: unknown): NotesSettings {
  if (!isObject(value)) throw protocolError();
  return {
    notesPath: typeof value.notesPath === 'string' ? value.notesPath : '',
    fileSuffix: typeof value.fileSuffix === 'string' ? value.fileSuffix : '',
    noteMode: typeof value.noteMode === 'string' ? value.noteMode : '',
  };
}
