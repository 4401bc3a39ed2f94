import type { Logger } from '@nc-mcp/logger';
import type { Queue } from 'bullmq';
import type { UserSchedules } from '../schedules/userSchedules.js';
import type { SyncDependencies } from '../sync/syncUser.js';
import type { UserLocks } from '../sync/userLock.js';
import type { RateLimitBackoff } from './rateLimitBackoff.js';

/** Everything the job handlers share within one worker. */
export interface JobContext extends SyncDependencies {
  queue: Queue;
  schedules: UserSchedules;
  locks: UserLocks;
  logger: Logger;
  /** The worker's `rateLimit(ms)`: the whole queue pauses. */
  rateLimit(ms: number): Promise<void>;
  rateLimitBackoff: RateLimitBackoff;
  /** How long a job for a user who is being synced elsewhere waits before it tries again. */
  busyRetryMs: number;
}
