import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, ownFiles, postMcp, putBytes } from './support/userFiles.js';

const HISTORY_TOOLS = [
  'nc_files_favorite',
  'nc_files_trash_list',
  'nc_files_trash_restore',
  'nc_files_version_restore',
  'nc_files_versions_list',
];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];

describe.each(['pass-through', 'exchange'] as const)(
  'favorites, trash bin and versions end to end, %s mode',
  (mode) => {
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

    it.each([
      ['nc_files_favorite', { path: 'x.txt' }],
      ['nc_files_trash_restore', { trashName: 'x.txt.d1795739101' }],
      ['nc_files_version_restore', { path: 'x.txt', versionId: '1795739101' }],
    ])(
      'refuses %s to a files.read token with 403 insufficient_scope naming files.write',
      async (name, args) => {
        const response = await postMcp(stack.mcpUrl, readerToken, {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name, arguments: args },
        });
        expect(response.status).toBe(403);
        const challenge = response.headers.get('www-authenticate') ?? '';
        expect(challenge).toContain('error="insufficient_scope"');
        expect(challenge).toMatch(/scope="[^"]*\bfiles\.write\b[^"]*"/);
      },
    );

    describe.each(KINDS)('with the %s client', (kind) => {
      let alice: McpTestClient;
      let bob: McpTestClient;
      // Each kind works in its own folder and file names (trash names carry only the file name).
      const base = `Hïstory ${kind} #1 100%`;
      const odd = `Ünï café ${kind} #1 100% 😀.txt`;

      beforeAll(async () => {
        alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
        bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
        structured(await call(alice, 'nc_files_mkdir', { path: base, parents: true }));
      }, 30_000);

      afterAll(async () => {
        await alice?.close();
        await bob?.close();
      });

      const trashItemOf = async (client: McpTestClient, originalPath: string) => {
        const { items } = structured(await call(client, 'nc_files_trash_list', { limit: 1000 })) as {
          items: Structured[];
        };
        return items.find((item) => item.originalPath === originalPath);
      };

      it('lists the history tools with their annotations', async () => {
        const { tools } = await alice.listTools();
        const names = tools.map((t) => t.name).filter((name) => HISTORY_TOOLS.includes(name));
        expect(names.sort()).toEqual(HISTORY_TOOLS);
        expect(tools.find((t) => t.name === 'nc_files_trash_list')?.annotations?.readOnlyHint).toBe(true);
        expect(tools.find((t) => t.name === 'nc_files_favorite')?.annotations?.idempotentHint).toBe(true);
      });

      it('sets and clears a favorite, idempotently, as nc_files_list and nc_files_stat show', async () => {
        const path = `${base}/${odd}`;
        structured(await call(alice, 'nc_files_write', { path, content: 'fav' }));
        for (let i = 0; i < 2; i++) {
          expect(structured(await call(alice, 'nc_files_favorite', { path }))).toEqual({
            path,
            favorite: true,
          });
        }
        const listed = structured(await call(alice, 'nc_files_list', { path: base })) as {
          entries: Structured[];
        };
        expect(listed.entries.find((entry) => entry.path === path)?.favorite).toBe(true);
        expect(structured(await call(alice, 'nc_files_favorite', { path, favorite: false }))).toEqual({
          path,
          favorite: false,
        });
        expect(structured(await call(alice, 'nc_files_stat', { path })).favorite).toBe(false);
        expect(errorText(await call(alice, 'nc_files_favorite', { path: `${base}/nope.txt` }))).toMatch(
          /^Not found: ".*nope\.txt" does not exist/,
        );
      });

      it('restores a deleted file from the trash bin to its path, and only once', async () => {
        const path = `${base}/trash ${odd}`;
        structured(await call(alice, 'nc_files_write', { path, content: 'bring me back ✓' }));
        structured(await call(alice, 'nc_files_delete', { path }));
        const item = await trashItemOf(alice, path);
        expect(item).toMatchObject({ name: `trash ${odd}`, type: 'file', size: 17 });
        expect(String(item?.trashName)).toMatch(/^trash .*\.d\d+$/);

        const restored = structured(
          await call(alice, 'nc_files_trash_restore', { trashName: item?.trashName }),
        );
        expect(restored).toMatchObject({
          restoredPath: path,
          atOriginalPath: true,
          item: { originalPath: path },
        });
        expect(structured(await call(alice, 'nc_files_read', { path })).text).toBe('bring me back ✓');
        expect(await trashItemOf(alice, path)).toBeUndefined();
        expect(
          errorText(await call(alice, 'nc_files_trash_restore', { trashName: item?.trashName })),
        ).toMatch(/^Not found: ".*" is not in the trash bin/);
      });

      it('restores beside a taken name as "(restored)", and into the root when the folder is gone', async () => {
        const folder = `${base}/gone`;
        const path = `${folder}/r ${kind}.txt`;
        structured(await call(alice, 'nc_files_mkdir', { path: folder }));
        structured(await call(alice, 'nc_files_write', { path, content: 'old' }));
        structured(await call(alice, 'nc_files_delete', { path }));
        const first = await trashItemOf(alice, path);
        structured(await call(alice, 'nc_files_write', { path, content: 'new' }));
        const beside = structured(
          await call(alice, 'nc_files_trash_restore', { trashName: first?.trashName }),
        );
        expect(beside).toMatchObject({
          restoredPath: `${folder}/r ${kind} (restored).txt`,
          atOriginalPath: false,
        });

        structured(await call(alice, 'nc_files_delete', { path }));
        const second = await trashItemOf(alice, path);
        structured(await call(alice, 'nc_files_delete', { path: folder }));
        const root = structured(
          await call(alice, 'nc_files_trash_restore', { trashName: second?.trashName }),
        );
        expect(root).toMatchObject({ restoredPath: `r ${kind}.txt`, atOriginalPath: false });
        expect(structured(await call(alice, 'nc_files_read', { path: `r ${kind}.txt` })).text).toBe('new');
      });

      it('pages the trash bin newest first', async () => {
        for (const name of ['p1', 'p2']) {
          const path = `${base}/${name} ${kind}.txt`;
          structured(await call(alice, 'nc_files_write', { path, content: name }));
          structured(await call(alice, 'nc_files_delete', { path }));
        }
        const page = structured(await call(alice, 'nc_files_trash_list', { limit: 1 }));
        expect(page).toMatchObject({ truncated: true, nextOffset: 1 });
        const { items } = structured(await call(alice, 'nc_files_trash_list', {})) as { items: Structured[] };
        const times = items.map((item) => Date.parse(String(item.deletedAt)));
        expect([...times].sort((a, b) => b - a)).toEqual(times);
      });

      it.each([['../secret.txt.d1795739101'], ['Docs/x.txt.d1795739101'], ['x.txt'], ['..']])(
        'refuses the trash name %j',
        async (trashName) => {
          expect(errorText(await call(alice, 'nc_files_trash_restore', { trashName }))).toMatch(
            /^Invalid input: trashName: /,
          );
        },
      );

      it('lists versions after two overwrites and restores the oldest, returning the new etag', async () => {
        const path = `${base}/v ${odd}`;
        const own = ownFiles(stack, aliceToken);
        // Explicit mtimes give the first two writes their own seconds (versions are named by mtime).
        const t0 = Math.floor(Date.now() / 1000) - 1000;
        await putBytes(stack, own, path, Buffer.from('version one'), t0);
        await putBytes(stack, own, path, Buffer.from('version two'), t0 + 10);
        const before = structured(await call(alice, 'nc_files_stat', { path }));
        structured(
          await call(alice, 'nc_files_write', { path, content: 'version three', etag: before.etag }),
        );

        const listed = structured(await call(alice, 'nc_files_versions_list', { path })) as {
          versions: Structured[];
        };
        expect(listed.versions.map((v) => [v.versionId, v.size, v.current])).toEqual([
          [expect.any(String), 13, true],
          [String(t0 + 10), 11, false],
          [String(t0), 11, false],
        ]);

        const restored = structured(
          await call(alice, 'nc_files_version_restore', { path, versionId: String(t0) }),
        );
        expect(restored).toMatchObject({ path, versionId: String(t0) });
        const read = structured(await call(alice, 'nc_files_read', { path }));
        expect(read.text).toBe('version one');
        expect(read.etag).toBe(restored.etag);
        expect(restored.etag).not.toBe(before.etag);

        expect(
          errorText(await call(alice, 'nc_files_version_restore', { path, versionId: '12345' })),
        ).toMatch(/^Not found: ".*" has no version "12345"/);
        expect(errorText(await call(alice, 'nc_files_versions_list', { path: base }))).toBe(
          'Invalid input: path: is a folder; only files have versions',
        );
        expect((await call(alice, 'nc_files_version_restore', { path, versionId: '../1' })).isError).toBe(
          true,
        );
      });

      it("keeps bob out of alice's trash bin and versions", async () => {
        const path = `${base}/private ${kind}.txt`;
        structured(await call(alice, 'nc_files_write', { path, content: 'alice only' }));
        expect(errorText(await call(bob, 'nc_files_versions_list', { path }))).toMatch(/^Not found/);
        expect(
          errorText(await call(bob, 'nc_files_version_restore', { path, versionId: '1795739101' })),
        ).toMatch(/^Not found/);
        structured(await call(alice, 'nc_files_delete', { path }));
        const item = await trashItemOf(alice, path);
        expect(item).toBeDefined();
        expect(await trashItemOf(bob, path)).toBeUndefined();
        expect(errorText(await call(bob, 'nc_files_trash_restore', { trashName: item?.trashName }))).toMatch(
          /^Not found: .* is not in the trash bin/,
        );
        expect(await trashItemOf(alice, path)).toBeDefined();
      });
    });
  },
);
