import type { Note } from './notes/note.js';

/** Stable failure kinds of the Nextcloud client; callers switch on these, never on `message`. */
export type NextcloudErrorCode =
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'forbidden'
  | 'unauthorized'
  | 'bad_request'
  | 'invalid_path'
  | 'unavailable'
  | 'timeout'
  | 'protocol'
  /** Unified search: no provider has the id (Nextcloud answers a bare OCS 996 / HTTP 500 for it). */
  | 'unknown_search_provider'
  /** WebDAV sync-collection: the server no longer knows the sync token (403 `valid-sync-token`); sync again from scratch. */
  | 'invalid_sync_token';

// Only failures on Nextcloud's side (or the way there) and locks held by another write go away by themselves.
const RETRYABLE_CODES: ReadonlySet<NextcloudErrorCode> = new Set(['locked', 'unavailable', 'timeout']);

/** Options for {@link NextcloudError}. */
export interface NextcloudErrorOptions {
  status?: number;
  retryable?: boolean;
  /** The note as it is now on the server, when a Notes write lost a race (code `conflict`). */
  current?: Note;
  /** `note` when the failed request was about one note of the Notes API (for the wording at the edge). */
  item?: 'note';
  cause?: unknown;
}

/** A failed Nextcloud call with a stable `code`; the message is short, generic and safe to show. */
export class NextcloudError extends Error {
  readonly code: NextcloudErrorCode;
  readonly retryable: boolean;
  /** HTTP status Nextcloud answered with, when it answered at all. */
  readonly status: number | undefined;
  readonly current: Note | undefined;
  /** `note` when the request was about one note; undefined for files, folders and everything else. */
  readonly item: 'note' | undefined;

  constructor(code: NextcloudErrorCode, message: string, options: NextcloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NextcloudError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
    this.status = options.status;
    this.current = options.current;
    this.item = options.item;
  }
}

/** True when `error` is a {@link NextcloudError}, optionally with the given code. */
export function isNextcloudError(error: unknown, code?: NextcloudErrorCode): error is NextcloudError {
  return error instanceof NextcloudError && (code === undefined || error.code === code);
}
