import type { NextcloudSession } from '@nc-mcp/nextcloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientKind, EXPECTED_NEGOTIATION } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured } from './support/toolResults.js';
import { mcpToken, ownFiles, postMcp, putBytes } from './support/userFiles.js';

const TEMPLATE = 'nextcloud://files/{+path}';
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
// A name with everything that must survive percent-encoding both ways.
const ODD_NAME = 'Ünï café #1 100% ?what 😀.txt';
const ODD_TEXT = 'odd but fine ✓\n';
const BYTES = Uint8Array.from([0, 1, 2, 255]);
// Linked by nc_files_read (over its 1 MiB embed limit), within the 8 MiB resource cap.
const BIG = new Uint8Array(1_500_000).fill(9);
// Over the 8 MiB cap.
const HUGE_TEXT = 'y'.repeat(8 * 1024 * 1024 + 1);

const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const uriOf = (path: string) => `nextcloud://files/${encode(path)}`;

async function seed(session: NextcloudSession, stack: Stack, token: string, root: string) {
  const own = ownFiles(stack, token);
  await session.webdav.mkcol(root);
  await session.webdav.mkcol(`${root}/Sub`);
  await session.webdav.put(`${root}/${ODD_NAME}`, ODD_TEXT);
  await session.webdav.put(`${root}/huge.txt`, HUGE_TEXT);
  await putBytes(stack, own, `${root}/data.bin`, BYTES);
  await putBytes(stack, own, `${root}/big.bin`, BIG);
}

function linkOf(result: Awaited<ReturnType<typeof call>>): Structured {
  const link = (result.content as unknown as Structured[]).find((block) => block.type === 'resource_link');
  expect(link).toBeDefined();
  return link as Structured;
}

describe('files as MCP resources, pass-through mode', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode: 'pass-through' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a file read to a token without files.read with 403 naming files.read', async () => {
    const reader = await mcpToken(stack, 'alice', ['notes.read']);
    const response = await postMcp(stack.mcpUrl, reader, {
      jsonrpc: '2.0',
      id: 1,
      method: 'resources/read',
      params: { uri: 'nextcloud://files/Docs/a.txt' },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*files\.read/);
  }, 30_000);

  describe.each(KINDS)('with the %s client', (kind) => {
    const root = `Res ${kind}`;
    let alice: McpTestClient;

    beforeAll(async () => {
      const token = await mcpToken(stack, 'alice', ['files.read']);
      alice = await connectWithToken(kind, stack.mcpUrl, token);
      await seed(ownFiles(stack, token).session, stack, token, root);
    }, 60_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('offers the file template to a files.read token, and lists no files', async () => {
      const { resourceTemplates } = await alice.listResourceTemplates();
      expect(resourceTemplates).toEqual([
        expect.objectContaining({ name: 'file', uriTemplate: TEMPLATE, title: 'File' }),
      ]);
      expect(resourceTemplates[0]?.description).toMatch(/resources\/list does not list files/);
      expect((await alice.listResources()).resources).toEqual([]);
    });

    it('reads a text file as text with its mimeType, whatever the name', async () => {
      const uri = uriOf(`${root}/${ODD_NAME}`);
      const result = await alice.readResource({ uri });
      expect(result.contents).toEqual([{ uri, mimeType: 'text/plain', text: ODD_TEXT }]);
      if (EXPECTED_NEGOTIATION[kind].era === 'modern') {
        expect(result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
      }
    });

    it('reads a binary file as a base64 blob', async () => {
      const uri = uriOf(`${root}/data.bin`);
      const [content] = (await alice.readResource({ uri })).contents;
      expect(content).toEqual({
        uri,
        mimeType: 'application/octet-stream',
        blob: Buffer.from(BYTES).toString('base64'),
      });
    });

    it('reads the resource link nc_files_read gives for a large file, and refuses one over the cap', async () => {
      const big = linkOf(await call(alice, 'nc_files_read', { path: `${root}/big.bin` }));
      expect(big.uri).toBe(uriOf(`${root}/big.bin`));
      const [content] = (await alice.readResource({ uri: String(big.uri) })).contents;
      expect(content).toMatchObject({ uri: big.uri, mimeType: 'application/octet-stream' });
      // Buffer.equals, not a deep equality of 1.5 million elements (seconds of CPU on a busy machine).
      const blob = content && 'blob' in content ? Buffer.from(content.blob, 'base64') : Buffer.alloc(0);
      expect(Buffer.from(BIG).equals(blob)).toBe(true);

      const huge = linkOf(await call(alice, 'nc_files_read', { path: `${root}/huge.txt` }));
      const reading = alice.readResource({ uri: String(huge.uri) });
      await expect(reading).rejects.toMatchObject({ code: -32602 });
      await expect(reading).rejects.toThrow(/too large to read as a resource.*nc_files_read/);
    });

    it('completes a path from the entries of the folder typed, folders ending in /', async () => {
      const complete = (value: string) =>
        alice.complete({ ref: { type: 'ref/resource', uri: TEMPLATE }, argument: { name: 'path', value } });
      expect((await complete(`${encode(root)}/`)).completion.values).toEqual([
        `${encode(root)}/big.bin`,
        `${encode(root)}/data.bin`,
        `${encode(root)}/huge.txt`,
        `${encode(root)}/Sub/`,
        `${encode(root)}/${encodeURIComponent(ODD_NAME)}`,
      ]);
      expect((await complete(`${encode(root)}/S`)).completion.values).toEqual([`${encode(root)}/Sub/`]);
      expect((await complete('Res v')).completion.values).toContain(`${encode(root)}/`);
      expect((await complete('No such folder/x')).completion.values).toEqual([]);
    });

    it.each([
      ['a missing file', (root: string) => uriOf(`${root}/nope.txt`)],
      ['a folder', (root: string) => uriOf(`${root}/Sub`)],
      ['a traversal', () => 'nextcloud://files/%252e%252e/etc/passwd'],
      ['an encoded separator', (root: string) => `${uriOf(root)}%2F..%2Fx`],
    ])('answers %s with resource-not-found', async (_case, make) => {
      const uri = make(root);
      const reading = alice.readResource({ uri });
      await expect(reading).rejects.toMatchObject({ code: -32602 });
      await expect(reading).rejects.toThrow(/Not found/);
    });

    it('never shows alice’s files to bob: not found', async () => {
      const bob = await connectWithToken(kind, stack.mcpUrl, await mcpToken(stack, 'bob', ['files.read']));
      try {
        const uri = uriOf(`${root}/${ODD_NAME}`);
        const reading = bob.readResource({ uri });
        await expect(reading).rejects.toMatchObject({ code: -32602, data: { uri } });
        await expect(reading).rejects.not.toThrow(/odd but fine/);
      } finally {
        await bob.close();
      }
    });
  });
});

describe('files as MCP resources, exchange mode', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode: 'exchange' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('reads a file with the exchanged token', async () => {
    const token = await mcpToken(stack, 'alice', ['files.read']);
    const own = ownFiles(stack, token);
    await own.session.webdav.put(`Exchanged ${ODD_NAME}`, ODD_TEXT);
    const alice = await connectWithToken('v2-modern', stack.mcpUrl, token);
    try {
      const uri = uriOf(`Exchanged ${ODD_NAME}`);
      expect((await alice.readResource({ uri })).contents).toEqual([
        { uri, mimeType: 'text/plain', text: ODD_TEXT },
      ]);
    } finally {
      await alice.close();
    }
  }, 60_000);
});
