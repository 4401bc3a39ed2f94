import { describe, expect, it } from 'vitest';
import { NextcloudError } from './errors.js';
import { toNextcloudError } from './toNextcloudError.js';

describe('toNextcloudError', () => {
  it.each([
    [400, 'GET', 'bad_request', false],
    [401, 'GET', 'unauthorized', false],
    [403, 'PUT', 'forbidden', false],
    [404, 'GET', 'not_found', false],
    [405, 'MKCOL', 'conflict', false],
    [405, 'GET', 'bad_request', false],
    [409, 'MKCOL', 'conflict', false],
    [412, 'PUT', 'conflict', false],
    [423, 'PUT', 'locked', true],
    [429, 'GET', 'unavailable', true],
    [500, 'MOVE', 'unavailable', true],
    [503, 'GET', 'unavailable', true],
    [302, 'GET', 'protocol', false],
  ])('maps HTTP %i on %s to %s (retryable %s)', (status, method, code, retryable) => {
    const error = toNextcloudError({ kind: 'status', status, method });
    expect(error).toBeInstanceOf(NextcloudError);
    expect(error).toMatchObject({ code, retryable, status });
  });

  it('marks a failure of a Notes request about one note as being about a note', () => {
    expect(toNextcloudError({ kind: 'status', status: 423, method: 'PUT', item: 'note' })).toMatchObject({
      code: 'locked',
      item: 'note',
    });
    expect(toNextcloudError({ kind: 'status', status: 423, method: 'PUT' }).item).toBeUndefined();
  });

  it('maps a deadline to a retryable timeout and a network failure to retryable unavailable', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toNextcloudError({ kind: 'failure', cause: timeout })).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    const network = new TypeError('fetch failed');
    const error = toNextcloudError({ kind: 'failure', cause: network });
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(error.cause).toBe(network);
  });

  it('uses short generic messages without server text or URLs', () => {
    const error = toNextcloudError({ kind: 'status', status: 404, method: 'GET' });
    expect(error.message).toBe('The item was not found in Nextcloud');
    expect(error.message).not.toMatch(/http|remote\.php/);
  });
});
