import { BrokerCallError } from '@nc-mcp/broker-client';
import { NextcloudError } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { WorkerError } from '../workerError.js';
import { classifyFailure, safeMessage } from './classifyFailure.js';

describe('classifyFailure', () => {
  it('stops for good when the grant is gone or Nextcloud refuses the background token', () => {
    const notProvisioned = new BrokerCallError('failed_precondition', 9, { reason: 'not_provisioned' });
    expect(classifyFailure(notProvisioned)).toBe('unprovisioned');
    expect(classifyFailure(new NextcloudError('unauthorized', 'x', { status: 401 }))).toBe('unprovisioned');
    expect(classifyFailure(new NextcloudError('forbidden', 'x', { status: 403 }))).toBe('unprovisioned');
  });

  it('rate-limits the queue on Nextcloud 429 and 503', () => {
    expect(classifyFailure(new NextcloudError('unavailable', 'x', { status: 429, retryable: true }))).toBe(
      'rate_limited',
    );
    expect(classifyFailure(new NextcloudError('unavailable', 'x', { status: 503 }))).toBe('rate_limited');
  });

  it('retries passing outages and gives up on everything else', () => {
    expect(classifyFailure(new BrokerCallError('unavailable', 14))).toBe('retry');
    expect(classifyFailure(new NextcloudError('unavailable', 'x', { status: 502 }))).toBe('retry');
    expect(classifyFailure(new NextcloudError('timeout', 'x'))).toBe('retry');
    expect(classifyFailure(new WorkerError('redis_unreachable', 'REDIS_URL: …'))).toBe('retry');
    expect(classifyFailure(new BrokerCallError('failed_precondition', 9, { reason: 'other' }))).toBe(
      'give_up',
    );
    expect(classifyFailure(new BrokerCallError('permission_denied', 7))).toBe('give_up');
    expect(classifyFailure(new TypeError('bug'))).toBe('give_up');
  });

  it('keeps raw messages of unknown errors out of what is stored', () => {
    expect(safeMessage(new TypeError('Bearer eyJsecret at http://x'))).toBe(
      'internal error in the background worker',
    );
    expect(safeMessage(new BrokerCallError('unavailable', 14))).toBe('token broker: unavailable');
  });
});
