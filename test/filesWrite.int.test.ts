import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, postMcp } from './support/userFiles.js';

const WRITE_TOOLS = ['nc_files_copy', 'nc_files_delete', 'nc_files_mkdir', 'nc_files_move', 'nc_files_write'];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];

describe.each(['pass-through', 'exchange'] as const)('the files write tools end to end, %s mode', (mode) => {
  let stack: Stack;
  let aliceToken: string;
  let bobToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    aliceToken = await mcpToken(stack, 'alice', ['files.read', 'files.write']);
    bobToken = await mcpToken(stack, 'bob', ['files.read', 'files.write']);
    readerToken = await mcpToken(stack, 'alice', ['files.read']);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses nc_files_write to a files.read token with 403 insufficient_scope naming files.write', async () => {
    const response = await postMcp(stack.mcpUrl, readerToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_files_write', arguments: { path: 'x.txt', content: 'x' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*\bfiles\.write\b[^"]*"/);
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let bob: McpTestClient;
    // Each kind works in its own folder, with a name that needs encoding on the way to Nextcloud.
    const base = `Wörk ${kind} #1 100%`;

    beforeAll(async () => {
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
      await bob?.close();
    });

    const exists = async (client: McpTestClient, path: string) => {
      const probe = await call(client, 'nc_files_write', { path, content: 'probe', createOnly: true });
      if (!probe.isError) {
        structured(await call(client, 'nc_files_delete', { path }));
        return false;
      }
      expect(errorText(probe)).toMatch(/^Conflict: .* already exists/);
      return true;
    };

    it('lists the write tools with their annotations for a files.write token', async () => {
      const { tools } = await alice.listTools();
      const names = tools.map((t) => t.name).filter((name) => WRITE_TOOLS.includes(name));
      expect(names.sort()).toEqual(WRITE_TOOLS);
      expect(tools.find((t) => t.name === 'nc_files_mkdir')?.annotations?.destructiveHint).toBe(false);
      expect(tools.find((t) => t.name === 'nc_files_delete')?.annotations?.destructiveHint).toBe(true);
    });

    it('writes, rewrites with the etag, refuses a stale etag, createOnly and a silent overwrite', async () => {
      const folder = structured(
        await call(alice, 'nc_files_mkdir', { path: `${base}/ünï cödé/日本`, parents: true }),
      );
      expect(folder).toEqual({ path: `${base}/ünï cödé/日本`, created: true });
      const path = `${base}/ünï cödé/日本/a #b 50%.txt`;

      const first = structured(await call(alice, 'nc_files_write', { path, content: 'v1 ✓' }));
      expect(first).toMatchObject({ path, created: true });
      const second = structured(
        await call(alice, 'nc_files_write', { path, content: 'v2', etag: first.etag }),
      );
      expect(second).toMatchObject({ path, created: false });
      expect(second.etag).not.toBe(first.etag);

      const stale = errorText(await call(alice, 'nc_files_write', { path, content: 'v3', etag: first.etag }));
      expect(stale).toContain('Conflict');
      expect(stale).toContain(`current etag is "${second.etag}"`);

      const createOnly = errorText(
        await call(alice, 'nc_files_write', { path, content: 'v3', createOnly: true }),
      );
      expect(createOnly).toMatch(/^Conflict: .* already exists/);
      const silent = errorText(await call(alice, 'nc_files_write', { path, content: 'v3' }));
      expect(silent).toContain('overwrite: true');

      const forced = structured(
        await call(alice, 'nc_files_write', { path, content: 'v4', overwrite: true }),
      );
      expect(forced).toMatchObject({ created: false });

      const again = errorText(await call(alice, 'nc_files_mkdir', { path: `${base}/ünï cödé` }));
      expect(again).toMatch(/^Conflict: the folder .* already exists/);
      expect(structured(await call(alice, 'nc_files_mkdir', { path: base, parents: true }))).toMatchObject({
        created: false,
      });
      expect(
        errorText(await call(alice, 'nc_files_write', { path: `${base}/Nope/x.txt`, content: 'x' })),
      ).toBe(`Not found: the folder "${base}/Nope" does not exist; create it with nc_files_mkdir first.`);
    });

    it('copies, moves and deletes, refusing to replace without overwrite', async () => {
      structured(await call(alice, 'nc_files_mkdir', { path: `${base}/src`, parents: true }));
      structured(await call(alice, 'nc_files_mkdir', { path: `${base}/dst`, parents: true }));
      const original = `${base}/src/Ünïcödé café #1 100%.txt`;
      structured(await call(alice, 'nc_files_write', { path: original, content: 'copy me' }));

      const copy = `${base}/dst/copy + 1.txt`;
      expect(structured(await call(alice, 'nc_files_copy', { from: original, to: copy }))).toEqual({
        from: original,
        to: copy,
        replaced: false,
      });
      expect(errorText(await call(alice, 'nc_files_copy', { from: original, to: copy }))).toMatch(
        /^Conflict: .* already exists\. Pass overwrite: true/,
      );
      expect(
        structured(await call(alice, 'nc_files_copy', { from: original, to: copy, overwrite: true })),
      ).toMatchObject({
        replaced: true,
      });
      expect(
        errorText(await call(alice, 'nc_files_copy', { from: original, to: `${base}/Nope/c.txt` })),
      ).toMatch(/^Not found: the destination folder .*Nope" does not exist/);

      const moved = `${base}/dst/moved #2.txt`;
      expect(structured(await call(alice, 'nc_files_move', { from: original, to: moved }))).toMatchObject({
        to: moved,
        replaced: false,
      });
      expect(await exists(alice, moved)).toBe(true);
      expect(await exists(alice, original)).toBe(false);
      expect(await exists(alice, copy)).toBe(true);

      expect(structured(await call(alice, 'nc_files_delete', { path: `${base}/dst` }))).toEqual({
        path: `${base}/dst`,
        deleted: true,
      });
      expect(errorText(await call(alice, 'nc_files_delete', { path: `${base}/dst` }))).toMatch(/^Not found/);
      expect(errorText(await call(alice, 'nc_files_move', { from: moved, to: `${base}/back.txt` }))).toMatch(
        /^Not found: ".*moved #2\.txt" does not exist/,
      );
    });

    it.each([
      ['nc_files_write', { path: '../x', content: 'x' }, 'path'],
      ['nc_files_write', { path: '%2e%2e/x', content: 'x' }, 'path'],
      ['nc_files_mkdir', { path: 'a/../../x' }, 'path'],
      ['nc_files_move', { from: 'x', to: '%2e%2e/x' }, 'to'],
      ['nc_files_copy', { from: '../x', to: 'y' }, 'from'],
      ['nc_files_delete', { path: '/' }, 'path'],
    ])('refuses %s with %j naming %s', async (tool, args, field) => {
      expect(errorText(await call(alice, tool, args))).toMatch(new RegExp(`^Invalid input: ${field}: `));
    });

    it('keeps bob in his own home: his writes land there and alice’s paths are not found', async () => {
      const secret = `${base}/secret/diary.txt`;
      structured(await call(alice, 'nc_files_mkdir', { path: `${base}/secret`, parents: true }));
      structured(
        await call(alice, 'nc_files_write', { path: secret, content: 'alice only', overwrite: true }),
      );

      expect(errorText(await call(bob, 'nc_files_move', { from: secret, to: 'stolen.txt' }))).toMatch(
        /^Not found/,
      );
      expect(errorText(await call(bob, 'nc_files_delete', { path: secret }))).toMatch(/^Not found/);
      expect(
        structured(await call(bob, 'nc_files_mkdir', { path: `${base}/secret`, parents: true })),
      ).toMatchObject({
        created: true,
      });
      const bobs = structured(
        await call(bob, 'nc_files_write', { path: secret, content: 'bob' }),
      ) as Structured;
      expect(bobs).toMatchObject({ created: true });

      expect(await exists(alice, secret)).toBe(true);
      const stale = errorText(
        await call(alice, 'nc_files_write', { path: secret, content: 'x', etag: bobs.etag }),
      );
      expect(stale).toContain('Conflict');
    });

    it.runIf(mode === 'pass-through')(
      'stores the exact bytes under the exact name (read back over WebDAV)',
      async () => {
        structured(await call(alice, 'nc_files_mkdir', { path: `${base}/raw`, parents: true }));
        const path = `${base}/raw/Ünïcödé café – 日本 #1 100%.txt`;
        const written = structured(
          await call(alice, 'nc_files_write', { path, content: 'unicode ✓\nline 2' }),
        );
        // In pass-through mode the MCP token is the Nextcloud token, so the test can read as alice directly.
        const session = createNextcloudClient({ baseUrl: stack.nextcloud.url }).session({
          subject: 'alice',
          getToken: async () => aliceToken,
        });
        expect(await session.webdav.get(path)).toMatchObject({
          content: 'unicode ✓\nline 2',
          etag: written.etag,
        });
        const [entry] = await session.webdav.propfind(path, { depth: 0 });
        expect(entry?.path).toBe(path);
      },
    );
  });
});
