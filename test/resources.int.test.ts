import { obtainTokens } from '@nc-mcp/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, EXPECTED_NEGOTIATION } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, structured } from './support/toolResults.js';

const TEMPLATE = 'nextcloud://notes/{id}';
const BATCH = 150;
const GROCERIES = '# Groceries\n\n- milk\n- *fresh* bread\n';

async function tokenFor(stack: Stack, username: string, scopes: string[]): Promise<string> {
  const tokens = await obtainTokens(stack.idp, {
    username,
    password: username,
    scopes,
    resource: stack.mcpUrl,
  });
  return tokens.access_token;
}

/** Follows `nextCursor` to the end; fails the test rather than loop on a cursor that never ends. */
async function listAll(client: McpTestClient) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await client.listResources(cursor === undefined ? undefined : { cursor });
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(10);
  } while (cursor !== undefined);
  return pages;
}

// One stack per token mode; alice's notes are made once, by the tools, and every client kind then only
// reads them, so the counts below are exact.
describe.each(['pass-through', 'exchange'] as const)('notes as MCP resources, %s mode', (mode) => {
  let stack: Stack;
  const batchIds: number[] = [];
  let groceriesId: number;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ mode });
    const token = await tokenFor(stack, 'alice', ['notes.read', 'notes.write']);
    tokensSeen.push(token);
    const writer = await connectWithToken('v1-legacy', stack.mcpUrl, token);
    try {
      for (let n = 1; n <= BATCH; n++) {
        const note = structured(
          await call(writer, 'nc_notes_create', { title: `Batch ${n}`, content: `Body of batch note ${n}` }),
        );
        batchIds.push(note.id as number);
      }
      // Made last, so it is the newest note.
      groceriesId = structured(
        await call(writer, 'nc_notes_create', { title: 'Groceries', content: GROCERIES }),
      ).id as number;
    } finally {
      await writer.close();
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;

    beforeAll(async () => {
      const token = await tokenFor(stack, 'alice', ['notes.read', 'notes.write']);
      tokensSeen.push(token);
      alice = await connectWithToken(kind, stack.mcpUrl, token);
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('negotiates the protocol era its kind implies', () => {
      expect(alice.negotiated()).toEqual(EXPECTED_NEGOTIATION[kind]);
    });

    it('offers the note template, Markdown', async () => {
      const { resourceTemplates } = await alice.listResourceTemplates();
      expect(resourceTemplates).toEqual([
        expect.objectContaining({
          name: 'note',
          uriTemplate: TEMPLATE,
          mimeType: 'text/markdown',
          title: 'Note',
        }),
      ]);
    });

    it('lists every note once, newest first, 100 to a page, following nextCursor', async () => {
      const listRequests = () =>
        stack.logs.records().filter((r) => r.msg === 'resource request' && r.method === 'resources/list')
          .length;
      const before = listRequests();
      const pages = await listAll(alice);
      // Two requests whichever the client: v1 returns each page, v2 follows nextCursor itself and
      // returns the aggregate.
      expect(listRequests() - before).toBe(2);
      expect(pages.map((page) => page.resources.length)).toEqual(
        kind === 'v1-legacy' ? [100, BATCH + 1 - 100] : [BATCH + 1],
      );
      const resources = pages.flatMap((page) => page.resources);
      const ids = resources.map((r) => Number(r.uri.replace('nextcloud://notes/', '')));
      // The batch was made in order, so newest first is the newest note, then the batch reversed.
      expect(ids).toEqual([groceriesId, ...[...batchIds].reverse()]);
      expect(resources[0]).toMatchObject({
        uri: `nextcloud://notes/${groceriesId}`,
        name: 'Groceries',
        mimeType: 'text/markdown',
      });
      expect(Date.parse(String(resources[0]?.annotations?.lastModified))).toBeGreaterThan(
        Date.now() - 3_600_000,
      );
      for (const resource of resources) {
        expect(resource.uri).toMatch(/^nextcloud:\/\/notes\/[1-9][0-9]*$/);
        expect(resource.mimeType).toBe('text/markdown');
      }
    });

    it('refuses a cursor it did not issue with Invalid Params', async () => {
      await expect(alice.listResources({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
        code: -32602,
      });
    });

    it('reads a note as its Markdown', async () => {
      const uri = `nextcloud://notes/${groceriesId}`;
      const result = await alice.readResource({ uri });
      expect(result.contents).toEqual([{ uri, mimeType: 'text/markdown', text: GROCERIES }]);
      // 2026-07-28 cache fields: per user, and notes change at any time; a 2025-era answer has none.
      if (EXPECTED_NEGOTIATION[kind].era === 'modern') {
        expect(result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
      } else {
        expect(result).not.toHaveProperty('cacheScope');
      }
    });

    it.each(['nextcloud://notes/999999999', 'nextcloud://notes/abc', 'nextcloud://notes/0'])(
      'answers %s with resource-not-found',
      async (uri) => {
        const reading = alice.readResource({ uri });
        await expect(reading).rejects.toMatchObject({ code: -32602, data: { uri } });
        await expect(reading).rejects.toThrow(/Not found/);
      },
    );

    it('completes a note id by title, ignoring case, newest first, at most 100', async () => {
      const groceries = await alice.complete({
        ref: { type: 'ref/resource', uri: TEMPLATE },
        argument: { name: 'id', value: 'GROC' },
      });
      expect(groceries.completion.values).toEqual([String(groceriesId)]);

      const batch = await alice.complete({
        ref: { type: 'ref/resource', uri: TEMPLATE },
        argument: { name: 'id', value: 'batch' },
      });
      expect(batch.completion.values).toEqual([...batchIds].reverse().slice(0, 100).map(String));
      expect(batch.completion).toMatchObject({ total: BATCH, hasMore: true });
    });

    it('keeps users apart: bob lists, completes and reads none of alice’s notes', async () => {
      const token = await tokenFor(stack, 'bob', ['notes.read']);
      tokensSeen.push(token);
      const bob = await connectWithToken(kind, stack.mcpUrl, token);
      try {
        expect((await bob.listResources()).resources).toEqual([]);
        const completion = await bob.complete({
          ref: { type: 'ref/resource', uri: TEMPLATE },
          argument: { name: 'id', value: 'groc' },
        });
        expect(completion.completion.values).toEqual([]);
        const uri = `nextcloud://notes/${groceriesId}`;
        const reading = bob.readResource({ uri });
        await expect(reading).rejects.toMatchObject({ code: -32602, data: { uri } });
        await expect(reading).rejects.not.toThrow(/milk/);
      } finally {
        await bob.close();
      }
    });

    it('shows a token without notes.read no resources, and refuses it a note read', async () => {
      const token = await tokenFor(stack, 'alice', ['notes.write']);
      tokensSeen.push(token);
      const writer = await connectWithToken(kind, stack.mcpUrl, token);
      try {
        if (kind === 'v1-legacy') {
          // v1 asks anyway; a server without resources has no such method.
          await expect(writer.listResources()).rejects.toMatchObject({ code: -32601 });
          await expect(writer.listResourceTemplates()).rejects.toMatchObject({ code: -32601 });
        } else {
          // v2 reads the capabilities and does not ask a server that offers no resources.
          expect((await writer.listResources()).resources).toEqual([]);
          expect((await writer.listResourceTemplates()).resourceTemplates).toEqual([]);
        }
        // The read is refused before the MCP layer runs: 403 insufficient_scope (see passThrough.http).
        await expect(writer.readResource({ uri: `nextcloud://notes/${groceriesId}` })).rejects.toThrow(
          /403|insufficient.scope/i,
        );
      } finally {
        await writer.close();
      }
    });
  });

  it('never writes a token or a note’s content to the logs', () => {
    const text = stack.logs.text();
    expect(text).toContain('resource request');
    for (const token of tokensSeen) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2] ?? token);
    }
    expect(text).not.toContain('fresh* bread');
  });
});
