import { describe, expect, it } from 'vitest';
import { JOB_DEFINITIONS, JOB_NAMES, jobOptions } from './jobCatalogue.js';
import { JobPayloadError } from './jobPayloadError.js';
import { parseJobPayload } from './parseJobPayload.js';

function failure(name: string, data: unknown): JobPayloadError {
  try {
    parseJobPayload(name, data);
  } catch (error) {
    if (error instanceof JobPayloadError) return error;
    throw error;
  }
  throw new Error('expected a JobPayloadError');
}

describe('parseJobPayload', () => {
  it('accepts every job kind with its payload', () => {
    expect(parseJobPayload('sync.user', { userId: 'alice', reason: 'manual' })).toEqual({
      name: 'sync.user',
      payload: { userId: 'alice', reason: 'manual' },
    });
    expect(parseJobPayload('schedule.reconcile', undefined).payload).toEqual({});
    expect(parseJobPayload('schedule.user', { userId: 'bob' }).payload).toEqual({ userId: 'bob' });
    expect(parseJobPayload('unschedule.user', { userId: 'bob' }).payload).toEqual({ userId: 'bob' });
  });

  it('names the missing or malformed field and is not retryable', () => {
    const missing = failure('sync.user', { reason: 'manual' });
    expect(missing).toMatchObject({ code: 'invalid_job_payload', retryable: false, field: 'userId' });
    expect(missing.message).toBe('sync.user payload: userId is required');
    expect(failure('sync.user', { userId: 'a', reason: 'often' }).field).toBe('reason');
    expect(failure('sync.user', { userId: '', reason: 'manual' }).message).toContain(
      'userId must not be empty',
    );
    expect(failure('schedule.user', { userId: 42 }).message).toContain('userId must be a string');
  });

  it('refuses a token or any other unknown field in a payload, without echoing its value', () => {
    const error = failure('sync.user', { userId: 'a', reason: 'manual', accessToken: 'secret-value' });
    expect(error.message).toBe('sync.user payload: accessToken is not allowed');
    expect(error.field).toBe('accessToken');
    expect(error.message).not.toContain('secret-value');
  });

  it('refuses a job name outside the catalogue', () => {
    expect(failure('sync.everyone', {})).toMatchObject({ field: 'name' });
  });
});

describe('the job catalogue', () => {
  it('gives every kind bounded retries with backoff', () => {
    for (const name of JOB_NAMES) {
      expect(JOB_DEFINITIONS[name].attempts).toBeGreaterThan(1);
      expect(JOB_DEFINITIONS[name].backoff.delay).toBeGreaterThan(0);
    }
  });

  it('deduplicates syncs per user but never schedule changes, whose order matters', () => {
    expect(jobOptions('sync.user', { userId: 'alice', reason: 'schedule' }).deduplication).toEqual({
      id: 'sync.user:alice',
      keepLastIfActive: true,
    });
    expect(jobOptions('schedule.user', { userId: 'alice' }).deduplication).toBeUndefined();
    expect(jobOptions('unschedule.user', { userId: 'alice' }).deduplication).toBeUndefined();
  });
});
