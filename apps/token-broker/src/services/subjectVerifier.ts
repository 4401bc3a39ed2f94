import { createTokenVerifier, subjectOf } from '@nc-mcp/auth';
import { createClientRegistry } from '@nc-mcp/client-registry';
import type { Logger } from '@nc-mcp/logger';
import { BrokerError } from '../brokerError.js';

/** What the broker needs to know about a subject token it accepted. */
export interface VerifiedSubjectToken {
  /** The user (`sub`). */
  subject: string;
  /** The MCP client that obtained it (`azp` / `client_id`). */
  clientId: string;
  /** `exp`, unix seconds. */
  expiresAt: number;
}

/** Re-checks a subject token's authenticity, issuer, expiry and audience before it goes to the IdP. */
export interface SubjectVerifier {
  verify(subjectToken: string): Promise<VerifiedSubjectToken>;
}

// @nc-mcp/auth reports every failure as the SDK's InvalidTokenError; only this public text tells an IdP
// outage (discovery or JWKS unreachable) from a bad token. It is asserted by that package's own tests.
const OUTAGE_MESSAGE = 'Token could not be verified';

/** Builds the verifier; the MCP server already enforced its client registry, so any client is accepted here. */
export function createSubjectVerifier(options: {
  issuer: string;
  audiences: readonly string[];
  timeoutMs: number;
  fetch?: typeof fetch;
  logger: Logger;
}): SubjectVerifier {
  const verifier = createTokenVerifier({
    issuer: options.issuer,
    audiences: options.audiences,
    clientRegistry: createClientRegistry({ includeDemoClient: false, acceptDynamicClients: true }),
    timeoutMs: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: options.logger,
  });
  return {
    async verify(subjectToken) {
      let auth: Awaited<ReturnType<typeof verifier.verifyAccessToken>>;
      try {
        auth = await verifier.verifyAccessToken(subjectToken);
      } catch (cause) {
        if (cause instanceof Error && cause.message === OUTAGE_MESSAGE) {
          throw new BrokerError('idp_unavailable', 'subject token could not be verified: IdP unreachable', {
            cause,
          });
        }
        throw new BrokerError('subject_token_invalid', 'subject token failed verification', { cause });
      }
      if (auth.expiresAt === undefined) {
        throw new BrokerError('subject_token_invalid', 'subject token has no expiry');
      }
      return { subject: subjectOf(auth).subject, clientId: auth.clientId, expiresAt: auth.expiresAt };
    },
  };
}
