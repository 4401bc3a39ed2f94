import { type ConnectionOptions, Queue } from 'bullmq';
import {
  DEFAULT_QUEUE_PREFIX,
  type JobName,
  type JobPayload,
  jobOptions,
  SYNC_QUEUE_NAME,
} from './jobCatalogue.js';
import { parseJobPayload } from './parseJobPayload.js';

/** Options of {@link createJobProducer}. */
export interface JobProducerOptions {
  /** An ioredis instance (with `maxRetriesPerRequest: null`) or connection options. */
  connection: ConnectionOptions;
  /** Redis key prefix; default {@link DEFAULT_QUEUE_PREFIX}. Tests use a unique one. */
  prefix?: string;
}

/** What a producer (the MCP server) may ask of the background worker; every method resolves once queued. */
export interface JobProducer {
  /** "Sync now": one `sync.user` job (deduplicated while one for the user is waiting). */
  syncNow(userId: string): Promise<void>;
  /** A user just granted background access: schedule their syncs and sync them now. */
  userProvisioned(userId: string): Promise<void>;
  /** A user revoked background access: remove their schedule and their indexed content. */
  userRevoked(userId: string): Promise<void>;
  close(): Promise<void>;
}

/** Creates a typed producer over the sync queue; payloads are checked before anything is sent. */
export function createJobProducer(options: JobProducerOptions): JobProducer {
  const queue = new Queue(SYNC_QUEUE_NAME, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
  });
  async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void> {
    const parsed = parseJobPayload(name, payload);
    await queue.add(parsed.name, parsed.payload, jobOptions(name, payload));
  }
  return {
    syncNow: (userId) => enqueue('sync.user', { userId, reason: 'manual' }),
    userProvisioned: (userId) => enqueue('schedule.user', { userId }),
    userRevoked: (userId) => enqueue('unschedule.user', { userId }),
    close: () => queue.close(),
  };
}
