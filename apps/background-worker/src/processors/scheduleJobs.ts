import { jobOptions } from '@nc-mcp/jobs';
import { type Job, UnrecoverableError } from 'bullmq';
import { classifyFailure, safeMessage } from './classifyFailure.js';
import type { JobContext } from './jobContext.js';
import { delayWhileBusy } from './syncUserJob.js';

const PAGE_SIZE = 500;

/** `schedule.reconcile`: one scheduler per provisioned user, none for anyone else. */
export async function runReconcileJob(
  context: JobContext,
): Promise<{ added: number; removed: number; users: number }> {
  const provisioned = new Set<string>();
  try {
    let pageToken: string | undefined;
    do {
      const page = await context.tokens.listProvisionedUsers({
        pageSize: PAGE_SIZE,
        ...(pageToken ? { pageToken } : {}),
      });
      for (const user of page.users) provisioned.add(user.userId);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  } catch (error) {
    // Never act on a partial list: a broker outage must not unschedule anyone.
    if (classifyFailure(error) === 'retry') throw new Error(safeMessage(error));
    throw new UnrecoverableError(safeMessage(error));
  }
  const scheduled = await context.schedules.list();
  const missing = [...provisioned].filter((userId) => !scheduled.has(userId));
  const extra = [...scheduled].filter((userId) => !provisioned.has(userId));
  for (const userId of missing) await context.schedules.upsert(userId);
  for (const userId of extra) await context.schedules.remove(userId);
  context.logger.info(
    { users: provisioned.size, added: missing.length, removed: extra.length },
    'schedules reconciled',
  );
  return { added: missing.length, removed: extra.length, users: provisioned.size };
}

/** `schedule.user`: a new consent schedules the user's syncs and syncs them now. */
export async function runScheduleUserJob(context: JobContext, userId: string): Promise<void> {
  await context.schedules.upsert(userId);
  const payload = { userId, reason: 'provisioned' as const };
  await context.queue.add('sync.user', payload, jobOptions('sync.user', payload));
  context.logger.info({ userId }, 'user scheduled');
}

/** `unschedule.user`: a revoked consent stops the syncs and forgets the user's indexed content. */
export async function runUnscheduleUserJob(
  context: JobContext,
  job: Job,
  token: string | undefined,
  userId: string,
): Promise<void> {
  // Under the user's lock: a sync still running would write rows after they were forgotten.
  const lock = await context.locks.tryAcquire(userId);
  if (lock === undefined) return delayWhileBusy(context, job, token);
  try {
    await context.schedules.remove(userId);
    await context.index.forgetUser(userId);
    context.logger.info({ userId }, 'user unscheduled and forgotten');
  } finally {
    await lock.release().catch(() => undefined);
  }
}
