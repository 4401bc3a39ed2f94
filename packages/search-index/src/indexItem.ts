/** The content families the index holds. */
export const INDEX_FAMILIES = ['notes', 'files', 'calendar', 'contacts'] as const;

/** One content family: `notes`, `files`, `calendar` (events and tasks) or `contacts`. */
export type IndexFamily = (typeof INDEX_FAMILIES)[number];

/** One item as the worker writes it. */
export interface IndexItem {
  family: IndexFamily;
  /** The note id, the file path, the DAV href of a calendar object or card: unique within the user's family. */
  id: string;
  title: string;
  /** Text to search; cut to {@link MAX_CONTENT_BYTES}. */
  content: string;
  /** Where the item lives, e.g. `nextcloud://notes/12` or a file path. */
  link: string;
  /** The source's etag, so the next sync can skip unchanged items. */
  etag: string;
  /** Last modification, milliseconds since the epoch. */
  modifiedAt: number;
}

/** One search hit: the caller's own item, ranked, with a snippet of the matching text. */
export interface SearchHit {
  family: IndexFamily;
  id: string;
  title: string;
  link: string;
  modifiedAt: number;
  /** A short excerpt with the matched words between `**`; may be empty when only the title matched. */
  snippet: string;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

/** What a sync ended with. `unprovisioned`: the user's background grant is gone, syncs stopped. */
export type SyncState = 'ok' | 'partial' | 'failed' | 'unprovisioned';

/** The outcome of one sync, as recorded for {@link SearchIndex.syncStatus}. */
export interface SyncOutcome {
  /** Milliseconds since the epoch. */
  at: number;
  state: SyncState;
  /** Items indexed for the user after the sync. */
  items: number;
  /** Short, user-safe error descriptions (at most 20 kept). */
  errors: readonly string[];
}

/** Only the first 200 KB of an item's text is indexed. */
export const MAX_CONTENT_BYTES = 200 * 1024;
const MAX_TITLE_CHARS = 1000;
const MAX_ERRORS = 20;

// PostgreSQL text cannot hold NUL; SQLite would, but both backends must store the same thing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing NUL is the point
const NUL = /\u0000/g;

function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // A cut inside a multi-byte character decodes to U+FFFD at the end: drop it.
  return Buffer.from(text, 'utf8')
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

/** An item as it is stored: text without NUL, content and title bounded. */
export function boundedItem(item: IndexItem): IndexItem {
  return {
    ...item,
    title: item.title.replace(NUL, '').slice(0, MAX_TITLE_CHARS),
    content: cutUtf8(item.content.replace(NUL, ''), MAX_CONTENT_BYTES),
    link: item.link.replace(NUL, ''),
  };
}

/** The errors of an outcome as stored: bounded in number and length. */
export function boundedErrors(errors: readonly string[]): string[] {
  return errors.slice(0, MAX_ERRORS).map((error) => error.slice(0, 300));
}
