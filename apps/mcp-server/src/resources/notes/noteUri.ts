/** What every note URI starts with. */
export const NOTE_URI_PREFIX = 'nextcloud://notes/';

/** The RFC 6570 template of a note URI, as `resources/templates/list` shows it. */
export const NOTE_URI_TEMPLATE = `${NOTE_URI_PREFIX}{id}`;

// Exactly the canonical form: no leading zeros, no sign, no trailing slash, query or fragment, so that
// one note has one URI (a client comparing URIs, or a cache keyed by them, never sees two spellings).
const NOTE_URI = /^nextcloud:\/\/notes\/([1-9][0-9]{0,15})$/;

/** The URI of the note with this id (a positive safe integer). */
export function noteUri(id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('A note id is a positive integer');
  return `${NOTE_URI_PREFIX}${id}`;
}

/** The note id a URI names, or `undefined` unless it is exactly `nextcloud://notes/<positive integer>`. */
export function parseNoteUri(uri: string): number | undefined {
  const digits = NOTE_URI.exec(uri)?.[1];
  if (digits === undefined) return undefined;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : undefined;
}
