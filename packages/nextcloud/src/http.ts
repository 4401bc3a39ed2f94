import type { Logger } from '@nc-mcp/logger';
import { NextcloudError } from './errors.js';
import type { TokenSource } from './tokenSource.js';
import { messageFor, toNextcloudError } from './toNextcloudError.js';

/** One request to Nextcloud, relative to the base URL. */
export interface HttpRequest {
  method: string;
  /** Already percent-encoded path starting with '/', without the query. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: string;
  /**
   * `app` for everything that is not WebDAV (OCS, Notes): such requests carry `OCS-APIRequest: true`,
   * without which Nextcloud logs a bearer login out of the #[CORS] app APIs ("CORS requires basic auth").
   */
  api: 'app' | 'dav';
  /** Non-2xx statuses the caller handles itself (e.g. a Notes 412 whose body is the current note). */
  passStatuses?: readonly number[];
  /** `note` when the request is about one note, so a failure can say "the note" rather than "the item". */
  item?: 'note';
}

/** A completed exchange whose status was 2xx or listed in `passStatuses`. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Settings of the request core, fixed per client. */
export interface HttpCoreOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

/** Sends requests with the caller's bearer token and maps every failure through {@link toNextcloudError}. */
export interface HttpCore {
  /** The base URL without a trailing '/', e.g. for absolute `Destination` headers. */
  readonly baseUrl: string;
  request(tokenSource: TokenSource, request: HttpRequest): Promise<HttpResponse>;
}

function buildUrl(baseUrl: string, request: HttpRequest): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const query = params.toString();
  return `${baseUrl}${request.path}${query ? `?${query}` : ''}`;
}

/** Creates the request core shared by all sessions of one client. */
export function createHttpCore(options: HttpCoreOptions): HttpCore {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const { logger } = options;

  async function request(tokenSource: TokenSource, req: HttpRequest): Promise<HttpResponse> {
    // Token failures (e.g. a refused exchange) propagate unchanged: they are the token source's to explain.
    const token = await tokenSource.getToken();
    const headers: Record<string, string> = { ...req.headers, Authorization: `Bearer ${token}` };
    if (req.api === 'app') {
      headers['OCS-APIRequest'] = 'true';
      headers.Accept = 'application/json';
    }
    const started = performance.now();
    // Only the path is logged: queries may carry cursors or filters, and headers carry the token.
    const logFields = { method: req.method, path: req.path };
    let response: Response;
    let text: string;
    try {
      // One deadline covers the answer and reading its body.
      const signal = AbortSignal.timeout(options.timeoutMs);
      response = await options.fetch(buildUrl(baseUrl, req), {
        method: req.method,
        headers,
        body: req.body,
        signal,
        redirect: 'manual',
      });
      text = await response.text();
    } catch (cause) {
      const error = toNextcloudError({ kind: 'failure', cause });
      // `errorCode`, never `code`: the logger redacts authorization codes by their own names only.
      logger.debug(
        { ...logFields, errorCode: error.code, latencyMs: Math.round(performance.now() - started) },
        'nextcloud request failed',
      );
      throw error;
    }
    const latencyMs = Math.round(performance.now() - started);
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !req.passStatuses?.includes(response.status)) {
      const error = toNextcloudError({
        kind: 'status',
        status: response.status,
        method: req.method,
        ...(req.item ? { item: req.item } : {}),
      });
      logger.debug(
        { ...logFields, status: response.status, errorCode: error.code, latencyMs },
        'nextcloud request failed',
      );
      throw error;
    }
    logger.debug({ ...logFields, status: response.status, latencyMs }, 'nextcloud request');
    return { status: response.status, headers: response.headers, text };
  }

  return { baseUrl, request };
}

/** Parses a JSON body, turning malformed text into a `protocol` error (without echoing the body). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The SyntaxError is dropped on purpose: its message quotes the start of the body.
    throw protocolError();
  }
}

/** A `protocol` error for an answer whose shape is not what Nextcloud documents. */
export function protocolError(): NextcloudError {
  return new NextcloudError('protocol', messageFor('protocol'));
}
