import { BrokerCallError } from '@nc-mcp/broker-client';
import { NextcloudError } from '@nc-mcp/nextcloud';

/**
 * What a failed job does next:
 * - `unprovisioned`: the user's background access is gone (no grant, or Nextcloud refuses the tokens):
 *   stop for good, drop the schedule;
 * - `rate_limited`: Nextcloud asks us to slow down (429/503): the whole queue waits, no attempt is used;
 * - `retry`: a passing outage (broker, IdP, Nextcloud, Redis): BullMQ retries with backoff;
 * - `give_up`: anything else (a bug, a misconfigured worker): no retry storm.
 */
export type FailureKind = 'unprovisioned' | 'rate_limited' | 'retry' | 'give_up';

/** The one place a job's failure is classified. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof BrokerCallError) {
    if (error.code === 'failed_precondition' && error.reason === 'not_provisioned') return 'unprovisioned';
    return error.retryable ? 'retry' : 'give_up';
  }
  if (error instanceof NextcloudError) {
    if (error.code === 'unauthorized' || error.code === 'forbidden') return 'unprovisioned';
    if (error.status === 429 || error.status === 503) return 'rate_limited';
    return error.retryable ? 'retry' : 'give_up';
  }
  const retryable = (error as { retryable?: unknown } | null)?.retryable;
  return retryable === true ? 'retry' : 'give_up';
}

/** A failure's message as it may be stored in Redis and shown on the dashboard: ours only, never a raw one. */
export function safeMessage(error: unknown): string {
  if (error instanceof BrokerCallError || error instanceof NextcloudError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string' && 'retryable' in error) return error.message;
  return 'internal error in the background worker';
}
