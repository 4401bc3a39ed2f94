import type { Note } from '@nc-mcp/nextcloud';

/** One page of notes, newest first, and the cursor of the next page when there is one. */
export interface NotePage {
  notes: Note[];
  nextCursor?: string;
}

/** The position after which a page starts: the last note of the previous page. */
interface Position {
  modified: number;
  id: number;
}

const CURSOR_VERSION = 'n1';
const CURSOR = /^n1:(0|[1-9][0-9]{0,15}):([1-9][0-9]{0,15})$/;

/** Newest first; the id breaks ties (notes made in the same second), so the order is total. */
export function newestFirst(notes: readonly Note[]): Note[] {
  return [...notes].sort((a, b) => b.modified - a.modified || b.id - a.id);
}

/**
 * The page of `notes` that follows `cursor` (the first page without one). The cursor names the last note
 * shown rather than an offset, so a note created or deleted between two pages neither repeats nor hides
 * another one. It holds no user data: a cursor passed to another user only positions within their notes.
 */
export function notePage(notes: readonly Note[], cursor: string | undefined, pageSize: number): NotePage {
  const sorted = newestFirst(notes);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rest = after === undefined ? sorted : sorted.filter((note) => comesAfter(note, after));
  const page = rest.slice(0, pageSize);
  const last = page.at(-1);
  return rest.length > pageSize && last ? { notes: page, nextCursor: encodeCursor(last) } : { notes: page };
}

/** Thrown for a cursor this server did not make; the protocol answers it with Invalid Params. */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  readonly retryable = false;
  constructor() {
    super('Invalid cursor: pass the nextCursor of a previous resources/list answer, or none');
    this.name = 'InvalidCursorError';
  }
}

function comesAfter(note: Note, position: Position): boolean {
  return note.modified < position.modified || (note.modified === position.modified && note.id < position.id);
}

function encodeCursor(note: Note): string {
  return Buffer.from(`${CURSOR_VERSION}:${note.modified}:${note.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  // Bounded before decoding: a cursor is client input.
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const modified = Number(match?.[1]);
  const id = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(modified) || !Number.isSafeInteger(id)) throw new InvalidCursorError();
  return { modified, id };
}
