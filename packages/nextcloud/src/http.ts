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
  /**
   * Like `request`, but reads the body as bytes and stops at `maxBytes`: a larger body (by
   * Content-Length, or once the stream passes the limit) is cancelled and `bytes` is undefined. A
   * function picks the limit from the answer's headers, before any of the body is read.
   */
  requestBytes(
    tokenSource: TokenSource,
    request: HttpRequest,
    maxBytes: number | ((headers: Headers) => number),
  ): Promise<HttpBytesResponse>;
}

/** A completed exchange read as bytes; `bytes` is undefined when the body was larger than allowed. */
export interface HttpBytesResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array | undefined;
}

// Reads at most `maxBytes` of a body; past that it cancels the stream so the rest is never downloaded.
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
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

  async function send<T>(
    tokenSource: TokenSource,
    req: HttpRequest,
    read: (response: Response) => Promise<T>,
  ): Promise<{ response: Response; body: T }> {
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
    let body: T;
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
      body = await read(response);
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
    return { response, body };
  }

  async function request(tokenSource: TokenSource, req: HttpRequest): Promise<HttpResponse> {
    const { response, body } = await send(tokenSource, req, (r) => r.text());
    return { status: response.status, headers: response.headers, text: body };
  }

  async function requestBytes(
    tokenSource: TokenSource,
    req: HttpRequest,
    maxBytes: number | ((headers: Headers) => number),
  ): Promise<HttpBytesResponse> {
    // An error status is mapped before its body matters; read it as bytes under the same cap.
    const { response, body } = await send(tokenSource, req, (r) =>
      readCapped(r, typeof maxBytes === 'number' ? maxBytes : maxBytes(r.headers)),
    );
    return { status: response.status, headers: response.headers, bytes: body };
  }

  return { baseUrl, request, requestBytes };
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
