import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fixture, loadFixture } from './fixtures.js';

/** A request as the replay server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the replay server answers; `delayMs` holds the answer back (for timeouts). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** A running replay server on 127.0.0.1 with an ephemeral port. */
export interface ReplayServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * The recorded response of a fixture. `userId` replaces the recorded uid ('fixture') in DAV hrefs, so a
 * test can prove the client uses the uid from cloud/user instead of assuming one.
 */
export function fixtureReply(fixture: Fixture, userId?: string): Reply {
  const body =
    userId === undefined
      ? fixture.response.body
      : fixture.response.body.replaceAll(
          '/remote.php/dav/files/fixture/',
          `/remote.php/dav/files/${userId}/`,
        );
  return { status: fixture.response.status, headers: fixture.response.headers, body };
}

/** The recorded cloud/user answer (ocs/005) with the user id replaced, e.g. by a user_oidc hash. */
export function cloudUserReply(userId: string): Reply {
  const reply = fixtureReply(loadFixture('ocs/005'));
  return {
    ...reply,
    body: reply.body?.replace('"id":"fixture"', JSON.stringify({ id: userId }).slice(1, -1)),
  };
}

/** Starts a server that records every request and answers with `route(request)`. */
export async function startReplayServer(
  route: (request: RecordedRequest) => Reply | Promise<Reply>,
): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = await route(recorded);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Routes by `METHOD /path` (query ignored); a list of replies is served in order, the last one repeating. */
export interface Router {
  on(method: string, path: string, ...replies: Reply[]): Router;
  route(request: RecordedRequest): Reply;
}

/** Creates a {@link Router}; unknown routes answer 599 so a test sees the mistake. */
export function createRouter(): Router {
  const routes = new Map<string, Reply[]>();
  const router: Router = {
    on(method, path, ...replies) {
      routes.set(`${method} ${path}`, replies);
      return router;
    },
    route(request) {
      const path = request.url.split('?')[0] ?? '';
      const replies = routes.get(`${request.method} ${path}`);
      if (!replies || replies.length === 0)
        return { status: 599, body: `no route for ${request.method} ${path}` };
      return (replies.length > 1 ? replies.shift() : replies[0]) as Reply;
    },
  };
  return router;
}
