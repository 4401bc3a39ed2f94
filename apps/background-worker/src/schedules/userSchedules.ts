import { retryOptions } from '@nc-mcp/jobs';
import type { Queue } from 'bullmq';

const USER_PREFIX = 'sync.user:';

/** The scheduler that keeps every user's schedule in step with the broker. */
export const RECONCILE_SCHEDULER_ID = 'schedule.reconcile';

/** One job scheduler per provisioned user, each producing a `sync.user` job every interval. */
export interface UserSchedules {
  upsert(userId: string): Promise<void>;
  /** True when there was one. */
  remove(userId: string): Promise<boolean>;
  /** Every user with a scheduler. */
  list(): Promise<Set<string>>;
  /** The reconcile job's own scheduler. */
  upsertReconcile(everyMs: number): Promise<void>;
}

/** The scheduler id of a user's syncs. */
export function userSchedulerId(userId: string): string {
  return `${USER_PREFIX}${userId}`;
}

/** Creates the per-user scheduler operations over the sync queue. */
export function createUserSchedules(queue: Queue, intervalMs: number): UserSchedules {
  return {
    async upsert(userId) {
      await queue.upsertJobScheduler(
        userSchedulerId(userId),
        { every: intervalMs },
        { name: 'sync.user', data: { userId, reason: 'schedule' }, opts: retryOptions('sync.user') },
      );
    },
    remove: (userId) => queue.removeJobScheduler(userSchedulerId(userId)),
    async list() {
      const schedulers = await queue.getJobSchedulers(0, -1);
      return new Set(
        schedulers
          .map((scheduler) => scheduler.key)
          .filter((key) => key.startsWith(USER_PREFIX))
          .map((key) => key.slice(USER_PREFIX.length)),
      );
    },
    async upsertReconcile(everyMs) {
      await queue.upsertJobScheduler(
        RECONCILE_SCHEDULER_ID,
        { every: everyMs },
        { name: 'schedule.reconcile', data: {}, opts: retryOptions('schedule.reconcile') },
      );
    },
  };
}
