import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevIdp, startDevIdp } from '@nc-mcp/dev-idp';
import { createJobProducer, type JobProducer, SYNC_QUEUE_NAME } from '@nc-mcp/jobs';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';
import { createNextcloudClient, type NextcloudSession } from '@nc-mcp/nextcloud';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadWorkerEnv, type WorkerEnv } from '../env.js';
import { type RunningWorker, type StartWorkerOptions, startWorker } from '../startWorker.js';
import { createFakeBackgroundTokens, type FakeBackgroundTokens } from './fakeBackgroundTokens.js';
import { type NextcloudFront, startNextcloudFront } from './nextcloudFront.js';

/** The machine's Redis; REDIS_URL overrides it. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Everything a worker test needs: dev IdP, Nextcloud double, fake broker, a unique queue prefix. */
export interface WorkerHarness {
  idp: DevIdp;
  nextcloud: NextcloudFront;
  tokens: FakeBackgroundTokens;
  prefix: string;
  /** CLIENT SETNAME of every worker connection of this harness (to kill them, and only them). */
  connectionName: string;
  logs: CapturedLogs;
  redis: Redis;
  producer: JobProducer;
  /** A queue handle for assertions. */
  queue: Queue;
  env(overrides?: Record<string, string>): WorkerEnv;
  /** Starts a worker (several may run); all are closed by dispose(). */
  start(options?: Partial<StartWorkerOptions>): Promise<RunningWorker>;
  /** Nextcloud as `userId`, for the test to create and change content. */
  userSession(userId: string): NextcloudSession;
  dispose(): Promise<void>;
}

/** Polls until `check` returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates a harness; call dispose() in afterAll. */
export async function createWorkerHarness(): Promise<WorkerHarness> {
  const id = randomBytes(4).toString('hex');
  const prefix = `ncmcp-test-worker-${id}`;
  const connectionName = `ncmcp-test-worker-${id}`;
  const root = await mkdtemp(join(tmpdir(), 'worker-test-'));
  const idp = await startDevIdp();
  const nextcloud = await startNextcloudFront(idp.issuer);
  const tokens = createFakeBackgroundTokens(idp);
  const logs = captureLogs('background-worker');
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const producer = createJobProducer({ connection: redis, prefix });
  const queue = new Queue(SYNC_QUEUE_NAME, { connection: redis, prefix });
  const workers: RunningWorker[] = [];
  const client = createNextcloudClient({ baseUrl: nextcloud.url });
  const env = (overrides: Record<string, string> = {}) =>
    loadWorkerEnv({
      REDIS_URL: TEST_REDIS_URL,
      TOKEN_BROKER_URL: '127.0.0.1:1',
      TOKEN_BROKER_CALLER_KEY: 'worker-test-key-0123456789',
      NEXTCLOUD_URL: nextcloud.url,
      NEXTCLOUD_TIMEOUT_SECONDS: '10',
      INDEX_DATA_DIR: join(root, 'index'),
      WORKER_ADMIN_PORT: '0',
      WORKER_CONCURRENCY: '2',
      ...overrides,
    });
  return {
    idp,
    nextcloud,
    tokens,
    prefix,
    connectionName,
    logs,
    redis,
    producer,
    queue,
    env,
    async start(options = {}) {
      const worker = await startWorker({
        env: env(),
        logger: logs.logger,
        tokens,
        prefix,
        redisConnectionName: connectionName,
        rateLimitBaseMs: 200,
        busyRetryMs: 300,
        ...options,
      });
      workers.push(worker);
      return worker;
    },
    userSession(userId) {
      return client.session({
        subject: userId,
        getToken: () => idp.signAccessToken({ sub: userId, aud: 'nextcloud' }),
      });
    },
    async dispose() {
      for (const worker of workers) await worker.close().catch(() => undefined);
      await producer.close().catch(() => undefined);
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close().catch(() => undefined);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await nextcloud.close();
      await idp.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
