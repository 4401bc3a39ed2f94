import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, type OwnFiles, ownFiles, postMcp } from './support/userFiles.js';

const SEARCH_TOOLS = ['nc_search_providers', 'nc_unified_search'];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];

function hits(result: Structured): Structured[] {
  return result.results as Structured[];
}

describe.each(['pass-through', 'exchange'] as const)('the unified search tools in %s mode', (mode) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers a search call with a files.read token with 403 naming search.read', async () => {
    const reader = await mcpToken(stack, 'alice', ['files.read']);
    const response = await postMcp(stack.mcpUrl, reader, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_unified_search', arguments: { term: 'x' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*search\.read/);
  }, 30_000);

  describe.each(KINDS)('with the %s client', (kind) => {
    // A word only this client's items contain, so the kinds never see each other's.
    const marker = `zq${kind.replace(/-/g, '')}`;
    const root = `Search ${kind}`;
    let alice: McpTestClient;
    let own: OwnFiles;

    beforeAll(async () => {
      const aliceToken = await mcpToken(stack, 'alice', ['search.read']);
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      own = ownFiles(stack, aliceToken);
      await own.session.webdav.mkcol(root);
      await own.session.webdav.put(`${root}/${marker}-report.txt`, 'numbers');
      for (const n of [1, 2, 3]) await own.session.webdav.put(`${root}/${marker}page-${n}.txt`, `${n}`);
      await own.session.notes.create({ title: `Plans ${kind}`, content: `the ${marker} strategy` });
    }, 60_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('offers a search.read token exactly the search tools, marked read-only and closed-world', async () => {
      // Only the Nextcloud tools: the consent and background-sync tools need no Nextcloud scope.
      const tools = (await alice.listTools()).tools.filter(
        (t) => SEARCH_TOOLS.includes(t.name) || /^nc_(notes|files|share)/.test(t.name),
      );
      expect(tools.map((t) => t.name).sort()).toEqual(SEARCH_TOOLS);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.every((t) => t.annotations?.openWorldHint === false)).toBe(true);
    });

    it('lists the providers with their apps', async () => {
      const listed = structured(await call(alice, 'nc_search_providers', {}));
      expect(listed.providers).toEqual([
        { id: 'notes', app: 'notes', name: 'Notes' },
        { id: 'files', app: 'files', name: 'Files' },
      ]);
    });

    it('finds a note by its content and a file by its name, each with its link and app', async () => {
      const found = structured(await call(alice, 'nc_unified_search', { term: marker }));
      const note = hits(found).find((hit) => hit.provider === 'notes');
      expect(note).toMatchObject({ title: `Plans ${kind}`, app: 'notes', subline: `the ${marker} strategy` });
      expect(String(note?.url)).toMatch(
        new RegExp(`^${stack.nextcloud.url}/index\\.php/apps/notes/note/\\d+$`),
      );
      const file = hits(found).find((hit) => hit.title === `${marker}-report.txt`);
      expect(file).toMatchObject({ provider: 'files', app: 'files', subline: `in ${root}` });
      expect(String(file?.url)).toMatch(new RegExp(`^${stack.nextcloud.url}/index\\.php/f/\\d+$`));
      expect(found.providers).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'notes', app: 'notes', returned: 1 })]),
      );

      const notesOnly = structured(
        await call(alice, 'nc_unified_search', { term: marker, provider: 'notes' }),
      );
      expect(hits(notesOnly).map((hit) => hit.title)).toEqual([`Plans ${kind}`]);
    });

    it('pages one provider with the cursor it reports', async () => {
      const term = `${marker}page`;
      const first = structured(await call(alice, 'nc_unified_search', { term, provider: 'files', limit: 2 }));
      expect(hits(first)).toHaveLength(2);
      const [report] = first.providers as Structured[];
      expect(report).toMatchObject({ id: 'files', returned: 2 });
      expect(typeof report?.nextCursor).toBe('string');
      const second = structured(
        await call(alice, 'nc_unified_search', {
          term,
          provider: 'files',
          limit: 2,
          cursor: report?.nextCursor,
        }),
      );
      expect(hits(second)).toHaveLength(1);
      expect((second.providers as Structured[])[0]?.nextCursor).toBeUndefined();
      const titles = [...hits(first), ...hits(second)].map((hit) => hit.title).sort();
      expect(titles).toEqual([1, 2, 3].map((n) => `${marker}page-${n}.txt`));
    });

    it('names an unknown provider, an app id used as one included, instead of a server error', async () => {
      for (const provider of ['nosuchprovider', 'deck']) {
        expect(errorText(await call(alice, 'nc_unified_search', { term: 'x', provider }))).toMatch(
          new RegExp(`^Unknown search provider "${provider}"`),
        );
      }
    });

    it('refuses an empty term', async () => {
      const result = await call(alice, 'nc_unified_search', { term: '  ' }).catch((error: unknown) => error);
      // The SDKs report a schema refusal either as an error result or as a JSON-RPC error.
      const refused =
        result instanceof Error ? result.message : errorText(result as Awaited<ReturnType<typeof call>>);
      expect(refused).toMatch(/term/);
    });

    it('never finds alice’s notes or files for bob', async () => {
      const bob = await connectWithToken(kind, stack.mcpUrl, await mcpToken(stack, 'bob', ['search.read']));
      try {
        const found = structured(await call(bob, 'nc_unified_search', { term: marker }));
        expect(found.results).toEqual([]);
        const files = structured(
          await call(bob, 'nc_unified_search', { term: `${marker}page`, provider: 'files' }),
        );
        expect(files.results).toEqual([]);
      } finally {
        await bob.close();
      }
    });
  });

  describe('MCP_TOOLSETS without search', () => {
    let narrow: Stack;

    beforeAll(async () => {
      narrow = await startStack({ mode, mcpEnv: { MCP_TOOLSETS: 'notes,files' } });
    }, 60_000);

    afterAll(async () => {
      await narrow?.close();
    });

    it.each(KINDS)(
      'hides the search tools from the %s client and refuses a call like an unknown tool',
      async (kind) => {
        const client = await connectWithToken(
          kind,
          narrow.mcpUrl,
          await mcpToken(narrow, 'alice', ['search.read']),
        );
        try {
          const { tools } = await client.listTools();
          expect(tools.map((t) => t.name).filter((name) => SEARCH_TOOLS.includes(name))).toEqual([]);
          await expect(
            client.callTool({ name: 'nc_unified_search', arguments: { term: 'x' } }),
          ).rejects.toMatchObject({
            code: -32602,
          });
        } finally {
          await client.close();
        }
      },
      30_000,
    );
  });
});
