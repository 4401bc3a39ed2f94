import type { Logger } from '@nc-mcp/logger';
import { Redis } from 'ioredis';
import { WorkerError } from '../workerError.js';

/** Options of {@link openRedis}. */
export interface OpenRedisOptions {
  url: string;
  /** CLIENT SETNAME of this connection and its duplicates (BullMQ's blocking connections). */
  connectionName: string;
  logger: Logger;
  /** How long the first connection may take; default 5000. */
  connectTimeoutMs?: number;
}

/** The URL as it may be shown: without user and password. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Connects to Redis as BullMQ needs it (`maxRetriesPerRequest: null`: commands wait for a reconnect
 * instead of failing). An unreachable Redis at start is a WorkerError naming REDIS_URL; later
 * disconnects are retried for ever, logged once per outage.
 */
export async function openRedis(options: OpenRedisOptions): Promise<Redis> {
  const where = displayRedisUrl(options.url);
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectionName: options.connectionName,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let down = false;
  let everReady = false;
  redis.on('error', (error: Error) => {
    // Before the first connection the start-up error below says it all, once.
    if (down || !everReady) return;
    down = true;
    options.logger.warn(
      { err: { message: error.message, code: (error as { code?: unknown }).code }, redis: where },
      'redis connection lost; reconnecting',
    );
  });
  redis.on('ready', () => {
    everReady = true;
    if (down) options.logger.info({ redis: where }, 'redis connection restored');
    down = false;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new WorkerError('redis_unreachable', `REDIS_URL: Redis at ${where} cannot be reached`, {
      cause: error,
    });
  }
  return redis;
}
