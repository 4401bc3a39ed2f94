/** Why the search index failed; callers switch on this, never on messages. */
export type SearchIndexErrorCode =
  /** A bad DATABASE_URL, or a data directory that cannot hold the index: an operator must act. */
  | 'index_misconfigured'
  /** The database is unreachable or busy: retryable. */
  | 'index_unavailable'
  /** Opened read-only before the worker ever created the index. */
  | 'index_missing';

/** A typed search-index failure; the message names the setting to fix and never a row's content. */
export class SearchIndexError extends Error {
  readonly code: SearchIndexErrorCode;
  readonly retryable: boolean;
  constructor(code: SearchIndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchIndexError';
    this.code = code;
    this.retryable = code === 'index_unavailable';
  }
}

// Socket errors, SQLite busy/locked, PostgreSQL classes 08 (connection), 53 (resources), 57P0x (shutdown).
const UNAVAILABLE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|EPIPE|SQLITE_BUSY|SQLITE_LOCKED|57P0[123]|08...|53...)$/;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Turns a driver error into a SearchIndexError where it is one we understand; anything else is a bug and passes. */
export function toSearchIndexError(error: unknown, backend: 'sqlite' | 'postgres'): unknown {
  if (error instanceof SearchIndexError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  const where =
    backend === 'postgres' ? 'the PostgreSQL server in DATABASE_URL' : 'the SQLite file in INDEX_DATA_DIR';
  if (
    UNAVAILABLE.test(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message) ||
    (error instanceof AggregateError && error.errors.some((inner) => UNAVAILABLE.test(codeOf(inner))))
  ) {
    return new SearchIndexError('index_unavailable', `the search index cannot reach ${where}`, {
      cause: error,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_NOTADB') {
    return new SearchIndexError('index_misconfigured', `${where} cannot be used for the search index`, {
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000' || code === '3D000') {
    return new SearchIndexError(
      'index_misconfigured',
      'DATABASE_URL is refused by the PostgreSQL server (credentials or database name)',
      { cause: error },
    );
  }
  return error;
}
