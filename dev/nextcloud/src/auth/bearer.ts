import { createHash } from 'node:crypto';
import type { Logger } from '@nc-mcp/logger';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/** The account a valid bearer token maps to, with the claims user_oidc copies onto it. */
export interface BearerIdentity {
  readonly uid: string;
  readonly displayName?: string;
  readonly email?: string;
}

/** Settings for {@link createBearerVerifier}; mirrors a user_oidc provider registered with bearer checking. */
export interface BearerVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly userIdMode: 'username' | 'hashed';
  readonly providerId: number;
  readonly logger: Logger;
}

/** Resolves a bearer token to an identity, or null for any invalid token (Nextcloud treats it as no auth). */
export type BearerVerifier = (token: string) => Promise<BearerIdentity | null>;

// user_oidc accepts the IdP's asymmetric signatures only; `none` and HS* are never allowed.
const ALGORITHMS = ['RS256', 'ES256'];
const CLOCK_TOLERANCE_SECONDS = 30;

/** user_oidc's default uid: hex sha256 of `<providerId>_0_<sub>`. */
export function hashedUserId(providerId: number, sub: string): string {
  return createHash('sha256').update(`${providerId}_0_${sub}`).digest('hex');
}

/**
 * Validates bearer tokens like user_oidc: signature from the issuer's JWKS (found through discovery
 * and cached; refetched on an unknown `kid` at most every 10 s), exact `iss`, required unexpired
 * `exp`, `aud` containing the audience. Scopes, `azp` and `typ` are ignored, as Nextcloud does.
 */
export function createBearerVerifier(options: BearerVerifierOptions): BearerVerifier {
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const discoveryUrl = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

  const loadKeySet = async (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      cooldownDuration: 10_000,
      timeoutDuration: 5000,
    });
  };

  const toIdentity = (payload: JWTPayload): BearerIdentity | null => {
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const username = typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined;
    const uid =
      options.userIdMode === 'hashed' ? sub && hashedUserId(options.providerId, sub) : (username ?? sub);
    if (!uid) return null;
    return {
      uid,
      ...(typeof payload.name === 'string' && payload.name ? { displayName: payload.name } : {}),
      ...(typeof payload.email === 'string' && payload.email ? { email: payload.email } : {}),
    };
  };

  return async (token) => {
    try {
      keySet ??= loadKeySet();
      const jwks = await keySet.catch((error: unknown) => {
        keySet = undefined; // try discovery again on the next request
        throw error;
      });
      const { payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return toIdentity(payload);
    } catch (error) {
      options.logger.debug(
        { reason: error instanceof Error ? error.message : String(error) },
        'bearer token rejected',
      );
      return null;
    }
  };
}
