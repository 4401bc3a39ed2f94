import { createTokenVerifier, subjectOf, TokenVerificationError } from '@nc-mcp/auth';
import { createClientRegistry } from '@nc-mcp/client-registry';
import type { Logger } from '@nc-mcp/logger';
import { BrokerFailure } from '../brokerFailure.js';

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

/**
 * Builds the verifier; the MCP server already enforced its client registry, so any client is accepted here.
 * `resource` is the MCP server's canonical resource (RFC 8707): a subject token whose audience names
 * resource URLs must name this one, so a token issued for another MCP server is never exchanged, even
 * when it also carries `mcp-server`. Without it, every token with a URL audience is refused.
 */
export function createSubjectVerifier(options: {
  issuer: string;
  audiences: readonly string[];
  resource?: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch;
  logger: Logger;
}): SubjectVerifier {
  const verifier = createTokenVerifier({
    issuer: options.issuer,
    audiences: options.audiences,
    ...(options.resource === undefined ? {} : { resource: options.resource }),
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
        // By code, never by message: a retryable rejection is the IdP (discovery, JWKS) being unreachable.
        if (!(cause instanceof TokenVerificationError)) {
          throw new BrokerFailure('internal', 'subject token verification failed unexpectedly', { cause });
        }
        if (cause.retryable) {
          throw new BrokerFailure('idp_unavailable', `subject token could not be verified (${cause.code})`, {
            cause,
          });
        }
        throw new BrokerFailure('subject_token_invalid', `subject token refused (${cause.code})`, { cause });
      }
      if (auth.expiresAt === undefined) {
        throw new BrokerFailure('subject_token_invalid', 'subject token has no expiry');
      }
      return { subject: subjectOf(auth).subject, clientId: auth.clientId, expiresAt: auth.expiresAt };
    },
  };
}
