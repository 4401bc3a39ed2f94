import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { BrokerCallError } from '@nc-mcp/broker-client';
import type { Logger } from '@nc-mcp/logger';
import { isNextcloudError, NextcloudError } from '@nc-mcp/nextcloud';
import { failureMessage } from '../../tools/toolErrors.js';
import { InvalidCursorError } from './notePages.js';

/** Why a URI names no note this caller can read: not a note URI at all. */
export const NOT_A_NOTE_URI_MESSAGE =
  'Not found: a note URI is nextcloud://notes/<id>, with a positive integer id.';

/**
 * The single place where a failure of a note resource request becomes a JSON-RPC error. The SDK sends a
 * thrown error's `message` as it is, so only curated text leaves here: a missing note (or another
 * user's — Nextcloud answers 404 for both) is the protocol's resource-not-found error for `uri`,
 * Nextcloud and token failures get the tools' curated wording, anything else a generic message.
 */
export function toNoteResourceError(error: unknown, logger: Logger, uri?: string): ProtocolError {
  // Already curated: a not-found raised for a malformed URI.
  if (error instanceof ResourceNotFoundError) return error;
  if (error instanceof InvalidCursorError)
    return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
  if (uri !== undefined && isNextcloudError(error, 'not_found')) {
    return new ResourceNotFoundError(uri, failureMessage(error, logger));
  }
  if (error instanceof NextcloudError || error instanceof BrokerCallError) {
    return new ProtocolError(ProtocolErrorCode.InternalError, failureMessage(error, logger));
  }
  logger.error({ err: error }, 'note resource request failed unexpectedly');
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    'Internal error: the request failed. Try again later.',
  );
}
