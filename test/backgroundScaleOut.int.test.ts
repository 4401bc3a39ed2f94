import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { checkBrokerHealth } from '@nc-mcp/broker-client';
import {
  appEntryPoint,
  type ChildService,
  startChildService,
  waitFor,
  waitForHealthy,
} from '@nc-mcp/dev-stack';
import { SYNC_QUEUE_NAME } from '@nc-mcp/jobs';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithToken } from './support/connect.js';
import { grantBackgroundAccess } from './support/consent.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured, structured } from './support/toolResults.js';
import { mcpToken } from './support/userFiles.js';

// Scaled out as deployed: two broker replicas (this process's and a second process) sharing one
// PostgreSQL vault, and two worker processes on the machine's Redis sharing one PostgreSQL index.
// Consent made through one replica serves workers on both; "sync now" storms run once at a time.

const TIMEOUT = 180_000;
const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('two brokers and two worker processes', () => {
  const database = `ncmcp_scale_${randomBytes(5).toString('hex')}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const children: ChildService[] = [];
  let stack: Stack;
  let alice: McpTestClient;
  let queue: Queue;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();

    stack = await startStack({
      mode: 'pass-through',
      brokerEnv: { DATABASE_URL: databaseUrl },
      mcpEnv: { DATABASE_URL: databaseUrl },
    });
    const brokerPort = await freePort();
    const secondBroker = `127.0.0.1:${brokerPort}`;
    const broker = startChildService(
      'token-broker-2',
      appEntryPoint('@nc-mcp/token-broker'),
      {
        ...process.env,
        LOG_LEVEL: 'warn',
        OIDC_ISSUER: stack.idp.issuer,
        BROKER_HOST: '127.0.0.1',
        BROKER_PORT: String(brokerPort),
        BROKER_CLIENT_ID: stack.credentials.brokerClientId,
        BROKER_CLIENT_SECRET: stack.credentials.brokerClientSecret,
        BROKER_CALLER_KEYS: `mcp-server=${stack.credentials.callerKey},background-worker=${stack.credentials.workerKey}`,
        MCP_PUBLIC_URL: new URL(stack.mcpUrl).origin,
        DATABASE_URL: databaseUrl,
        TOKEN_ENCRYPTION_KEYS: stack.vaultEnv.TOKEN_ENCRYPTION_KEYS,
      },
      'ignore',
    );
    children.push(broker);
    await waitFor(
      broker,
      async () => (await checkBrokerHealth({ address: secondBroker })) === 'SERVING',
      60_000,
    );

    for (const brokerAddress of [stack.broker?.address ?? '', secondBroker]) {
      const adminPort = await freePort();
      const worker = startChildService(
        'background-worker',
        appEntryPoint('@nc-mcp/background-worker'),
        {
          ...process.env,
          LOG_LEVEL: 'warn',
          REDIS_URL: 'redis://127.0.0.1:6379',
          QUEUE_PREFIX: stack.syncEnv.QUEUE_PREFIX,
          TOKEN_BROKER_URL: brokerAddress,
          TOKEN_BROKER_CALLER_KEY: stack.credentials.workerKey,
          NEXTCLOUD_URL: stack.nextcloud.url,
          DATABASE_URL: databaseUrl,
          WORKER_ADMIN_PORT: String(adminPort),
        },
        'ignore',
      );
      children.push(worker);
      await waitForHealthy(`http://127.0.0.1:${adminPort}/healthz`, worker, 60_000);
    }

    const token = await mcpToken(stack, 'alice', ['notes.read', 'notes.write', 'files.read']);
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
    for (const child of children) await child.stop();
    await stack?.close();
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }, TIMEOUT);

  it(
    'syncs a user through either pair, one sync at a time, without a failed job',
    async () => {
      const lastSync = async () =>
        structured(await call(alice, 'nc_sync_status', {})).lastSync as Structured | undefined;
      await grantBackgroundAccess(alice, 'alice');
      await eventually(async () => ((await lastSync())?.state === 'ok' ? true : undefined), 'the first sync');

      for (let i = 0; i < 10; i += 1) {
        structured(await call(alice, 'nc_notes_create', { title: `Scaled note ${i}`, content: 'okapi' }));
      }
      const marked = Date.now();
      await Promise.all(Array.from({ length: 20 }, () => call(alice, 'nc_sync_now', {}).then(structured)));
      await eventually(async () => {
        const last = await lastSync();
        const hits = structured(await call(alice, 'nc_search', { query: 'okapi', limit: 20 }))
          .hits as Structured[];
        return last && Date.parse(String(last.at)) > marked && hits.length === 10 ? true : undefined;
      }, 'a sync that indexed the ten notes');

      expect(await queue.getFailedCount()).toBe(0);
      expect(structured(await call(alice, 'check_provisioning_status', {}))).toMatchObject({
        provisioned: true,
      });
    },
    TIMEOUT,
  );
});
