/** Why background work failed, as the worker switches on it. */
export type WorkerErrorCode =
  /** Redis (REDIS_URL) did not answer at start. */
  'redis_unreachable';

/** A typed worker failure; the message is short and never carries a token or a URL's credentials. */
export class WorkerError extends Error {
  readonly code: WorkerErrorCode;
  readonly retryable: boolean;
  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerError';
    this.code = code;
    this.retryable = true;
  }
}
