import { userSchedulerId } from '@nc-mcp/background-worker';
import { createJobProducer, SYNC_QUEUE_NAME } from '@nc-mcp/jobs';
import { createSilentLogger } from '@nc-mcp/logger';
import { createLazyVault } from '@nc-mcp/token-broker';
import { Queue } from 'bullmq';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithToken } from './support/connect.js';
import { grantBackgroundAccess } from './support/consent.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured, structured } from './support/toolResults.js';
import { mcpToken } from './support/userFiles.js';

// A grant that disappears behind the worker's back (the IdP refused it, an operator deleted it):
// the next job stops at once, without a retry storm, drops the user's schedule and says so.

const TIMEOUT = 120_000;

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a background grant that is gone', () => {
  let stack: Stack;
  let alice: McpTestClient;
  let sub: string;
  let queue: Queue;

  beforeAll(async () => {
    stack = await startStack({ mode: 'pass-through', worker: true });
    const token = await mcpToken(stack, 'alice', ['notes.read', 'files.read']);
    sub = String(decodeJwt(token).sub);
    alice = await connectWithToken('v2-modern', stack.mcpUrl, token);
    queue = new Queue(SYNC_QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: stack.syncEnv.QUEUE_PREFIX ?? '',
    });
  }, TIMEOUT);
  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await alice?.close();
    await stack?.close();
  });

  it(
    'stops the user’s jobs without retries, removes the schedule and reports unprovisioned',
    async () => {
      await grantBackgroundAccess(alice, 'alice');
      await eventually(async () => {
        const last = structured(await call(alice, 'nc_sync_status', {})).lastSync as Structured | undefined;
        return last?.state === 'ok' ? last : undefined;
      }, 'the first sync');
      expect(await queue.getJobScheduler(userSchedulerId(sub))).toBeTruthy();

      // The grant goes without the worker being told.
      const vault = createLazyVault({
        dataDir: stack.vaultEnv.BROKER_DATA_DIR ?? '',
        encryptionKeys: stack.vaultEnv.TOKEN_ENCRYPTION_KEYS,
        logger: createSilentLogger(),
      });
      try {
        expect(await (await vault.get()).deleteGrant({ issuer: stack.idp.issuer, subject: sub })).toBe(true);
      } finally {
        await vault.close();
      }
      const producer = createJobProducer({
        connection: { host: '127.0.0.1', port: 6379 },
        prefix: stack.syncEnv.QUEUE_PREFIX ?? '',
      });
      try {
        await producer.syncNow(sub);
      } finally {
        await producer.close();
      }

      await new Promise((resolve) => setTimeout(resolve, 5000));
      console.log(
        JSON.stringify(await queue.getJobCounts()),
        (await queue.getJobs(['completed', 'failed', 'waiting', 'delayed', 'active'])).map((j) => [
          j.name,
          j.data,
          j.attemptsMade,
          j.failedReason,
        ]),
      );
      console.log(
        stack.logs
          .text()
          .split('\n')
          .filter((l) => /background-worker|background token/.test(l))
          .slice(-15)
          .join('\n'),
      );
      const failed = await eventually(async () => {
        const jobs = await queue.getJobs(['failed']);
        return jobs.find((job) => job.name === 'sync.user' && (job.data as Structured).userId === sub);
      }, 'the failed sync');
      expect(failed.attemptsMade).toBe(1);
      await eventually(
        async () => ((await queue.getJobScheduler(userSchedulerId(sub))) ? undefined : true),
        'no schedule',
      );
      const status = structured(await call(alice, 'nc_sync_status', {}));
      expect(status).toMatchObject({ provisioned: false, lastSync: { state: 'unprovisioned' } });
      expect(String(status.message)).toContain('provision_nextcloud_access');
    },
    TIMEOUT,
  );
});
