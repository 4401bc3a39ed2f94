import { createLogger, exitOnSignals, runService, type ServiceLogger } from '@nc-mcp/logger';
import { loadWorkerEnv } from './env.js';
import { displayRedisUrl } from './redis/openRedis.js';
import { startWorker } from './startWorker.js';

async function main(logger: ServiceLogger): Promise<void> {
  const env = loadWorkerEnv();
  logger.current = createLogger({ name: 'background-worker', level: env.logLevel });
  const log = logger.current;
  const worker = await startWorker({ env, logger: log });
  log.info(
    {
      redis: displayRedisUrl(env.redisUrl),
      broker: env.broker.address,
      nextcloud: env.nextcloudUrl,
      index: env.index.databaseUrl === undefined ? 'sqlite' : 'postgres',
      concurrency: env.concurrency,
      syncIntervalSeconds: env.syncIntervalMs / 1000,
      admin: worker.adminPort === undefined ? undefined : `${env.admin.host}:${worker.adminPort}`,
      dashboard: env.dashboard !== undefined,
    },
    'background worker running',
  );
  exitOnSignals(log, () => worker.close());
}

runService('background-worker', main);
