import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
// For its `req.auth` declaration on express requests, which the transport reads.
import type {} from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { Logger } from '@nc-mcp/logger';
import type { RequestHandler } from 'express';
import { type ChallengeContext, sendChallenge } from './challenge.js';

/** Options for {@link bearerAuth}. */
export interface BearerAuthOptions {
  verifier: OAuthTokenVerifier;
  challenge: ChallengeContext;
  logger: Logger;
}

/**
 * Verifies the request's bearer token and sets `req.auth`. Unlike the SDK's `requireBearerAuth`,
 * a request without a token gets a challenge without `error` (RFC 6750 §3.1), and a token in the
 * query string is refused rather than ignored.
 */
export function bearerAuth({ verifier, challenge, logger }: BearerAuthOptions): RequestHandler {
  return async (req, res, next) => {
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
      if (typeof auth.expiresAt !== 'number') throw new InvalidTokenError('Token has no expiry');
      req.auth = auth;
      next();
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        sendChallenge(
          res,
          { kind: 'invalid_token', description: 'The access token is invalid or expired' },
          challenge,
        );
        return;
      }
      logger.error({ err: error }, 'token verification failed unexpectedly');
      res.status(500).json({ error: 'server_error', error_description: 'Token verification failed' });
    }
  };
}
