import { isJobName, JOB_DEFINITIONS, type JobName, type JobPayload } from './jobCatalogue.js';
import { JobPayloadError } from './jobPayloadError.js';

/** A job as the worker receives it, checked against the catalogue. */
export type ParsedJob = { [N in JobName]: { name: N; payload: JobPayload<N> } }[JobName];

/**
 * Checks a job's name and payload against the catalogue. Throws {@link JobPayloadError} naming the
 * first offending field (never echoing its value, which might be anything a producer sent).
 */
export function parseJobPayload(name: string, data: unknown): ParsedJob {
  if (!isJobName(name)) throw new JobPayloadError('unknown job name', 'name');
  const result = JOB_DEFINITIONS[name].schema.safeParse(data ?? {});
  if (!result.success) {
    const [issue] = result.error.issues;
    // An unknown field (a token, say) is named by its key, never shown by its value.
    const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(payload)';
    const field = unknownKey ?? path;
    const message = unknownKey !== undefined ? 'is not allowed' : (issue?.message ?? 'is invalid');
    throw new JobPayloadError(`${name} payload: ${field} ${message}`, field);
  }
  return { name, payload: result.data } as ParsedJob;
}
