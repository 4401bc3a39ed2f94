import { request } from 'node:http';
import { obtainTokens } from '@nc-mcp/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import { ALL_NOTES_TOOLS } from './support/notesTools.js';
import { type Stack, startStack } from './support/stack.js';

// What the endpoint answers at the HTTP level does not depend on the MCP client, so these run once.
describe('pass-through mode, the MCP endpoint over raw HTTP', () => {
  let stack: Stack;
  let aliceToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack();
    const tokens = (scopes: string[]) =>
      obtainTokens(stack.idp, { username: 'alice', password: 'alice', scopes, resource: stack.mcpUrl });
    aliceToken = (await tokens(['notes.read', 'notes.write'])).access_token;
    readerToken = (await tokens(['notes.read'])).access_token;
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a write tool to a notes.read token with 403 insufficient_scope', async () => {
    const response = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${readerToken}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'nc_notes_create', arguments: { title: 'x' } },
      }),
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="notes.read notes.write"');
    expect(challenge).toContain(
      `resource_metadata="${new URL(stack.mcpUrl).origin}/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it('answers a request without a token with 401, resource_metadata and no error code', async () => {
    const response = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('resource_metadata="');
    expect(challenge).toContain('scope="notes.read notes.write"');
    expect(challenge).not.toContain('error=');
  });

  it('answers a garbage token with 401 invalid_token', async () => {
    const response = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { Authorization: 'Bearer not.a.jwt', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers a malformed JSON-RPC body with 400', async () => {
    const headers = {
      Authorization: `Bearer ${aliceToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    };
    const broken = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers,
      body: '{"jsonrpc": "2.0", "method": ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: -32700 } });
    const notJsonRpc = await fetch(stack.mcpUrl, { method: 'POST', headers, body: '{"hello":"world"}' });
    expect(notJsonRpc.status).toBe(400);
  });

  // Runs after the malformed bodies above (vitest keeps definition order).
  it.each(CLIENT_KINDS)('keeps serving the %s client after malformed bodies', async (kind) => {
    const client = await connectWithToken(kind, stack.mcpUrl, aliceToken);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names.filter((name) => name.startsWith('nc_notes_')).length).toBe(ALL_NOTES_TOOLS.length);
    } finally {
      await client.close();
    }
  });

  it('serves the protected resource metadata for /mcp', async () => {
    const origin = new URL(stack.mcpUrl).origin;
    const response = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      resource: stack.mcpUrl,
      authorization_servers: [stack.idp.issuer],
      scopes_supported: ['notes.read', 'notes.write'],
    });
    expect((await fetch(`${origin}/.well-known/oauth-protected-resource`)).status).toBe(404);
  });

  it('refuses a foreign Origin and a foreign Host', async () => {
    const badOrigin = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', Authorization: `Bearer ${aliceToken}` },
    });
    expect(badOrigin.status).toBe(403);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(stack.mcpUrl);
      const req = request(
        { host: url.hostname, port: url.port, path: '/healthz', headers: { Host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers a CORS preflight from an allowed origin before authentication, and refuses others', async () => {
    const origin = new URL(stack.mcpUrl).origin;
    const preflight = (from: string) =>
      fetch(stack.mcpUrl, {
        method: 'OPTIONS',
        headers: {
          Origin: from,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const allowed = await preflight(origin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers GET on the endpoint with 405 and an oversized body with 413', async () => {
    const headers = { Authorization: `Bearer ${aliceToken}`, 'Content-Type': 'application/json' };
    expect((await fetch(stack.mcpUrl, { headers })).status).toBe(405);
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { pad: 'x'.repeat(2_000_000) },
    });
    expect((await fetch(stack.mcpUrl, { method: 'POST', headers, body: huge })).status).toBe(413);
  });

  it('never writes a token to the logs', () => {
    const text = stack.logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const token of [aliceToken, readerToken]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2] ?? token);
    }
  });
});
