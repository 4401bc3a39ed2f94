import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The part of an HTTP answer {@link readExchangeResponse} reads: a subset of fetch's `Response`. */
export interface TokenEndpointResponse {
  status: number;
  ok: boolean;
  /** The body parsed as JSON; rejects with a `TimeoutError` when the deadline passes while reading it. */
  json(): Promise<unknown>;
}

/** One form POST: `timeoutMs` bounds the whole exchange, answer body included (as `AbortSignal.timeout` does). */
export type TokenEndpointPost = (
  url: string,
  request: { headers: Readonly<Record<string, string>>; body: string; timeoutMs: number },
) => Promise<TokenEndpointResponse>;

// A token endpoint answers a few hundred bytes; anything near this is not a token response.
const MAX_ANSWER_BYTES = 1024 * 1024;
// Idle connections are dropped before a typical server-side keep-alive timeout (Node's is 5 s), so a
// request is never written onto a socket the IdP is closing at that moment.
const IDLE_SOCKET_MS = 4000;

/** POSTs through the given `fetch` (tests and in-process stacks that wrap or count IdP calls). */
export function fetchPost(doFetch: typeof fetch): TokenEndpointPost {
  return (url, request) =>
    doFetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
}

/**
 * POSTs over kept-alive node:http(s) connections. On the exchange hot path this costs a fraction of
 * `fetch` (no WHATWG streams, headers and body leave in one write) and the IdP connection is reused.
 */
export function keepAlivePost(): TokenEndpointPost {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
  };
  return (url, request) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') {
        reject(new TypeError(`unsupported token endpoint protocol ${target.protocol}`));
        return;
      }
      const body = Buffer.from(request.body, 'utf8');
      const send = secure ? httpsRequest : httpRequest;
      const req: ClientRequest = send(target, {
        method: 'POST',
        agent: agents[secure ? 'https:' : 'http:'],
        headers: { ...request.headers, 'content-length': String(body.length) },
      });
      let answered = false;
      let failBody: ((error: Error) => void) | undefined;
      const timer = setTimeout(() => {
        const error = timeoutError();
        req.destroy(error);
        failBody?.(error);
      }, request.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        if (!answered) reject(error);
        else failBody?.(error);
      });
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        const text = readBody(res, (fail) => {
          failBody = fail;
        }).finally(() => clearTimeout(timer));
        // Settled here too, so a body nobody reads never becomes an unhandled rejection.
        text.catch(() => undefined);
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          json: async () => JSON.parse(await text) as unknown,
        });
      });
      req.end(body);
    });
}

function readBody(res: IncomingMessage, onFail: (fail: (error: Error) => void) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      res.destroy();
      reject(error);
    };
    onFail(fail);
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) fail(new RangeError('token endpoint answer too large'));
      else chunks.push(chunk);
    });
    res.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', fail);
    res.on('close', () => {
      if (!res.complete) fail(new Error('token endpoint answer cut short'));
    });
  });
}

function timeoutError(): Error {
  const error = new Error('token endpoint timed out');
  error.name = 'TimeoutError';
  return error;
}
