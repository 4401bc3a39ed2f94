/** The Notes app's per-user settings (`/settings`). */
export interface NotesSettings {
  notesPath: string;
  fileSuffix: string;
  noteMode: string;
}

/** What the Notes app remembers per note: the last ETag it saw and when that changed. */
export interface NoteMeta {
  etag: string;
  /** Seconds; the Notes app sorts and chunks by this, not by the file's mtime. */
  lastUpdate: number;
}

/** Per-user Notes app state; the notes themselves are files in the user's tree. */
export interface NotesUserState {
  settings: NotesSettings;
  readonly meta: Map<number, NoteMeta>;
}

/** Fresh Notes state with the app's defaults. */
export function newNotesUserState(): NotesUserState {
  return { settings: { notesPath: 'Notes', fileSuffix: '.md', noteMode: 'rich' }, meta: new Map() };
}
