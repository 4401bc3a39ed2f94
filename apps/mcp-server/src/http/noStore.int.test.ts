import { closedPort, startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EDGE_ORIGIN,
  initializeBody,
  MCP_POST_HEADERS,
  type RunningEdge,
  rawRequest,
  startEdge,
} from './testing/startEdge.js';

const TIMEOUT = 30_000;
const MAX_BODY_BYTES = 4096;

let idp: TestIssuer;
let edge: RunningEdge;
let down: RunningEdge;
let token: string;
beforeAll(async () => {
  idp = await startTestIssuer();
  edge = await startEdge(idp.issuer, { maxBodyBytes: MAX_BODY_BYTES });
  down = await startEdge(`http://127.0.0.1:${await closedPort()}`);
  token = await idp.sign({ scope: 'notes.read' });
}, TIMEOUT);
afterAll(async () => {
  await down?.close();
  await edge?.close();
  await idp?.close();
});

function expectNoStore(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

const post = (url: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, authorization: `Bearer ${token}`, ...init.headers },
    body: init.body ?? initializeBody(),
  });

describe('every /mcp response is no-store and nosniff', () => {
  it('marks a successful MCP result', async () => {
    expectNoStore(await post(edge.url), 200);
  });

  it('marks a 400 for a body that is not JSON', async () => {
    expectNoStore(await post(edge.url, { body: '{not json' }), 400);
  });

  it('marks a 400 for a token in the query string', async () => {
    expectNoStore(await post(`${edge.url}?access_token=abc`), 400);
  });

  it('marks a 400 for two Authorization headers', async () => {
    const answer = await rawRequest(edge.url, 'POST', [
      ['Authorization', `Bearer ${token}`],
      ['Authorization', `Bearer ${token}`],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('marks a 401 without a token and a 401 for a bad token', async () => {
    expectNoStore(await fetch(edge.url, { method: 'POST', headers: MCP_POST_HEADERS }), 401);
    expectNoStore(await post(edge.url, { headers: { authorization: 'Bearer not-a-token' } }), 401);
  });

  it('marks a 403 for a missing scope, a foreign Origin and a foreign Host', async () => {
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'nc_notes_create', arguments: { title: 't', content: 'c' } },
    });
    expectNoStore(await post(edge.url, { body: call }), 403);
    expectNoStore(await post(edge.url, { headers: { origin: 'https://evil.example.test' } }), 403);
    const foreignHost = await rawRequest(edge.url, 'POST', [['Host', 'attacker.example.test']]);
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.headers.get('cache-control')).toBe('no-store');
  });

  it('marks a 405 for GET', async () => {
    expectNoStore(await fetch(edge.url, { headers: { authorization: `Bearer ${token}` } }), 405);
  });

  it('marks a 413 for a body over the limit', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping', params: { pad: 'x'.repeat(8192) } });
    expectNoStore(await post(edge.url, { body: huge }), 413);
  });

  it(
    'marks a 503 while the IdP is unreachable',
    async () => {
      expectNoStore(await post(down.url), 503);
    },
    TIMEOUT,
  );

  it('marks a CORS preflight from an allowed origin', async () => {
    const preflight = await fetch(edge.url, {
      method: 'OPTIONS',
      headers: { origin: EDGE_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expectNoStore(preflight, 204);
  });

  it('leaves the public protected resource metadata cacheable', async () => {
    const prm = await fetch(`http://127.0.0.1:${edge.port}/.well-known/oauth-protected-resource/mcp`);
    expect(prm.status).toBe(200);
    expect(prm.headers.get('cache-control')).not.toBe('no-store');
  });
});
