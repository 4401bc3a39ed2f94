import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAlivePost } from './tokenEndpointPost.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function startServer(
  handler: Handler,
): Promise<{ url: string; server: Server; connections(): number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/token`, server, connections: () => connections };
}

describe('keepAlivePost', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('sends the form with its headers, reads the JSON answer, and reuses one connection', async () => {
    const seen: { body: string; authorization?: string; type?: string }[] = [];
    const started = await startServer((req, body, res) => {
      seen.push({ body, authorization: req.headers.authorization, type: req.headers['content-type'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ n: seen.length }));
    });
    server = started.server;
    const post = keepAlivePost();
    const headers = { authorization: 'Basic abc', 'content-type': 'application/x-www-form-urlencoded' };
    for (let i = 1; i <= 3; i++) {
      const answer = await post(started.url, { headers, body: 'a=1&b=%C3%A9', timeoutMs: 5000 });
      expect(answer).toMatchObject({ status: 200, ok: true });
      expect(await answer.json()).toEqual({ n: i });
    }
    expect(seen).toEqual(
      Array(3).fill({ body: 'a=1&b=%C3%A9', authorization: 'Basic abc', type: headers['content-type'] }),
    );
    expect(started.connections()).toBe(1);
  });

  it('reports a non-2xx status and a body that is not JSON as such', async () => {
    const started = await startServer((_req, _body, res) => res.writeHead(503).end('maintenance'));
    server = started.server;
    const answer = await keepAlivePost()(started.url, { headers: {}, body: '', timeoutMs: 5000 });
    expect(answer).toMatchObject({ status: 503, ok: false });
    await expect(answer.json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('times out as a TimeoutError when the answer never comes, or its body never ends', async () => {
    const started = await startServer((req, _body, res) => {
      if (req.url === '/partial') res.writeHead(200, { 'content-type': 'application/json' }).write('{"a":');
    });
    server = started.server;
    const post = keepAlivePost();
    await expect(post(started.url, { headers: {}, body: '', timeoutMs: 200 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const partial = await post(started.url.replace('/token', '/partial'), {
      headers: {},
      body: '',
      timeoutMs: 200,
    });
    await expect(partial.json()).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
