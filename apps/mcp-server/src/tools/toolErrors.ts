import type { CallToolResult } from '@modelcontextprotocol/server';
import { BrokerCallError } from '@nc-mcp/broker-client';
import type { Logger } from '@nc-mcp/logger';
import { NextcloudError } from '@nc-mcp/nextcloud';

/** A curated failure a tool may raise itself, with a message that is safe to show the model. */
export class ToolInputError extends Error {
  readonly code = 'invalid_input';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/**
 * A curated failure about the state in Nextcloud that a tool worked out itself (a file that already
 * exists, a stale etag with the current one, a missing folder): its message is shown as is.
 */
export class ToolStateError extends Error {
  readonly code: 'conflict' | 'not_found' | 'precondition';
  readonly retryable = false;
  constructor(
    code: 'conflict' | 'not_found' | 'precondition',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ToolStateError';
    this.code = code;
  }
}

/**
 * The single place where a tool failure becomes what the model sees: a short `isError` result.
 * Raw exception messages (URLs, server bodies, stack traces) are logged, never returned.
 */
export function toToolErrorResult(error: unknown, logger: Logger): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: describe(error, logger) }] };
}

/**
 * The same curated text for edges other than a tool result (e.g. a resource read's error). Logs the
 * failure once, as {@link toToolErrorResult} does; the caller must not log it again.
 */
export function failureMessage(error: unknown, logger: Logger): string {
  return describe(error, logger);
}

function describe(error: unknown, logger: Logger): string {
  if (error instanceof ToolInputError) return `Invalid input: ${error.message}`;
  if (error instanceof ToolStateError) {
    logger.info({ errorCode: error.code }, 'tool call refused by the state in Nextcloud');
    return error.message;
  }
  if (error instanceof BrokerCallError) {
    logger.warn({ errorCode: error.code }, 'token exchange failed');
    switch (error.code) {
      case 'unavailable':
        return 'Nextcloud access is unavailable right now (the token service did not answer). Try again later.';
      case 'permission_denied':
        return 'Forbidden: your identity provider did not allow this operation for your account.';
      case 'unauthenticated':
        return 'Your sign-in is no longer valid for Nextcloud access. Sign in again.';
      default:
        return 'Could not obtain access to Nextcloud. Try again later.';
    }
  }
  if (error instanceof NextcloudError) {
    logger.info({ errorCode: error.code, status: error.status }, 'tool call failed at Nextcloud');
    switch (error.code) {
      case 'not_found':
        return 'Not found: it does not exist or you cannot see it.';
      case 'conflict':
        return error.current
          ? `Conflict: the note changed since you read it. Its current etag is "${error.current.etag}"; read it again, then retry with that etag.`
          : 'Conflict: the item changed since you read it. Read it again, then retry.';
      case 'locked':
        return error.item === 'note'
          ? 'Locked: the note is locked by another edit; retry.'
          : 'Locked: the item is locked by another edit in Nextcloud; retry.';
      case 'unauthorized':
        return 'Nextcloud did not accept the credentials; sign in again or ask the administrator to check user_oidc.';
      case 'forbidden':
        return 'Forbidden: Nextcloud refused this operation for your account.';
      case 'invalid_path':
      case 'bad_request':
        return `Invalid input: ${error.message}`;
      case 'unavailable':
      case 'timeout':
        return 'Nextcloud is unavailable right now. Try again later.';
      default:
        return 'Nextcloud answered in an unexpected way. Try again later.';
    }
  }
  logger.error({ err: error }, 'tool call failed unexpectedly');
  return 'Internal error: the tool failed. Try again later.';
}
