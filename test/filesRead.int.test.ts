import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { CallToolResult, McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, type OwnFiles, ownFiles, postMcp, putBytes } from './support/userFiles.js';

const READ_TOOLS = [
  'nc_files_list',
  'nc_files_read',
  'nc_files_search',
  'nc_files_stat',
  'nc_files_trash_list',
  'nc_files_versions_list',
];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
// A name with everything that must survive percent-encoding both ways.
const ODD_NAME = 'Ünï café #1 100% ?what 😀.txt';
// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function blocks(result: CallToolResult): Structured[] {
  return result.content as unknown as Structured[];
}

describe.each(['pass-through', 'exchange'] as const)('the files read tools in %s mode', (mode) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers a files tool call with a notes.read token with 403 naming files.read', async () => {
    const reader = await mcpToken(stack, 'alice', ['notes.read']);
    const response = await postMcp(stack.mcpUrl, reader, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_files_list', arguments: {} },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*files\.read/);
  }, 30_000);

  describe.each(KINDS)('with the %s client', (kind) => {
    const root = `Read ${kind}`;
    let alice: McpTestClient;
    let aliceToken: string;
    let own: OwnFiles;

    beforeAll(async () => {
      aliceToken = await mcpToken(stack, 'alice', ['files.read']);
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      own = ownFiles(stack, aliceToken);
      await own.session.webdav.mkcol(root);
      await own.session.webdav.mkcol(`${root}/Sub`);
      await own.session.webdav.put(`${root}/${ODD_NAME}`, 'odd but fine ✓\n');
      await own.session.webdav.put(`${root}/long.txt`, 'x'.repeat(2500));
      await putBytes(stack, own, `${root}/pixel.png`, PNG, 1_700_000_000);
      await putBytes(stack, own, `${root}/data.bin`, Uint8Array.from([0, 1, 2, 255]), 1_650_000_000);
      await putBytes(stack, own, `${root}/big.bin`, new Uint8Array(1_500_000).fill(9), 1_600_000_000);
    }, 60_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('offers a files.read token exactly the read tools, marked read-only', async () => {
      // Besides the consent and background-sync tools, which any signed-in user sees.
      const tools = (await alice.listTools()).tools.filter((t) => t.name.startsWith('nc_files_'));
      expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    });

    it('lists, stats and reads a name with spaces, #, %, ?, unicode and emoji', async () => {
      const listed = structured(await call(alice, 'nc_files_list', { path: root }));
      const entries = listed.entries as Structured[];
      expect(entries.map((e) => e.name)).toEqual([
        'Sub',
        'big.bin',
        'data.bin',
        'long.txt',
        'pixel.png',
        ODD_NAME,
      ]);
      expect(listed).toMatchObject({ folder: root, total: 6, truncated: false });
      const odd = entries.find((e) => e.name === ODD_NAME);
      expect(odd).toMatchObject({ path: `${root}/${ODD_NAME}`, type: 'file', contentType: 'text/plain' });

      const stat = structured(await call(alice, 'nc_files_stat', { path: `${root}/${ODD_NAME}` }));
      expect(stat).toEqual(odd);

      const read = structured(await call(alice, 'nc_files_read', { path: `/${root}/${ODD_NAME}` }));
      expect(read).toMatchObject({ delivery: 'text', text: 'odd but fine ✓\n', remainingCharacters: 0 });
    });

    it('pages and sorts a folder', async () => {
      const first = structured(
        await call(alice, 'nc_files_list', { path: root, sort: 'modified', limit: 2 }),
      );
      expect((first.entries as Structured[]).map((e) => e.name)).toHaveLength(2);
      expect(first).toMatchObject({ total: 6, truncated: true, nextOffset: 2 });
      const last = structured(
        await call(alice, 'nc_files_list', { path: root, sort: 'modified', limit: 2, offset: 4 }),
      );
      // The oldest two, by the mtimes put in place.
      expect((last.entries as Structured[]).map((e) => e.name)).toEqual(['data.bin', 'big.bin']);
      expect(last).toMatchObject({ truncated: false });
    });

    it('reads a long text in windows and says what remains', async () => {
      const window = structured(
        await call(alice, 'nc_files_read', { path: `${root}/long.txt`, offset: 1000, length: 1000 }),
      );
      expect(window).toMatchObject({
        offset: 1000,
        totalCharacters: 2500,
        remainingCharacters: 500,
        nextOffset: 2000,
        size: 2500,
      });
      expect(window.text).toBe('x'.repeat(1000));
    });

    it('gives clients that read only content the text in a block of its own, and what remains', async () => {
      const result = await call(alice, 'nc_files_read', {
        path: `${root}/long.txt`,
        offset: 1000,
        length: 1000,
      });
      const [json, text, ...rest] = blocks(result);
      expect(rest).toEqual([]);
      expect(text).toEqual({ type: 'text', text: 'x'.repeat(1000) });
      expect(JSON.parse(String(json?.text))).toEqual({ ...structured(result), text: undefined });
      expect(JSON.parse(String(json?.text))).toMatchObject({ remainingCharacters: 500, nextOffset: 2000 });
    });

    it('refuses to read a folder, naming the tool that lists it', async () => {
      expect(errorText(await call(alice, 'nc_files_read', { path: `${root}/Sub` }))).toBe(
        'Invalid input: path: is a folder; use nc_files_list',
      );
    });

    it('embeds an image and a small binary, and links a large binary', async () => {
      const image = await call(alice, 'nc_files_read', { path: `${root}/pixel.png` });
      expect(structured(image)).toMatchObject({
        delivery: 'image',
        contentType: 'image/png',
        size: PNG.length,
      });
      expect(blocks(image)[1]).toEqual({
        type: 'image',
        mimeType: 'image/png',
        data: PNG.toString('base64'),
      });

      const blob = await call(alice, 'nc_files_read', { path: `${root}/data.bin` });
      expect(structured(blob)).toMatchObject({ delivery: 'embedded', size: 4 });
      expect(blocks(blob)[1]).toMatchObject({
        type: 'resource',
        resource: { blob: Buffer.from([0, 1, 2, 255]).toString('base64') },
      });

      const big = await call(alice, 'nc_files_read', { path: `${root}/big.bin` });
      expect(structured(big)).toMatchObject({ delivery: 'link', size: 1_500_000 });
      expect(blocks(big)[1]).toMatchObject({
        type: 'resource_link',
        uri: `nextcloud://files/${encodeURIComponent(root)}/big.bin`,
      });
    });

    it('searches by name, type and modification range under a folder', async () => {
      const byName = structured(await call(alice, 'nc_files_search', { name: 'CAFÉ', under: root }));
      expect((byName.entries as Structured[]).map((e) => e.path)).toEqual([`${root}/${ODD_NAME}`]);

      const images = structured(
        await call(alice, 'nc_files_search', { contentType: 'image/*', under: root }),
      );
      expect((images.entries as Structured[]).map((e) => e.name)).toEqual(['pixel.png']);

      const ranged = structured(
        await call(alice, 'nc_files_search', {
          under: root,
          modifiedAfter: '2021-01-01T00:00:00Z',
          modifiedBefore: '2024-01-01T00:00:00Z',
        }),
      );
      expect((ranged.entries as Structured[]).map((e) => e.name)).toEqual(['pixel.png', 'data.bin']);

      const limited = structured(await call(alice, 'nc_files_search', { under: root, limit: 1 }));
      expect(limited).toMatchObject({ truncated: true });
    });

    it('refuses traversal naming the field, and reports a missing path as not found', async () => {
      expect(errorText(await call(alice, 'nc_files_read', { path: `${root}/../../etc` }))).toMatch(
        /^Invalid input: path: Invalid path/,
      );
      expect(errorText(await call(alice, 'nc_files_search', { under: '%2e%2e/x' }))).toMatch(
        /^Invalid input: under: Invalid path/,
      );
      expect(errorText(await call(alice, 'nc_files_stat', { path: `${root}/nope.txt` }))).toMatch(
        /^Not found/,
      );
    });

    it('never shows alice’s files to bob', async () => {
      const bobToken = await mcpToken(stack, 'bob', ['files.read']);
      const bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
      try {
        expect(errorText(await call(bob, 'nc_files_read', { path: `${root}/${ODD_NAME}` }))).toMatch(
          /^Not found/,
        );
        expect(errorText(await call(bob, 'nc_files_list', { path: root }))).toMatch(/^Not found/);
        const found = structured(await call(bob, 'nc_files_search', { name: 'café' }));
        expect(found.entries).toEqual([]);
      } finally {
        await bob.close();
      }
    });
  });
});
