import type { IncomingMessage } from 'node:http';
import { TokenRejection, TokenVerificationError, type TokenVerifier } from '@nc-mcp/auth';
import type { Logger } from '@nc-mcp/logger';
import type { RequestHandler } from 'express';
import { type Challenge, type ChallengeContext, sendChallenge } from './challenge.js';
import type {} from './requestAuth.js';

/** Options for {@link bearerAuth}. */
export interface BearerAuthOptions {
  verifier: TokenVerifier;
  challenge: ChallengeContext;
  logger: Logger;
}

/** How long a client should wait before retrying when the IdP could not be reached. */
export const IDP_RETRY_AFTER_SECONDS = 5;

/**
 * Verifies the request's bearer token and sets `req.auth`. Unlike the SDK's `requireBearerAuth`,
 * a request without a token gets a challenge without `error` (RFC 6750 §3.1), a token in the
 * query string or a second `Authorization` header is refused rather than ignored, and an IdP outage
 * is a 503, not a bad token.
 */
export function bearerAuth({ verifier, challenge, logger }: BearerAuthOptions): RequestHandler {
  return async (req, res, next) => {
    // Node keeps only the first `authorization` in req.headers; a proxy that keeps the last would see another user.
    if (authorizationHeaderCount(req) > 1) {
      sendChallenge(
        res,
        { kind: 'invalid_request', description: 'More than one Authorization header' },
        challenge,
      );
      return;
    }
    if (typeof req.query === 'object' && req.query !== null && 'access_token' in req.query) {
      sendChallenge(
        res,
        { kind: 'invalid_request', description: 'Tokens are not accepted in the query string' },
        challenge,
      );
      return;
    }
    const header = req.headers.authorization;
    const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      if (header && /^Bearer\b/i.test(header)) {
        sendChallenge(
          res,
          { kind: 'invalid_request', description: 'Malformed Authorization header' },
          challenge,
        );
      } else {
        sendChallenge(res, { kind: 'no_token' }, challenge);
      }
      return;
    }
    try {
      const auth = await verifier.verifyAccessToken(match[1]);
      // Expiry itself (with clock tolerance) is the verifier's job; a token without one is never accepted.
      if (typeof auth.expiresAt !== 'number') {
        throw new TokenVerificationError(new TokenRejection('missing_claim', 'no expiry'));
      }
      req.auth = auth;
      next();
    } catch (error) {
      if (error instanceof TokenVerificationError) {
        sendChallenge(res, refusal(error), challenge);
        return;
      }
      logger.error({ err: error }, 'token verification failed unexpectedly');
      res.status(500).json({ error: 'server_error', error_description: 'Token verification failed' });
    }
  };
}

function authorizationHeaderCount(req: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'authorization') count += 1;
  }
  return count;
}

// By the verifier's stable code, never its message.
function refusal(error: TokenVerificationError): Challenge {
  if (error.retryable) {
    return {
      kind: 'temporarily_unavailable',
      description: 'The authorization server could not be reached to verify the token; retry later',
      retryAfterSeconds: IDP_RETRY_AFTER_SECONDS,
    };
  }
  if (error.code === 'unknown_client') {
    return {
      kind: 'invalid_token',
      description: 'This MCP client is not registered with this server; ask the administrator to register it',
    };
  }
  return { kind: 'invalid_token', description: 'The access token is invalid or expired' };
}
