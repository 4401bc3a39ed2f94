import { closedPort, startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EDGE_RESOURCE,
  initializeBody,
  MCP_POST_HEADERS,
  type RunningEdge,
  rawRequest,
  startEdge,
} from './testing/startEdge.js';

const TIMEOUT = 30_000;

let idp: TestIssuer;
let edge: RunningEdge;
beforeAll(async () => {
  idp = await startTestIssuer();
  edge = await startEdge(idp.issuer);
}, TIMEOUT);
afterAll(async () => {
  await edge?.close();
  await idp?.close();
});

async function post(url: string, token: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, authorization: `Bearer ${token}` },
    body: initializeBody(),
  });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('an IdP outage is not a bad token', () => {
  it(
    'answers 503 with Retry-After and no invalid_token challenge when the issuer is unreachable',
    async () => {
      const down = await startEdge(`http://127.0.0.1:${await closedPort()}`);
      try {
        const token = await idp.sign();
        const answer = await post(down.url, token);
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('5');
        expect(answer.wwwAuthenticate).toBeNull();
        expect(answer.body).toEqual({
          error: 'temporarily_unavailable',
          error_description: expect.any(String),
        });
        expect(down.logs.text()).not.toContain(token);
      } finally {
        await down.close();
      }
    },
    TIMEOUT,
  );

  it(
    'answers 503 when the issuer JWKS fails',
    async () => {
      const failing = await startTestIssuer();
      failing.jwksStatus = 500;
      const edgeOfFailing = await startEdge(failing.issuer);
      try {
        const answer = await post(edgeOfFailing.url, await failing.sign());
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('5');
        expect(answer.wwwAuthenticate).toBeNull();
        expect(answer.body.error).toBe('temporarily_unavailable');
      } finally {
        await edgeOfFailing.close();
        await failing.close();
      }
    },
    TIMEOUT,
  );

  it('still answers 401 invalid_token for a bad token while the IdP is up', async () => {
    const answer = await post(edge.url, await idp.sign({ exp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toMatch(/^Bearer error="invalid_token"/);
    expect(answer.retryAfter).toBeNull();
  });
});

describe('refusal messages', () => {
  it('tells a client that is not in the registry that it is not registered, not that its token expired', async () => {
    const answer = await post(edge.url, await idp.sign({ azp: 'dcr-unknown-client' }));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_token');
    expect(answer.body.error_description).toMatch(/not registered with this server/);
    expect(answer.wwwAuthenticate).toContain('not registered with this server');
    expect(answer.wwwAuthenticate).not.toContain('expired');
  });

  it('refuses a token issued for another MCP resource even though it also names mcp-server', async () => {
    const ok = await post(edge.url, await idp.sign({ aud: [EDGE_RESOURCE, 'mcp-server'] }));
    expect(ok.status).toBe(200);
    const answer = await post(
      edge.url,
      await idp.sign({ aud: ['https://other-mcp.example.test/mcp', 'mcp-server'] }),
    );
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toMatch(/^Bearer error="invalid_token"/);
  });
});

describe('Authorization header', () => {
  it('refuses two Authorization headers with 400 invalid_request, whichever comes first', async () => {
    const alice = await idp.sign({ sub: 'user-alice' });
    const bob = await idp.sign({ sub: 'user-bob', preferred_username: 'bob' });
    const answer = await rawRequest(
      edge.url,
      'POST',
      [
        ['Content-Type', 'application/json'],
        ['Accept', 'application/json, text/event-stream'],
        ['Authorization', `Bearer ${alice}`],
        ['Authorization', `Bearer ${bob}`],
      ],
      initializeBody(),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
  });

  it('accepts a single Authorization header sent the same raw way', async () => {
    const answer = await rawRequest(
      edge.url,
      'POST',
      [
        ['Content-Type', 'application/json'],
        ['Accept', 'application/json, text/event-stream'],
        ['Authorization', `Bearer ${await idp.sign()}`],
      ],
      initializeBody(),
    );
    expect(answer.status).toBe(200);
  });
});
