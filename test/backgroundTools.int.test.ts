import { SYNC_QUEUE_NAME } from '@nc-mcp/jobs';
import { createSilentLogger } from '@nc-mcp/logger';
import { openSearchIndex } from '@nc-mcp/search-index';
import { Queue } from 'bullmq';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithToken } from './support/connect.js';
import { grantAtProvisionPage, grantBackgroundAccess } from './support/consent.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken } from './support/userFiles.js';

// The MCP side of background sync, with an index seeded the way the worker writes it: what the tools
// answer before and after consent, that hits are re-checked with the caller's own access, that only
// the caller's rows are read, and that "sync now", consent and revocation reach the queue.

const TIMEOUT = 60_000;
const SCOPES = ['notes.read', 'notes.write', 'files.read'];

async function queuedJobs(stack: Stack): Promise<{ name: string; data: Structured }[]> {
  const queue = new Queue(SYNC_QUEUE_NAME, {
    connection: { host: '127.0.0.1', port: 6379 },
    prefix: stack.syncEnv.QUEUE_PREFIX ?? '',
  });
  try {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    return jobs.map((job) => ({ name: job.name, data: job.data as Structured }));
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

describe.each(['pass-through', 'exchange'] as const)('background-sync tools in %s mode', (mode) => {
  let stack: Stack;
  let alice: McpTestClient;
  let aliceSub: string;
  let bobSub: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    const token = await mcpToken(stack, 'alice', SCOPES);
    aliceSub = String(decodeJwt(token).sub);
    bobSub = String(decodeJwt(await mcpToken(stack, 'bob', SCOPES)).sub);
    alice = await connectWithToken('v2-modern', stack.mcpUrl, token);
  }, TIMEOUT);
  afterAll(async () => {
    await alice?.close();
    await stack?.close();
  });

  it(
    'says how to grant background access before the user did',
    async () => {
      const status = structured(await call(alice, 'nc_sync_status', {}));
      expect(status.provisioned).toBe(false);
      expect(String(status.message)).toContain(
        mode === 'exchange' ? '/provision' : 'provision_nextcloud_access',
      );
      expect(errorText(await call(alice, 'nc_sync_now', {}))).toMatch(/Background access is not granted/);
      const search = structured(await call(alice, 'nc_search', { query: 'anything' }));
      expect(search.hits).toEqual([]);
      expect(String(search.message)).toMatch(/not granted/);
    },
    TIMEOUT,
  );

  it(
    'finds only the caller’s indexed items that the caller can still read',
    async () => {
      if (mode === 'exchange') await grantAtProvisionPage(stack, 'alice');
      else await grantBackgroundAccess(alice, 'alice');

      const kept = structured(
        await call(alice, 'nc_notes_create', { title: 'Quarterly plan', content: 'zebra budget' }),
      );
      const gone = structured(
        await call(alice, 'nc_notes_create', { title: 'Old plan', content: 'zebra archive' }),
      );
      structured(await call(alice, 'nc_notes_delete', { id: gone.id }));
      const index = await openSearchIndex({
        dataDir: stack.syncEnv.INDEX_DATA_DIR ?? '',
        logger: createSilentLogger(),
      });
      try {
        const item = (id: unknown, title: string) => ({
          family: 'notes' as const,
          id: String(id),
          title,
          content: 'zebra',
          link: `nextcloud://notes/${id}`,
          etag: 'e',
          modifiedAt: Date.now(),
        });
        await index.upsertItems(aliceSub, [item(kept.id, 'Quarterly plan'), item(gone.id, 'Old plan')]);
        await index.upsertItems(bobSub, [item(kept.id, 'Bob zebra secret')]);
        await index.recordSync(aliceSub, { at: Date.now(), state: 'ok', items: 2, errors: [] });
      } finally {
        await index.close();
      }

      const found = structured(await call(alice, 'nc_search', { query: 'zebra' }));
      expect((found.hits as Structured[]).map((hit) => hit.title)).toEqual(['Quarterly plan']);
      const status = structured(await call(alice, 'nc_sync_status', {}));
      expect(status).toMatchObject({
        provisioned: true,
        lastSync: { state: 'ok', items: 2 },
        counts: { notes: 2 },
      });
      // Families the token cannot read are never searched.
      const files = structured(await call(alice, 'nc_search', { query: 'zebra', families: ['contacts'] }));
      expect(files.hits).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'queues a sync now, and tells the worker about consent and revocation',
    async () => {
      expect(structured(await call(alice, 'nc_sync_now', {}))).toMatchObject({ queued: true });
      const jobs = await queuedJobs(stack);
      expect(jobs).toContainEqual({ name: 'sync.user', data: { userId: aliceSub, reason: 'manual' } });
      expect(jobs).toContainEqual({ name: 'schedule.user', data: { userId: aliceSub } });
      if (mode === 'pass-through') {
        expect(structured(await call(alice, 'revoke_nextcloud_access', {}))).toMatchObject({ revoked: true });
        expect(await queuedJobs(stack)).toContainEqual({
          name: 'unschedule.user',
          data: { userId: aliceSub },
        });
      }
    },
    TIMEOUT,
  );
});
