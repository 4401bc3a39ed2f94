import type { ClientRegistry } from '@nc-mcp/client-registry';
import { createSilentLogger, type Logger } from '@nc-mcp/logger';
import type { VerifiedClaims } from './claims.js';
import { discoverIssuer, type IssuerMetadata } from './discoverIssuer.js';
import { createIntrospection } from './introspection.js';
import { createJwtVerification, isForbiddenAlgorithm } from './jwtVerification.js';
import { TokenRejection } from './rejection.js';
import { restrictScopes } from './scopes.js';
import type { VerifiedSubject } from './subject.js';
import { TokenVerificationError } from './tokenVerificationError.js';
import type { TokenVerifier, VerifiedToken } from './verifiedToken.js';

/** Options for {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** OIDC issuer URL, compared exactly with `iss`; its metadata is discovered lazily and cached. */
  issuer: string;
  /** Accepted `aud` values; a token passes if any of its audiences is listed. */
  audiences: readonly string[];
  /**
   * Canonical resource URL of this server (RFC 8707), reported as `AuthInfo.resource`. A token whose
   * audience names http(s) resources but not exactly this one is refused; without it, any URL audience is.
   */
  resource?: string;
  /** The same endpoint under other URLs (loopback aliases: `localhost`, `127.0.0.1`, `[::1]`), also accepted. */
  resourceAliases?: readonly string[];
  clientRegistry: ClientRegistry;
  /** Signature algorithm allow-list; `none` and HS* are always refused, even if listed. */
  algorithms?: readonly string[];
  /** Leeway for `exp`/`nbf`; default 30. */
  clockToleranceSeconds?: number;
  /** Longer tokens are refused before any parsing; default 8192. */
  maxTokenBytes?: number;
  /** An unknown `kid` refetches the JWKS at most once per this many seconds; default 30. */
  jwksRefetchCooldownSeconds?: number;
  /** RFC 7662 introspection for opaque tokens; the endpoint defaults to the discovered one. */
  introspection?: { endpoint?: string; clientId: string; clientSecret: string };
  /** HTTP timeout for discovery, JWKS and introspection; default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

/** Asymmetric JWS algorithms accepted unless the operator narrows the list. */
export const DEFAULT_ALGORITHMS: readonly string[] = Object.freeze([
  ...['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
]);

// Three base64url segments; the signature may be empty so `alg: none` is refused as such, not as opaque.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Builds the progressive verifier: JWTs against the issuer's JWKS, opaque tokens by introspection. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (options.audiences.length === 0) throw new TypeError('createTokenVerifier: audiences must not be empty');
  const algorithms = (options.algorithms ?? DEFAULT_ALGORITHMS).filter((alg) => !isForbiddenAlgorithm(alg));
  if (algorithms.length === 0) {
    throw new TypeError('createTokenVerifier: no usable algorithm (none and HS* are never allowed)');
  }
  const resource = options.resource ? new URL(options.resource) : undefined;
  const logger = (options.logger ?? createSilentLogger()).child({ component: 'token-verifier' });
  const maxTokenBytes = options.maxTokenBytes ?? 8192;
  const timeoutMs = options.timeoutMs ?? 5000;
  const clockToleranceSeconds = options.clockToleranceSeconds ?? 30;
  const { issuer, audiences, clientRegistry } = options;
  // The URLs a token may be bound to (RFC 8707): the canonical resource and its aliases.
  const resources = options.resource ? [options.resource, ...(options.resourceAliases ?? [])] : [];

  const metadata = async (): Promise<IssuerMetadata> => {
    try {
      return await discoverIssuer(issuer, { fetch: options.fetch, timeoutMs });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new TokenRejection('issuer_unreachable', `discovery: ${message}`, { cause });
    }
  };
  const verifyJwt = createJwtVerification({
    issuer,
    audiences,
    resources,
    algorithms,
    clockToleranceSeconds,
    jwksRefetchCooldownSeconds: options.jwksRefetchCooldownSeconds ?? 30,
    timeoutMs,
    fetch: options.fetch,
    metadata,
  });
  const introspection = options.introspection;
  const introspect = introspection
    ? createIntrospection({
        issuer,
        audiences,
        resources,
        clientId: introspection.clientId,
        clientSecret: introspection.clientSecret,
        clockToleranceSeconds,
        timeoutMs,
        fetch: options.fetch,
        endpoint: async () => {
          if (introspection.endpoint) return introspection.endpoint;
          const found = (await metadata()).introspection_endpoint;
          if (!found)
            throw new TokenRejection('introspection_unavailable', 'issuer has no introspection_endpoint');
          return found;
        },
      })
    : undefined;

  const verifyClaims = (token: string): Promise<VerifiedClaims> => {
    if (JWT_SHAPE.test(token)) return verifyJwt(token);
    if (introspect) return introspect(token);
    throw new TokenRejection('malformed', 'not a JWT and introspection is not configured');
  };

  const allowedScopes = (claims: VerifiedClaims): string[] => {
    const client = clientRegistry.get(claims.clientId);
    if (!client) {
      if (clientRegistry.acceptDynamicClients) return claims.scopes;
      throw new TokenRejection('unknown_client', `client "${claims.clientId}" is not registered`);
    }
    const { kept, dropped } = restrictScopes(claims.scopes, client.allowedScopes);
    if (dropped.length > 0) {
      logger.info(
        { clientId: claims.clientId, droppedScopes: dropped },
        'token scopes beyond the client allowance dropped',
      );
    }
    return kept;
  };

  return {
    async verifyAccessToken(token: string): Promise<VerifiedToken> {
      let tokenType: 'jwt' | 'opaque' | undefined;
      try {
        // Before anything else looks at it: a huge header would otherwise be base64-decoded and parsed.
        if (Buffer.byteLength(token, 'utf8') > maxTokenBytes) {
          throw new TokenRejection('token_too_large', `token exceeds ${maxTokenBytes} bytes`);
        }
        if (token === '') throw new TokenRejection('malformed', 'empty token');
        tokenType = JWT_SHAPE.test(token) ? 'jwt' : 'opaque';
        const claims = await verifyClaims(token);
        const scopes = allowedScopes(claims);
        const extra: VerifiedSubject = {
          subject: claims.subject,
          ...(claims.username !== undefined ? { username: claims.username } : {}),
          audience: claims.audience,
          tokenType: claims.tokenType,
        };
        logger.debug({ clientId: claims.clientId, sub: claims.subject, tokenType }, 'token accepted');
        return {
          token,
          clientId: claims.clientId,
          scopes,
          expiresAt: claims.expiresAt,
          resource,
          extra: { ...extra },
        };
      } catch (err) {
        throw reject(err, tokenType, logger);
      }
    },
  };
}

// The one place a failure becomes what the SDK turns into a 401: the reason goes to the log, not the client.
function reject(err: unknown, tokenType: string | undefined, logger: Logger): TokenVerificationError {
  const rejection =
    err instanceof TokenRejection
      ? err
      : new TokenRejection(
          'internal_error',
          err instanceof Error ? `${err.name}: ${err.message}` : 'unknown',
        );
  const record = {
    reason: rejection.code,
    tokenType,
    detail: rejection.detail,
    retryable: rejection.retryable,
  };
  if (rejection.code === 'internal_error') logger.error(record, 'token verification failed');
  else if (rejection.retryable) logger.warn(record, 'token rejected');
  else logger.info(record, 'token rejected');
  return new TokenVerificationError(rejection);
}
