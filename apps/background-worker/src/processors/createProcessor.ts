import { JobPayloadError, parseJobPayload } from '@nc-mcp/jobs';
import { type Job, UnrecoverableError } from 'bullmq';
import type { JobContext } from './jobContext.js';
import { runReconcileJob, runScheduleUserJob, runUnscheduleUserJob } from './scheduleJobs.js';
import { runSyncUserJob } from './syncUserJob.js';

/** The worker's processor: checks each job against the catalogue and runs its handler. */
export function createProcessor(context: JobContext): (job: Job, token?: string) => Promise<unknown> {
  return async (job, token) => {
    let parsed: ReturnType<typeof parseJobPayload>;
    try {
      parsed = parseJobPayload(job.name, job.data);
    } catch (error) {
      if (error instanceof JobPayloadError) {
        context.logger.error({ jobId: job.id, jobName: job.name, field: error.field }, 'job refused');
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
    switch (parsed.name) {
      case 'sync.user':
        return runSyncUserJob(context, job, token, parsed.payload.userId);
      case 'schedule.reconcile':
        return runReconcileJob(context);
      case 'schedule.user':
        return runScheduleUserJob(context, parsed.payload.userId);
      case 'unschedule.user':
        return runUnscheduleUserJob(context, job, token, parsed.payload.userId);
    }
  };
}
