import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { BrokerCallError } from '@nc-mcp/broker-client';
import type { Logger } from '@nc-mcp/logger';
import { isNextcloudError, NextcloudError } from '@nc-mcp/nextcloud';
import { failureMessage } from '../../tools/toolErrors.js';

/** Why a URI names no file this caller can read: not a file URI, or a path the files tools refuse. */
export const NOT_A_FILE_URI_MESSAGE =
  'Not found: a file URI is nextcloud://files/<path>, the path relative to your files root with ' +
  'percent-encoded segments and no ".." segments.';

/** Why a folder is not a readable resource. */
export const FOLDER_MESSAGE = 'Not found: this is a folder, not a file; list it with nc_files_list.';

/** A file above the resource cap: refused rather than truncated. */
export class FileTooLargeError extends Error {
  readonly code = 'file_too_large';
  readonly retryable = false;
  constructor(readonly maxBytes: number) {
    super(
      `The file is too large to read as a resource (over ${maxBytes} bytes). ` +
        'For a text file, read it in parts with nc_files_read (offset and length).',
    );
    this.name = 'FileTooLargeError';
  }
}

/**
 * The single place where a failure of a file resource request becomes a JSON-RPC error; only curated
 * text leaves here. A missing file, another user's path (Nextcloud answers 404: each user only sees
 * their own root) or a path Nextcloud refuses is the protocol's resource-not-found for `uri`; a file
 * over the cap is Invalid Params with a hint; Nextcloud and token failures get the tools' wording.
 */
export function toFileResourceError(error: unknown, logger: Logger, uri?: string): ProtocolError {
  if (error instanceof ResourceNotFoundError) return error;
  if (error instanceof FileTooLargeError) {
    return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message, {
      ...(uri === undefined ? {} : { uri }),
      reason: error.code,
    });
  }
  if (
    uri !== undefined &&
    (isNextcloudError(error, 'not_found') || isNextcloudError(error, 'invalid_path'))
  ) {
    return new ResourceNotFoundError(uri, 'Not found: it does not exist or you cannot see it.');
  }
  if (error instanceof NextcloudError || error instanceof BrokerCallError) {
    return new ProtocolError(ProtocolErrorCode.InternalError, failureMessage(error, logger));
  }
  logger.error({ err: error }, 'file resource request failed unexpectedly');
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    'Internal error: the request failed. Try again later.',
  );
}
