import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { obtainTokens } from '@nc-mcp/dev-idp';
import { hashedUserId } from '@nc-mcp/dev-nextcloud';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithLogin, connectWithToken } from './support/connect.js';
import { type Stack, startStack } from './support/stack.js';

type Structured = Record<string, unknown>;

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function structured(result: CallToolResult): Structured {
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  return result.structuredContent as Structured;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

const ALL_NOTES_TOOLS = [
  'nc_notes_append',
  'nc_notes_create',
  'nc_notes_delete',
  'nc_notes_get',
  'nc_notes_list',
  'nc_notes_search',
  'nc_notes_update',
];

describe('pass-through mode, end to end over real HTTP', () => {
  let stack: Stack;
  let alice: Client;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    const login = await connectWithLogin(stack.mcpUrl, 'alice', 'alice');
    alice = login.client;
    tokensSeen.push(login.accessToken);
  });

  afterAll(async () => {
    await alice?.close();
    await stack?.close();
  });

  it('lists every notes tool, with schemas and annotations, for a token with both notes scopes', async () => {
    const { tools } = await alice.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ALL_NOTES_TOOLS);
    const del = tools.find((t) => t.name === 'nc_notes_delete');
    expect(del?.annotations?.destructiveHint).toBe(true);
    expect(del?.outputSchema).toBeDefined();
    expect(tools.find((t) => t.name === 'nc_notes_list')?.annotations?.readOnlyHint).toBe(true);
  });

  it('creates, gets, searches, updates, appends to and deletes a note', async () => {
    const created = structured(
      await call(alice, 'nc_notes_create', { title: 'Shopping', content: 'milk', category: 'Home' }),
    );
    expect(created).toMatchObject({ title: 'Shopping', category: 'Home' });
    const id = created.id as number;

    const got = structured(await call(alice, 'nc_notes_get', { id }));
    expect(got).toMatchObject({ id, title: 'Shopping', content: 'milk' });

    const found = structured(await call(alice, 'nc_notes_search', { query: 'MILK' }));
    expect((found.notes as Structured[]).map((n) => n.id)).toContain(id);

    const listed = structured(await call(alice, 'nc_notes_list', { category: 'Home' }));
    expect((listed.notes as Structured[]).map((n) => n.id)).toEqual([id]);

    const updated = structured(
      await call(alice, 'nc_notes_update', { id, etag: got.etag, content: 'milk\neggs' }),
    );
    expect(updated.etag).not.toBe(got.etag);

    structured(await call(alice, 'nc_notes_append', { id, text: 'bread' }));
    const afterAppend = structured(await call(alice, 'nc_notes_get', { id }));
    expect(afterAppend.content).toBe('milk\neggs\nbread');

    expect(structured(await call(alice, 'nc_notes_delete', { id }))).toEqual({ id, deleted: true });
    expect(errorText(await call(alice, 'nc_notes_get', { id }))).toMatch(/^Not found/);
  });

  it('answers a stale etag with a conflict result that names the current etag', async () => {
    const note = structured(await call(alice, 'nc_notes_create', { title: 'Contested', content: 'v1' }));
    const id = note.id as number;
    const first = structured(await call(alice, 'nc_notes_get', { id }));
    structured(await call(alice, 'nc_notes_update', { id, etag: first.etag, content: 'v2' }));
    const stale = await call(alice, 'nc_notes_update', { id, etag: first.etag, content: 'v3' });
    const current = structured(await call(alice, 'nc_notes_get', { id }));
    expect(errorText(stale)).toContain('Conflict');
    expect(errorText(stale)).toContain(String(current.etag));
    expect(current.content).toBe('v2');
  });

  it('keeps users apart: bob sees none of alice’s notes', async () => {
    const secret = structured(
      await call(alice, 'nc_notes_create', { title: 'Alice only', content: 'diary' }),
    );
    const bob = await connectWithLogin(stack.mcpUrl, 'bob', 'bob');
    tokensSeen.push(bob.accessToken);
    try {
      const listed = structured(await call(bob.client, 'nc_notes_list', {}));
      expect(listed.notes).toEqual([]);
      expect(errorText(await call(bob.client, 'nc_notes_get', { id: secret.id }))).toMatch(/^Not found/);
      const found = structured(await call(bob.client, 'nc_notes_search', { query: 'diary' }));
      expect(found.notes).toEqual([]);
    } finally {
      await bob.client.close();
    }
  });

  it('shows a notes.read token only the read tools and refuses a write tool with 403 insufficient_scope', async () => {
    const tokens = await obtainTokens(stack.idp, {
      username: 'alice',
      password: 'alice',
      scopes: ['notes.read'],
      resource: stack.mcpUrl,
    });
    tokensSeen.push(tokens.access_token);
    const reader = await connectWithToken(stack.mcpUrl, tokens.access_token);
    try {
      const { tools } = await reader.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['nc_notes_get', 'nc_notes_list', 'nc_notes_search']);
    } finally {
      await reader.close();
    }

    const response = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${tokens.access_token}`,
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

  it('answers a malformed JSON-RPC body with 400, and keeps serving', async () => {
    const headers = {
      Authorization: `Bearer ${tokensSeen[0]}`,
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
    expect((await alice.listTools()).tools.length).toBe(ALL_NOTES_TOOLS.length);
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
      headers: { Origin: 'https://evil.example', Authorization: `Bearer ${tokensSeen[0]}` },
    });
    expect(badOrigin.status).toBe(403);
    const { request } = await import('node:http');
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
    const headers = { Authorization: `Bearer ${tokensSeen[0]}`, 'Content-Type': 'application/json' };
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
    expect(text).toContain('tool call');
    for (const token of tokensSeen) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2] ?? token);
    }
  });
});

describe('pass-through mode and the Nextcloud user id modes', () => {
  async function nextcloudUid(stack: Stack, accessToken: string): Promise<string> {
    const response = await fetch(`${stack.nextcloud.url}/ocs/v2.php/cloud/user`, {
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'OCS-APIRequest': 'true',
        Accept: 'application/json',
      },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { ocs: { data: { id: string } } }).ocs.data.id;
  }

  it('runs the suites with hashed user ids (user_oidc default) unless told otherwise', async () => {
    const stack = await startStack();
    try {
      const { client, accessToken } = await connectWithLogin(stack.mcpUrl, 'alice', 'alice');
      await client.close();
      const sub = decodeJwt(accessToken).sub ?? '';
      expect(await nextcloudUid(stack, accessToken)).toBe(hashedUserId(1, sub));
    } finally {
      await stack.close();
    }
  });

  it('still works when Nextcloud user ids are the usernames', async () => {
    const stack = await startStack({ userIdMode: 'username' });
    try {
      const { client, accessToken } = await connectWithLogin(stack.mcpUrl, 'alice', 'alice');
      try {
        expect(await nextcloudUid(stack, accessToken)).toBe('alice');
        const created = structured(
          await call(client, 'nc_notes_create', { title: 'By name', content: 'ok' }),
        );
        const got = structured(await call(client, 'nc_notes_get', { id: created.id }));
        expect(got.content).toBe('ok');
      } finally {
        await client.close();
      }
    } finally {
      await stack.close();
    }
  });
});
