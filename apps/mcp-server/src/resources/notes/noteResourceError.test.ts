import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { BrokerCallError } from '@nc-mcp/broker-client';
import { captureLogs } from '@nc-mcp/logger';
import { NextcloudError } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './notePages.js';
import { toNoteResourceError } from './noteResourceError.js';

const URI = 'nextcloud://notes/7';

describe('toNoteResourceError', () => {
  it('answers a note Nextcloud does not show (missing or another user’s) with resource-not-found for the URI', () => {
    const error = toNoteResourceError(
      new NextcloudError('not_found', 'gone', { status: 404 }),
      captureLogs().logger,
      URI,
    );
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.code).toBe(ProtocolErrorCode.InvalidParams);
    expect(error.data).toEqual({ uri: URI });
    expect(error.message).toMatch(/^Not found/);
  });

  it('words other Nextcloud and token failures as the tools do, without the raw message', () => {
    const logs = captureLogs();
    const down = toNoteResourceError(
      new NextcloudError('unavailable', 'ECONNREFUSED 10.0.0.5:443'),
      logs.logger,
      URI,
    );
    expect(down).toBeInstanceOf(ProtocolError);
    expect(down).not.toBeInstanceOf(ResourceNotFoundError);
    expect(down.code).toBe(ProtocolErrorCode.InternalError);
    expect(down.message).toBe('Nextcloud is unavailable right now. Try again later.');
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:50051');
    const broker = toNoteResourceError(new BrokerCallError('unavailable', 14, { cause }), logs.logger);
    expect(broker.code).toBe(ProtocolErrorCode.InternalError);
    expect(broker.message).toMatch(/^Nextcloud access is unavailable right now/);
    expect(broker.message).not.toContain('ECONNREFUSED');
  });

  it('answers an unknown cursor with Invalid Params', () => {
    const error = toNoteResourceError(new InvalidCursorError(), captureLogs().logger);
    expect(error.code).toBe(ProtocolErrorCode.InvalidParams);
    expect(error.message).toMatch(/^Invalid cursor/);
  });

  it('never passes on an unexpected exception’s text, but logs it once', () => {
    const logs = captureLogs();
    const error = toNoteResourceError(new Error('secret /var/www/config.php line 3'), logs.logger, URI);
    expect(error.code).toBe(ProtocolErrorCode.InternalError);
    expect(error.message).toBe('Internal error: the request failed. Try again later.');
    expect(logs.text()).toContain('note resource request failed unexpectedly');
  });

  it('keeps a not-found raised for a malformed URI as it is', () => {
    const raised = new ResourceNotFoundError('nextcloud://notes/abc', 'Not found: a note URI is …');
    expect(toNoteResourceError(raised, captureLogs().logger, 'nextcloud://notes/abc')).toBe(raised);
  });
});
