import { createJobProducer, type JobProducer } from '@nc-mcp/jobs';
import type { Logger } from '@nc-mcp/logger';
import { openSearchIndex, type SearchIndex, SearchIndexError } from '@nc-mcp/search-index';

/** Where the background worker's index and queue are: what the MCP server reads and enqueues. */
export interface BackgroundSyncSettings {
  /** INDEX_DATA_DIR: the SQLite index the worker writes (read-only here). */
  indexDataDir: string;
  /** DATABASE_URL: the PostgreSQL index instead. */
  databaseUrl: string | undefined;
  /** REDIS_URL: the worker's queue. */
  redisUrl: string;
  /** QUEUE_PREFIX: the queue's Redis key prefix. */
  queuePrefix: string;
}

/** Background sync for one tool call: the verified caller's own index rows and queue, nothing else. */
export interface BackgroundCall {
  /** The caller's `sub`: the only user whose rows a tool reads or whose sync it enqueues. */
  readonly userId: string;
  readonly howToGrant: string;
  /** The index, or undefined while the worker has not created it. */
  index(): Promise<SearchIndex | undefined>;
  /** Queues a sync of the caller now (deduplicated while one waits). */
  syncNow(): Promise<void>;
  /** Tells the worker the caller revoked background access (schedule and index rows go). */
  userRevoked(): Promise<void>;
}

/** Binds {@link BackgroundSync} to one caller. */
export function backgroundCallFor(sync: BackgroundSync, userId: string): BackgroundCall {
  return {
    userId,
    howToGrant: sync.howToGrant,
    index: () => sync.index(),
    syncNow: () => sync.producer().syncNow(userId),
    userRevoked: () => sync.producer().userRevoked(userId),
  };
}

/**
 * The MCP server's side of background sync: the search index, opened read-only on first use (and
 * again while the worker has not created it yet), and a job producer connected on first use.
 */
export interface BackgroundSync {
  /** The index, or undefined while the worker has not created it. */
  index(): Promise<SearchIndex | undefined>;
  producer(): JobProducer;
  /** How a user grants background access in this deployment, in one sentence. */
  readonly howToGrant: string;
  close(): Promise<void>;
}

/** Builds the lazy background-sync access; nothing connects or opens before a tool needs it. */
export function createBackgroundSync(options: {
  settings: BackgroundSyncSettings;
  howToGrant: string;
  logger: Logger;
}): BackgroundSync {
  let opened: Promise<SearchIndex> | undefined;
  let producer: JobProducer | undefined;
  return {
    howToGrant: options.howToGrant,
    async index() {
      opened ??= openSearchIndex({
        dataDir: options.settings.indexDataDir,
        databaseUrl: options.settings.databaseUrl,
        readOnly: true,
        logger: options.logger,
      });
      const pending = opened;
      try {
        return await pending;
      } catch (error) {
        // Not remembered: the worker may create the index, or the database may come back.
        if (opened === pending) opened = undefined;
        if (error instanceof SearchIndexError && error.code === 'index_missing') return undefined;
        throw error;
      }
    },
    producer() {
      producer ??= createJobProducer({
        connection: redisConnection(options.settings.redisUrl),
        prefix: options.settings.queuePrefix,
      });
      return producer;
    },
    async close() {
      await producer?.close();
      const index = await opened?.catch(() => undefined);
      await index?.close();
    },
  };
}

/** BullMQ connection options from a `redis://` URL (a queue producer fails fast rather than waits). */
function redisConnection(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  };
}
