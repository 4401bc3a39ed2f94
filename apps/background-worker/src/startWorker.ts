import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BackgroundTokenClient, createBackgroundTokenClient } from '@nc-mcp/broker-client/background';
import { requireReadableFiles } from '@nc-mcp/config';
import { jobOptions, SYNC_QUEUE_NAME } from '@nc-mcp/jobs';
import type { Logger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { openSearchIndex, type SearchIndex } from '@nc-mcp/search-index';
import { Queue, Worker } from 'bullmq';
import type { WorkerEnv } from './env.js';
import { createAdminApp } from './http/createAdminApp.js';
import { createProcessor } from './processors/createProcessor.js';
import { createRateLimitBackoff } from './processors/rateLimitBackoff.js';
import { openRedis } from './redis/openRedis.js';
import { createUserSchedules } from './schedules/userSchedules.js';
import { calendarSource } from './sync/calendarSource.js';
import { contactsSource } from './sync/contactsSource.js';
import { filesSource } from './sync/filesSource.js';
import { notesSource } from './sync/notesSource.js';
import { createUserLocks } from './sync/userLock.js';

/** Options of {@link startWorker}; everything but `env` and `logger` has a production default. */
export interface StartWorkerOptions {
  env: WorkerEnv;
  logger: Logger;
  /** The broker's BackgroundTokenService; default a client built from the environment. */
  tokens?: BackgroundTokenClient;
  /** Redis key prefix of the queue and the locks; default QUEUE_PREFIX from the environment. */
  prefix?: string;
  /** CLIENT SETNAME of every Redis connection; default `nc-mcp-worker`. */
  redisConnectionName?: string;
  /** How often the schedules are reconciled with the broker; default 300000 (5 minutes). */
  reconcileIntervalMs?: number;
  /** First wait after a Nextcloud 429/503, doubled while they last; default 5000. */
  rateLimitBaseMs?: number;
  /** Wait of a job whose user is being synced by another worker; default 5000. */
  busyRetryMs?: number;
  /** Serve /healthz, /metrics and the dashboard; default true. */
  admin?: boolean;
  fetch?: typeof fetch;
}

/** A running worker. */
export interface RunningWorker {
  /** The admin listener's port, when serving. */
  adminPort: number | undefined;
  queue: Queue;
  index: SearchIndex;
  /** Stops taking jobs, waits for the running ones, closes every connection. */
  close(): Promise<void>;
}

const RATE_LIMIT_MAX_MS = 5 * 60_000;

function listen(app: ReturnType<typeof createAdminApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** Starts the BullMQ consumers, the schedules and the admin endpoints; tests and the dev stack call it in-process. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { env } = options;
  const logger = options.logger;
  const prefix = options.prefix ?? env.queuePrefix;
  if (env.broker.tls) {
    requireReadableFiles({
      TOKEN_BROKER_TLS_CA_FILE: env.broker.tls.caFile,
      TOKEN_BROKER_TLS_CERT_FILE: env.broker.tls.certFile,
      TOKEN_BROKER_TLS_KEY_FILE: env.broker.tls.keyFile,
    });
  }
  const redis = await openRedis({
    url: env.redisUrl,
    connectionName: options.redisConnectionName ?? 'nc-mcp-worker',
    logger,
  });
  const cleanups: (() => Promise<unknown>)[] = [async () => redis.quit().catch(() => redis.disconnect())];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const index = await openSearchIndex({ ...env.index, logger });
    cleanups.push(() => index.close());
    const tokens =
      options.tokens ??
      createBackgroundTokenClient({
        address: env.broker.address,
        caller: 'background-worker',
        deadlineMs: env.broker.deadlineMs,
        ...(env.broker.callerKey === undefined ? {} : { callerKey: env.broker.callerKey }),
        ...(env.broker.tls === undefined ? {} : { tls: env.broker.tls }),
        logger,
      });
    if (options.tokens === undefined) cleanups.push(async () => tokens.close());
    const nextcloud = createNextcloudClient({
      baseUrl: env.nextcloudUrl,
      timeoutMs: env.nextcloudTimeoutMs,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const queue = new Queue(SYNC_QUEUE_NAME, { connection: redis, prefix });
    cleanups.push(() => queue.close());
    const schedules = createUserSchedules(queue, env.syncIntervalMs);
    let worker: Worker | undefined;
    const processor = createProcessor({
      tokens,
      nextcloud,
      index,
      sources: [notesSource, filesSource, calendarSource, contactsSource],
      queue,
      schedules,
      locks: createUserLocks({ redis, prefix }),
      logger,
      rateLimit: async (ms) => worker?.rateLimit(ms),
      rateLimitBackoff: createRateLimitBackoff(options.rateLimitBaseMs ?? 5_000, RATE_LIMIT_MAX_MS),
      busyRetryMs: options.busyRetryMs ?? 5_000,
    });
    worker = new Worker(SYNC_QUEUE_NAME, processor, {
      connection: redis,
      prefix,
      concurrency: env.concurrency,
      // worker.rateLimit() only holds when a limiter is configured; this one never limits by itself.
      limiter: { max: 1_000_000, duration: 1_000 },
      runRetryDelay: 2_000,
    });
    const running = worker;
    cleanups.push(() => running.close());
    worker.on('error', (error) => logger.warn({ err: { message: error.message } }, 'worker error'));
    worker.on('failed', (job, error) =>
      logger.debug(
        { jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, reason: error.message },
        'job failed',
      ),
    );
    await worker.waitUntilReady();

    await schedules.upsertReconcile(options.reconcileIntervalMs ?? 300_000);
    await queue.add('schedule.reconcile', {}, jobOptions('schedule.reconcile', {}));

    let adminPort: number | undefined;
    if (options.admin !== false) {
      const app = createAdminApp({ queue, redis, dashboard: env.dashboard, logger });
      const server = await listen(app, env.admin.host, env.admin.port);
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      adminPort = (server.address() as AddressInfo).port;
    }
    let closing: Promise<void> | undefined;
    return {
      adminPort,
      queue,
      index,
      close: () => {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
