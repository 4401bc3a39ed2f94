import { TokenRejection } from './rejection.js';
import { readScopes } from './scopes.js';

/** What either path (JWT or introspection) established about a token, before the client registry. */
export interface VerifiedClaims {
  subject: string;
  username: string | undefined;
  clientId: string;
  /** The token's scopes as issued (not yet narrowed to the client's allowance). */
  scopes: string[];
  audience: string[];
  expiresAt: number;
  tokenType: 'jwt' | 'opaque';
}

/** `aud` as a list; RFC 7519 allows a single string or an array. */
export function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((value): value is string => typeof value === 'string');
  return [];
}

/**
 * Throws `wrong_audience` unless one of the token's audiences is accepted and the token is not bound to
 * another resource: an audience that is an http(s) URL is an RFC 8707 resource, and a token naming
 * resources but not this server's `resource` (exactly; or one of its listed aliases) was issued for another server, even when it also
 * carries a logical audience such as `mcp-server`. Without a configured `resource`, any URL audience refuses.
 */
export function checkAudience(
  audience: readonly string[],
  accepted: readonly string[],
  resources: string | readonly string[] = [],
): void {
  const ours = typeof resources === 'string' ? [resources] : resources;
  const named = audience.filter(isResourceUrl);
  if (named.length > 0 && !named.some((value) => ours.includes(value))) {
    throw new TokenRejection('wrong_audience', 'bound to another resource');
  }
  if (!audience.some((value) => accepted.includes(value))) {
    throw new TokenRejection('wrong_audience', `token audience is not one of the accepted audiences`);
  }
}

function isResourceUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function requireString(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value === '') {
    throw new TokenRejection('missing_claim', `missing or empty "${name}"`);
  }
  return value;
}

/** Reads subject, client, scopes and username from already-authenticated claims (JWT payload or introspection). */
export function readIdentity(
  claims: Record<string, unknown>,
  clientClaims: readonly string[],
  usernameClaims: readonly string[],
): Pick<VerifiedClaims, 'subject' | 'clientId' | 'scopes' | 'username'> {
  const subject = requireString(claims, 'sub');
  const clientClaim = clientClaims.find((name) => typeof claims[name] === 'string' && claims[name] !== '');
  if (!clientClaim) {
    throw new TokenRejection('missing_claim', `missing client (${clientClaims.join(' / ')})`);
  }
  const usernameClaim = usernameClaims.find((name) => typeof claims[name] === 'string');
  return {
    subject,
    clientId: claims[clientClaim] as string,
    scopes: readScopes(claims),
    username: usernameClaim ? (claims[usernameClaim] as string) : undefined,
  };
}
