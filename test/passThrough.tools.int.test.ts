import { obtainTokens } from '@nc-mcp/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, EXPECTED_NEGOTIATION } from './support/clientKind.js';
import { connectWithLogin, connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { ALL_NOTES_TOOLS, READ_NOTES_TOOLS } from './support/notesTools.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';

// One stack for every client kind: the kinds share alice's notes, so each kind works in its own
// category and never relies on alice having no notes.
describe('pass-through mode, the notes tools end to end over real HTTP', () => {
  let stack: Stack;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;

    beforeAll(async () => {
      const login = await connectWithLogin(kind, stack.mcpUrl, 'alice', 'alice');
      alice = login.client;
      tokensSeen.push(login.accessToken);
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('negotiates the protocol era its kind implies', () => {
      expect(alice.negotiated()).toEqual(EXPECTED_NEGOTIATION[kind]);
    });

    it('lists every notes tool, with schemas and annotations, for a token with both notes scopes', async () => {
      const { tools } = await alice.listTools();
      // The notes tools; the consent and background-sync tools need no Nextcloud scope and come besides.
      expect(
        tools
          .map((t) => t.name)
          .filter((name) => name.startsWith('nc_notes_'))
          .sort(),
      ).toEqual(ALL_NOTES_TOOLS);
      const del = tools.find((t) => t.name === 'nc_notes_delete');
      expect(del?.annotations?.destructiveHint).toBe(true);
      expect(del?.outputSchema).toBeDefined();
      expect(tools.find((t) => t.name === 'nc_notes_list')?.annotations?.readOnlyHint).toBe(true);
    });

    it('creates, gets, searches, updates, appends to and deletes a note', async () => {
      const category = `Home-${kind}`;
      const created = structured(
        await call(alice, 'nc_notes_create', { title: 'Shopping', content: 'milk', category }),
      );
      expect(created).toMatchObject({ title: 'Shopping', category });
      const id = created.id as number;

      const got = structured(await call(alice, 'nc_notes_get', { id }));
      expect(got).toMatchObject({ id, title: 'Shopping', content: 'milk' });

      const found = structured(await call(alice, 'nc_notes_search', { query: 'MILK' }));
      expect((found.notes as Structured[]).map((n) => n.id)).toContain(id);

      const listed = structured(await call(alice, 'nc_notes_list', { category }));
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
      const bob = await connectWithLogin(kind, stack.mcpUrl, 'bob', 'bob');
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

    // The 403 a write tool gets with this token is an HTTP answer, checked once in passThrough.http.
    it('shows a notes.read token only the read tools', async () => {
      const tokens = await obtainTokens(stack.idp, {
        username: 'alice',
        password: 'alice',
        scopes: ['notes.read'],
        resource: stack.mcpUrl,
      });
      tokensSeen.push(tokens.access_token);
      const reader = await connectWithToken(kind, stack.mcpUrl, tokens.access_token);
      try {
        const { tools } = await reader.listTools();
        expect(
          tools
            .map((t) => t.name)
            .filter((name) => name.startsWith('nc_notes_'))
            .sort(),
        ).toEqual(READ_NOTES_TOOLS);
      } finally {
        await reader.close();
      }
    });
  });

  it('never writes a token to the logs', () => {
    const text = stack.logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('tool call');
    expect(tokensSeen.length).toBeGreaterThan(0);
    for (const token of tokensSeen) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2] ?? token);
    }
  });
});
