import { captureLogs } from '@nc-mcp/logger';
import { NextcloudError } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { ToolInputError, toToolErrorResult } from './toolErrors.js';

function text(error: unknown): string {
  const result = toToolErrorResult(error, captureLogs().logger);
  expect(result.isError).toBe(true);
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

describe('toToolErrorResult', () => {
  it('gives curated messages for Nextcloud failures', () => {
    expect(text(new NextcloudError('not_found', 'gone', { status: 404 }))).toMatch(/^Not found/);
    expect(text(new NextcloudError('forbidden', 'no', { status: 403 }))).toMatch(/^Forbidden/);
    expect(text(new NextcloudError('unavailable', 'ECONNREFUSED 10.0.0.5:443'))).toBe(
      'Nextcloud is unavailable right now. Try again later.',
    );
  });

  it('tells credentials Nextcloud did not accept (401) apart from a refused operation (403)', () => {
    expect(text(new NextcloudError('unauthorized', 'no', { status: 401 }))).toBe(
      'Nextcloud did not accept the credentials; sign in again or ask the administrator to check user_oidc.',
    );
    expect(text(new NextcloudError('forbidden', 'no', { status: 403 }))).toBe(
      'Forbidden: Nextcloud refused this operation for your account.',
    );
  });

  it('says a locked note is locked and worth a retry, not that it changed', () => {
    const note = text(new NextcloudError('locked', 'locked', { status: 423, item: 'note' }));
    expect(note).toBe('Locked: the note is locked by another edit; retry.');
    const file = text(new NextcloudError('locked', 'locked', { status: 423 }));
    expect(file).toMatch(/^Locked: the item is locked/);
    expect(file).not.toMatch(/changed/);
  });

  it('names the current etag on a conflict', () => {
    const current = {
      id: 1,
      etag: 'abc123',
      readonly: false,
      modified: 0,
      title: 't',
      category: '',
      favorite: false,
    };
    expect(text(new NextcloudError('conflict', 'precondition failed', { status: 412, current }))).toContain(
      '"abc123"',
    );
  });

  it('passes curated input errors through', () => {
    expect(text(new ToolInputError('give at least one field'))).toBe(
      'Invalid input: give at least one field',
    );
  });

  it('never shows the model a raw exception message, but logs it', () => {
    const logs = captureLogs();
    const result = toToolErrorResult(
      new Error('connect ECONNREFUSED http://internal:6379 token=abc'),
      logs.logger,
    );
    const shown = JSON.stringify(result);
    expect(shown).not.toContain('ECONNREFUSED');
    expect(shown).not.toContain('internal');
    expect(logs.text()).toContain('ECONNREFUSED');
  });
});
