/** A job whose name or payload the catalogue does not accept; retrying cannot fix it. */
export class JobPayloadError extends Error {
  readonly code = 'invalid_job_payload';
  readonly retryable = false;
  /** The offending field (`userId`, `reason`, …), or `name` for an unknown job. */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.name = 'JobPayloadError';
    this.field = field;
  }
}
