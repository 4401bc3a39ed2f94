import { NextcloudError, type NextcloudErrorCode } from './errors.js';

/** What went wrong with one HTTP exchange: a non-success status, or no usable answer at all. */
export type HttpOutcome =
  | { kind: 'status'; status: number; method: string; item?: 'note' }
  | { kind: 'failure'; cause: unknown };

const MESSAGES: Record<NextcloudErrorCode, string> = {
  not_found: 'The item was not found in Nextcloud',
  conflict: 'The item changed or already exists in Nextcloud',
  locked: 'The item is locked by another write in Nextcloud',
  forbidden: 'Nextcloud does not allow this for the current user',
  unauthorized: 'Nextcloud did not accept the credentials',
  bad_request: 'Nextcloud rejected the request',
  invalid_path: 'The path is not valid',
  unavailable: 'Nextcloud is unavailable',
  timeout: 'Nextcloud did not answer in time',
  protocol: 'Nextcloud answered in an unexpected way',
  unknown_search_provider: 'Nextcloud has no search provider with this id',
  invalid_sync_token: 'Nextcloud no longer knows this sync token; a full sync is needed',
};

/** The short, generic message used for an error code (no URLs, no server text). */
export function messageFor(code: NextcloudErrorCode): string {
  return MESSAGES[code];
}

function codeForStatus(status: number, method: string): NextcloudErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  // 423 Locked: another write holds the file's lock (concurrent PUTs to one note get it); nothing was written.
  if (status === 423) return 'locked';
  if (status === 409 || status === 412) return 'conflict';
  // MKCOL on an existing collection answers 405 (webdav/006): the folder already exists.
  if (status === 405 && method === 'MKCOL') return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429 || status >= 500) return 'unavailable';
  // Redirects are not followed (the bearer token must not travel elsewhere): for an API client they
  // mean a misconfigured base URL or a login page, neither of which this client can use.
  if (status >= 300 && status < 400) return 'protocol';
  return 'bad_request';
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
}

/**
 * The one place that turns an HTTP outcome into a {@link NextcloudError}; every request of the client
 * goes through it, so status handling cannot drift between the Notes, OCS and WebDAV code.
 */
export function toNextcloudError(outcome: HttpOutcome): NextcloudError {
  if (outcome.kind === 'failure') {
    if (outcome.cause instanceof NextcloudError) return outcome.cause;
    const code = isTimeout(outcome.cause) ? 'timeout' : 'unavailable';
    return new NextcloudError(code, MESSAGES[code], { cause: outcome.cause });
  }
  const code = codeForStatus(outcome.status, outcome.method);
  // A rate limit clears by itself (a lock too: code `locked`); other 4xx answers stay the same on retry.
  const retryable = outcome.status === 429 ? true : undefined;
  return new NextcloudError(code, MESSAGES[code], {
    status: outcome.status,
    retryable,
    ...(outcome.item ? { item: outcome.item } : {}),
  });
}
