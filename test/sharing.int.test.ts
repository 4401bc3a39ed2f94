import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, postMcp } from './support/userFiles.js';

const SHARING_TOOLS = [
  'nc_share_create',
  'nc_share_delete',
  'nc_share_update',
  'nc_sharees_search',
  'nc_shares_list',
].sort();
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
const ALL = ['files.read', 'files.write', 'sharing.read', 'sharing.write'];
const sharingToolsOf = (tools: readonly { name: string }[]) =>
  tools.map((tool) => tool.name).filter((name) => /^nc_share(s|es)?_/.test(name));

describe.each(['pass-through', 'exchange'] as const)('the sharing tools end to end, %s mode', (mode) => {
  let stack: Stack;
  let aliceToken: string;
  let bobToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    aliceToken = await mcpToken(stack, 'alice', ALL);
    bobToken = await mcpToken(stack, 'bob', ALL);
    readerToken = await mcpToken(stack, 'alice', ['files.read', 'sharing.read']);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses nc_share_create to a sharing.read token with 403 insufficient_scope naming sharing.write', async () => {
    const response = await postMcp(stack.mcpUrl, readerToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_share_create', arguments: { path: 'x.txt', type: 'link' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*\bsharing\.write\b[^"]*"/);
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let bob: McpTestClient;
    let bobId: string;
    // Each kind shares from its own folder, with a name that needs encoding on the way to Nextcloud.
    const base = `Shared ${kind} #1 100%`;
    const report = `${base}/report ü.txt`;

    beforeAll(async () => {
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
      // Bob has used Nextcloud before (user_oidc creates his account at his first request).
      structured(await call(bob, 'nc_shares_list', { which: 'with_me' }));
      structured(await call(alice, 'nc_files_mkdir', { path: base, parents: true }));
      structured(await call(alice, 'nc_files_write', { path: report, content: 'figures', overwrite: true }));
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
      await bob?.close();
    });

    it('lists the sharing tools with their annotations', async () => {
      const { tools } = await alice.listTools();
      expect(sharingToolsOf(tools).sort()).toEqual(SHARING_TOOLS);
      const byName = (name: string) => tools.find((t) => t.name === name)?.annotations;
      expect(byName('nc_share_create')?.openWorldHint).toBe(true);
      expect(byName('nc_share_delete')?.destructiveHint).toBe(true);
      expect(byName('nc_shares_list')?.readOnlyHint).toBe(true);
    });

    it('finds bob, shares a file with him, and bob sees it shared with him', async () => {
      const { sharees } = structured(await call(alice, 'nc_sharees_search', { query: 'bob' })) as {
        sharees: Array<{ id: string; name: string; type: string }>;
      };
      const found = sharees.find((sharee) => sharee.name === 'Bob Builder');
      expect(found?.type).toBe('user');
      bobId = found?.id ?? '';

      const created = structured(
        await call(alice, 'nc_share_create', {
          path: report,
          type: 'user',
          shareWith: bobId,
          permissions: ['read'],
          note: 'Q3',
        }),
      );
      const share = created.share as Structured;
      expect(share).toMatchObject({
        type: 'user',
        path: report,
        shareWith: bobId,
        shareWithName: 'Bob Builder',
        permissions: ['read'],
        permissionBits: 1,
        hasPassword: false,
        note: 'Q3',
      });
      expect(created.alreadyShared).toBe(false);
      expect(created.whoCanSee).toBe(`Bob Builder (user ${bobId}) can now open "${report}" (read).`);

      const received = structured(await call(bob, 'nc_shares_list', { which: 'with_me' }));
      expect(received.shares).toContainEqual(
        expect.objectContaining({ id: share.id, path: 'report ü.txt', type: 'user', permissions: ['read'] }),
      );

      const again = structured(
        await call(alice, 'nc_share_create', { path: report, type: 'user', shareWith: bobId }),
      );
      expect(again).toMatchObject({ alreadyShared: true, share: { id: share.id, permissionBits: 1 } });

      const mine = structured(await call(alice, 'nc_shares_list', { path: report }));
      expect((mine.shares as Structured[]).map((s) => s.id)).toEqual([share.id]);
    });

    it('creates a public link with password and expiry: says anyone with the link can open it, never echoes the password', async () => {
      const password = `Link-Pw-${kind}-7781`;
      const result = await call(alice, 'nc_share_create', {
        path: base,
        type: 'link',
        password,
        expireDate: '2099-01-31',
        label: 'partners',
      });
      const created = structured(result);
      const share = created.share as Structured;
      expect(share).toMatchObject({
        type: 'link',
        itemType: 'folder',
        hasPassword: true,
        expiration: '2099-01-31',
        permissions: ['read', 'share'],
        label: 'partners',
      });
      expect(share.url).toMatch(/\/index\.php\/s\/[A-Za-z0-9]{15}$/);
      expect(share).not.toHaveProperty('shareWith');
      expect(created.whoCanSee).toBe(
        `Anyone with the link can now open "${base}" until 2099-01-31 (read, share) if they also have the password: ${share.url}`,
      );
      expect(JSON.stringify(result)).not.toContain(password);
      expect(stack.logs.text()).not.toContain(password);
    });

    it('shows share flags in nc_files_list and nc_files_stat', async () => {
      const listing = structured(await call(alice, 'nc_files_list', { path: base }));
      expect(listing.entries).toContainEqual(
        expect.objectContaining({ name: 'report ü.txt', shareTypes: ['user'] }),
      );
      const folder = structured(await call(alice, 'nc_files_stat', { path: base }));
      expect(folder.shareTypes).toEqual(['link']);
      const bobsView = structured(await call(bob, 'nc_files_list', { path: '' }));
      expect(bobsView.entries).not.toContainEqual(expect.objectContaining({ shareTypes: expect.anything() }));
    });

    it('updates permissions, deletes, and says clearly when a share id is stale or unknown', async () => {
      const [share] = (structured(await call(alice, 'nc_shares_list', { path: report })).shares ??
        []) as Structured[];
      const updated = structured(
        await call(alice, 'nc_share_update', { id: share?.id, permissions: ['read', 'update', 'share'] }),
      );
      expect(updated.share).toMatchObject({ permissions: ['read', 'update', 'share'], permissionBits: 19 });
      expect(
        errorText(await call(alice, 'nc_share_update', { id: share?.id, expireDate: '2001-01-01' })),
      ).toBe('Invalid input: expireDate: the date is in the past');
      expect(errorText(await call(bob, 'nc_share_update', { id: share?.id, note: 'mine now' }))).toMatch(
        /^Forbidden/,
      );

      expect(structured(await call(alice, 'nc_share_delete', { id: share?.id }))).toEqual({
        id: share?.id,
        deleted: true,
      });
      expect(errorText(await call(alice, 'nc_share_delete', { id: share?.id }))).toBe(
        `Not found: share ${share?.id} does not exist or was already deleted.`,
      );
      expect(errorText(await call(alice, 'nc_share_update', { id: '999999', note: 'x' }))).toBe(
        'Not found: share 999999 does not exist (list yours with nc_shares_list).',
      );
      const received = structured(await call(bob, 'nc_shares_list', { which: 'with_me' }));
      expect((received.shares as Structured[]).map((s) => s.id)).not.toContain(share?.id);
    });

    it('refuses the home folder, yourself, a missing path and an unknown user with clear messages', async () => {
      expect(errorText(await call(alice, 'nc_share_create', { path: '/', type: 'link' }))).toBe(
        'Invalid input: path: your home folder itself cannot be shared',
      );
      const { sharees } = structured(await call(bob, 'nc_sharees_search', { query: 'alice' })) as {
        sharees: Array<{ id: string; name: string }>;
      };
      const aliceId = sharees.find((sharee) => sharee.name === 'Alice Liddell')?.id;
      expect(aliceId).toBeDefined();
      expect(
        errorText(await call(alice, 'nc_share_create', { path: report, type: 'user', shareWith: aliceId })),
      ).toBe('Invalid input: shareWith: you cannot share with yourself');
      expect(
        errorText(await call(alice, 'nc_share_create', { path: `${base}/nope.txt`, type: 'link' })),
      ).toBe(`Not found: "${base}/nope.txt" does not exist.`);
      expect(
        errorText(
          await call(alice, 'nc_share_create', { path: report, type: 'user', shareWith: 'no-such-user' }),
        ),
      ).toBe(
        `Not found: "${report}" does not exist, or there is no user "no-such-user" (find one with nc_sharees_search).`,
      );
    });
  });
});

describe.each(['pass-through', 'exchange'] as const)(
  '%s mode: when the sharing tools are offered',
  (mode) => {
    describe.each([
      ['a Nextcloud without files_sharing', { nextcloudApps: { files_sharing: false } }],
      ['MCP_TOOLSETS=notes,files', { mcpEnv: { MCP_TOOLSETS: 'notes,files' } }],
    ] as const)('%s', (_name, options) => {
      let stack: Stack;
      let token: string;
      beforeAll(async () => {
        stack = await startStack({ mode, ...options });
        token = await mcpToken(stack, 'alice', ALL);
      }, 60_000);
      afterAll(async () => {
        await stack?.close();
      });

      describe.each(KINDS)('with the %s client', (kind) => {
        let alice: McpTestClient;
        beforeAll(async () => {
          alice = await connectWithToken(kind, stack.mcpUrl, token);
        }, 30_000);
        afterAll(async () => {
          await alice?.close();
        });

        it('lists no sharing tool, but the files tools, and answers a sharing call like an unknown tool', async () => {
          const { tools } = await alice.listTools();
          expect(sharingToolsOf(tools)).toEqual([]);
          expect(tools.map((tool) => tool.name)).toContain('nc_files_list');
          await expect(alice.callTool({ name: 'nc_shares_list', arguments: {} })).rejects.toMatchObject({
            code: -32602,
          });
        });
      });
    });
  },
);
