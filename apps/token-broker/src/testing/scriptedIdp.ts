// A minimal IdP for failure tests: real discovery and JWKS (the dev IdP's public key), and a token endpoint
// whose every answer the test scripts — including never answering at all.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevIdp } from '@nc-mcp/dev-idp';

/** How the token endpoint answers one request; `'hang'` never answers. */
export type TokenEndpointScript = 'hang' | { status: number; body: unknown };

/** A running scripted IdP. */
export interface ScriptedIdp {
  issuer: string;
  /** Sets the token endpoint's next answers (the last one repeats). */
  script(answer: TokenEndpointScript): void;
  /** Form bodies the token endpoint received, in order. */
  readonly requests: URLSearchParams[];
  /** Authorization headers the token endpoint received. */
  readonly authorizations: string[];
  /** A subject token for this issuer, signed with the dev IdP's key. */
  subjectToken(claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Starts the scripted IdP on 127.0.0.1:0, serving `keys.jwks` and signing with `keys`. */
export async function startScriptedIdp(keys: DevIdp): Promise<ScriptedIdp> {
  let answer: TokenEndpointScript = 'hang';
  const requests: URLSearchParams[] = [];
  const authorizations: string[] = [];
  const hanging = new Set<ServerResponse>();
  let issuer = '';
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/.well-known/openid-configuration') {
      json(res, 200, { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token` });
    } else if (path === '/jwks') {
      json(res, 200, keys.jwks);
    } else if (path === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        requests.push(new URLSearchParams(body));
        authorizations.push(req.headers.authorization ?? '');
        if (answer === 'hang') hanging.add(res);
        else json(res, answer.status, answer.body);
      });
    } else {
      json(res, 404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    script: (next) => {
      answer = next;
    },
    requests,
    authorizations,
    subjectToken: (claims = {}) =>
      keys.signAccessToken({
        iss: issuer,
        sub: 'a11ce000-0000-4000-8000-000000000001',
        aud: ['mcp-server'],
        scope: 'notes.read notes.write',
        client_id: 'nc-mcp-demo',
        ...claims,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
