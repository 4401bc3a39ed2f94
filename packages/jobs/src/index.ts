export { createJobProducer, type JobProducer, type JobProducerOptions } from './createJobProducer.js';
export {
  DEFAULT_QUEUE_PREFIX,
  isJobName,
  JOB_DEFINITIONS,
  JOB_NAMES,
  type JobDefinition,
  type JobName,
  type JobPayload,
  jobOptions,
  retryOptions,
  SYNC_QUEUE_NAME,
  SYNC_REASONS,
  type SyncReason,
} from './jobCatalogue.js';
export { JobPayloadError } from './jobPayloadError.js';
export { type ParsedJob, parseJobPayload } from './parseJobPayload.js';
