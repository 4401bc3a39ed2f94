import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { syncUser } from '../sync/syncUser.js';
import { classifyFailure, safeMessage } from './classifyFailure.js';
import type { JobContext } from './jobContext.js';

/** What a completed `sync.user` job returns (kept in Redis, shown on the dashboard). */
export interface SyncJobResult {
  state: string;
  families: string[];
  upserted: number;
  deleted: number;
  errors: number;
}

/** Waits for the user's lock holder: the job goes back to delayed, no attempt is used. */
export async function delayWhileBusy(
  context: JobContext,
  job: Job,
  token: string | undefined,
): Promise<never> {
  context.logger.debug(
    { jobId: job.id, jobName: job.name, userId: job.data?.userId },
    'user busy elsewhere; job delayed',
  );
  await job.moveToDelayed(Date.now() + context.busyRetryMs, token);
  throw new DelayedError();
}

async function indexedItems(context: JobContext, userId: string): Promise<number> {
  const counts = await context.index.counts(userId).catch(() => ({}));
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

async function handleFailure(context: JobContext, userId: string, error: unknown): Promise<never> {
  const kind = classifyFailure(error);
  const message = safeMessage(error);
  const log = context.logger.child({ userId, failure: kind });
  const errorCode = (error as { code?: unknown } | null)?.code;
  if (kind === 'rate_limited') {
    const waitMs = context.rateLimitBackoff.next();
    log.warn({ errorCode, waitMs }, 'nextcloud asks to slow down; the queue waits');
    await context.rateLimit(waitMs);
    throw Worker.RateLimitError();
  }
  if (kind === 'unprovisioned') {
    await context.schedules.remove(userId);
    await context.index.recordSync(userId, {
      at: Date.now(),
      state: 'unprovisioned',
      items: 0,
      errors: [message],
    });
    log.warn({ errorCode }, 'background access is gone; schedule removed');
    throw new UnrecoverableError(message);
  }
  const items = await indexedItems(context, userId);
  await context.index
    .recordSync(userId, { at: Date.now(), state: 'failed', items, errors: [message] })
    .catch(() => undefined);
  if (kind === 'retry') {
    log.warn({ errorCode }, 'user sync failed; will retry');
    throw new Error(message);
  }
  log.error({ err: error }, 'user sync failed; not retried');
  throw new UnrecoverableError(message);
}

/** `sync.user`: one user's incremental sync under the user's lock, its failure classified. */
export async function runSyncUserJob(
  context: JobContext,
  job: Job,
  token: string | undefined,
  userId: string,
): Promise<SyncJobResult> {
  const lock = await context.locks.tryAcquire(userId);
  if (lock === undefined) return delayWhileBusy(context, job, token);
  const logger = context.logger.child({ userId, jobId: job.id, reason: job.data?.reason });
  logger.info('user sync started');
  try {
    const report = await syncUser(context, userId, logger);
    context.rateLimitBackoff.reset();
    logger.info(
      {
        families: report.families,
        upserted: report.upserted,
        deleted: report.deleted,
        errors: report.errors.length,
      },
      'user sync finished',
    );
    return { ...report, errors: report.errors.length };
  } catch (error) {
    logger.info('user sync ended early');
    return await handleFailure(context, userId, error);
  } finally {
    await lock.release().catch(() => undefined);
  }
}
