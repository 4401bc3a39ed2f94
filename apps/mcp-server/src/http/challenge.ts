import type { Response } from 'express';

/** Why a request to a protected endpoint was refused, in OAuth terms (RFC 6750 §3). */
export type Challenge =
  | { kind: 'no_token' }
  | { kind: 'invalid_request'; description: string }
  | { kind: 'invalid_token'; description: string }
  | { kind: 'insufficient_scope'; scope: readonly string[]; description: string }
  /** The IdP could not be asked (discovery, JWKS, introspection): the token may be fine, so no challenge. */
  | { kind: 'temporarily_unavailable'; description: string; retryAfterSeconds: number };

/** What every challenge carries: where the PRM is and which scopes to ask for. */
export interface ChallengeContext {
  resourceMetadataUrl: string;
  /** Scopes a client should request when it (re)authorizes: the baseline from the PRM. */
  defaultScopes: readonly string[];
}

const STATUS: Record<Challenge['kind'], number> = {
  no_token: 401,
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  temporarily_unavailable: 503,
};

/**
 * The single place where OAuth refusals become HTTP: status, `WWW-Authenticate` and a JSON body.
 * `error` is only present when a token (or a malformed request) was presented (RFC 6750 §3.1).
 * An IdP outage is a 503 with `Retry-After` and no `WWW-Authenticate`: a 401 would send the client
 * into a new login that cannot help.
 */
export function sendChallenge(res: Response, challenge: Challenge, context: ChallengeContext): void {
  if (challenge.kind === 'temporarily_unavailable') {
    res.set('Retry-After', String(challenge.retryAfterSeconds));
    res
      .status(STATUS[challenge.kind])
      .json({ error: challenge.kind, error_description: challenge.description });
    return;
  }
  const scope = challenge.kind === 'insufficient_scope' ? challenge.scope : context.defaultScopes;
  // A client that addressed a loopback alias of the server is pointed at the PRM under that alias.
  const addressed = res.locals.resource as string | undefined;
  const metadataUrl = addressed
    ? new URL(new URL(context.resourceMetadataUrl).pathname, addressed).href
    : context.resourceMetadataUrl;
  const params = [`resource_metadata="${metadataUrl}"`];
  if (scope.length > 0) params.push(`scope="${scope.join(' ')}"`);
  if (challenge.kind !== 'no_token') {
    params.unshift(`error="${challenge.kind}"`);
    params.push(`error_description="${quoteSafe(challenge.description)}"`);
  }
  res.set('WWW-Authenticate', `Bearer ${params.join(', ')}`);
  res.status(STATUS[challenge.kind]);
  if (challenge.kind === 'no_token') {
    res.json({ error: 'unauthorized', error_description: 'Authentication required' });
  } else {
    res.json({ error: challenge.kind, error_description: challenge.description });
  }
}

function quoteSafe(text: string): string {
  return text.replace(/["\\\r\n]/g, ' ');
}
