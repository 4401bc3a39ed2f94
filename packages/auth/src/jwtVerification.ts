import {
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type RemoteJWKSet,
} from 'jose';
import { audienceList, checkAudience, readIdentity, type VerifiedClaims } from './claims.js';
import type { IssuerMetadata } from './discoverIssuer.js';
import { TokenRejection } from './rejection.js';

/** What the JWT path needs, already resolved from the verifier options. */
export interface JwtVerificationSettings {
  issuer: string;
  audiences: readonly string[];
  /** This server's resource URLs (canonical first); a token bound to another resource is refused. */
  resources: readonly string[];
  /** Already stripped of `none` and HS*. */
  algorithms: readonly string[];
  clockToleranceSeconds: number;
  jwksRefetchCooldownSeconds: number;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
  /** Issuer metadata; throws a {@link TokenRejection} when the IdP cannot be reached. */
  metadata: () => Promise<IssuerMetadata>;
}

/** Whether `alg` may never verify an access token: unsigned, or symmetric (the key-confusion attack). */
export function isForbiddenAlgorithm(alg: string): boolean {
  return alg.toLowerCase() === 'none' || /^HS/i.test(alg);
}

/** Builds the JWT check: signature against the issuer's JWKS (cached here), then issuer, times, audience. */
export function createJwtVerification(
  settings: JwtVerificationSettings,
): (token: string) => Promise<VerifiedClaims> {
  let keySet: RemoteJWKSet | undefined;
  const keys = async (): Promise<RemoteJWKSet> => {
    if (keySet) return keySet;
    const { jwks_uri } = await settings.metadata();
    keySet ??= createRemoteJWKSet(new URL(jwks_uri), {
      cooldownDuration: settings.jwksRefetchCooldownSeconds * 1000,
      timeoutDuration: settings.timeoutMs,
      ...(settings.fetch ? { [customFetch]: settings.fetch } : {}),
    });
    return keySet;
  };

  return async (token) => {
    // Decided from the header alone, before any key is fetched or any signature is checked.
    const alg = headerAlgorithm(token);
    if (isForbiddenAlgorithm(alg) || !settings.algorithms.includes(alg)) {
      throw new TokenRejection('alg_not_allowed', `alg ${alg} is not allowed`);
    }
    const resolver = await keys();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, resolver, {
        issuer: settings.issuer,
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      throw classifyJoseError(err);
    }
    rejectOtherTokenKinds(payload);
    const audience = audienceList(payload.aud);
    checkAudience(audience, settings.audiences, settings.resources);
    const identity = readIdentity(payload, ['azp', 'client_id'], ['preferred_username']);
    return { ...identity, audience, expiresAt: payload.exp as number, tokenType: 'jwt' };
  };
}

// Keycloak marks its JWTs with a payload `typ` ("Bearer" for access tokens). An ID token's audience is
// the client id, which may be an accepted audience (MCP_CLIENT_ID), so it must be refused by kind.
const NOT_ACCESS_TOKEN_TYPES = new Set(['id', 'refresh', 'offline', 'logout']);

function rejectOtherTokenKinds(payload: Record<string, unknown>): void {
  const typ = typeof payload.typ === 'string' ? payload.typ.toLowerCase() : undefined;
  if ((typ && NOT_ACCESS_TOKEN_TYPES.has(typ)) || 'nonce' in payload || 'at_hash' in payload) {
    throw new TokenRejection('not_access_token', `token of kind ${typ ?? 'ID'} is not an access token`);
  }
}

function headerAlgorithm(token: string): string {
  let header: { alg?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new TokenRejection('malformed', 'JWS header cannot be decoded');
  }
  if (typeof header.alg !== 'string') throw new TokenRejection('malformed', 'JWS header has no alg');
  return header.alg;
}

/** Maps a jose failure to a reason code; detail text comes from jose and never contains the token. */
export function classifyJoseError(err: unknown): TokenRejection {
  if (err instanceof TokenRejection) return err;
  if (err instanceof errors.JWTExpired) return new TokenRejection('expired', err.message);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new TokenRejection('missing_claim', `missing "${err.claim}"`);
    if (err.claim === 'iss') return new TokenRejection('wrong_issuer', 'unexpected iss');
    if (err.claim === 'nbf') return new TokenRejection('not_yet_valid', err.message);
    if (err.claim === 'aud') return new TokenRejection('wrong_audience', 'unexpected aud');
    return new TokenRejection('malformed', err.message);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return new TokenRejection('bad_signature');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejection('unknown_key', 'no single JWKS key matches the header');
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new TokenRejection('alg_not_allowed', err.message);
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported
  ) {
    return new TokenRejection('malformed', err.message);
  }
  // What remains is the JWKS fetch: timeout, non-200, bad JSON or keys, or a network error from fetch.
  const message = err instanceof Error ? err.message : String(err);
  return new TokenRejection('issuer_unreachable', `JWKS: ${message}`, { cause: err });
}
