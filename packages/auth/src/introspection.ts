import { audienceList, checkAudience, readIdentity, type VerifiedClaims } from './claims.js';
import { TokenRejection } from './rejection.js';

/** What the introspection path needs, already resolved from the verifier options. */
export interface IntrospectionSettings {
  issuer: string;
  audiences: readonly string[];
  /** This server's resource URLs (canonical first); a token bound to another resource is refused. */
  resources: readonly string[];
  clientId: string;
  clientSecret: string;
  clockToleranceSeconds: number;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
  /** The endpoint URL; throws a {@link TokenRejection} when it cannot be determined. */
  endpoint: () => Promise<string>;
}

// RFC 6749 §2.3.1: client_secret_basic encodes id and secret as form values before base64.
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** Builds the RFC 7662 check for opaque tokens (client_secret_basic, one request per call). */
export function createIntrospection(
  settings: IntrospectionSettings,
): (token: string) => Promise<VerifiedClaims> {
  const authorization = `Basic ${Buffer.from(
    `${formEncode(settings.clientId)}:${formEncode(settings.clientSecret)}`,
  ).toString('base64')}`;
  const doFetch = settings.fetch ?? fetch;

  return async (token) => {
    const endpoint = await settings.endpoint();
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new TokenRejection('issuer_unreachable', `introspection: ${message}`, { cause });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TokenRejection('introspection_unavailable', `introspection answered HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new TokenRejection('introspection_unavailable', 'introspection response is not JSON');
    }
    if (typeof body !== 'object' || body === null) {
      throw new TokenRejection('introspection_unavailable', 'introspection response is not an object');
    }
    return checkIntrospection(body as Record<string, unknown>, settings);
  };
}

function checkIntrospection(
  body: Record<string, unknown>,
  settings: Pick<IntrospectionSettings, 'issuer' | 'audiences' | 'resources' | 'clockToleranceSeconds'>,
): VerifiedClaims {
  if (body.active !== true) throw new TokenRejection('inactive');
  if (body.iss !== undefined && body.iss !== settings.issuer) {
    throw new TokenRejection('wrong_issuer', 'unexpected iss');
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = body.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw new TokenRejection('missing_claim', 'missing "exp"');
  // The IdP said active, but the SDK refuses an expiresAt in the past anyway: say so precisely here.
  if (exp <= now) throw new TokenRejection('expired');
  if (typeof body.nbf === 'number' && body.nbf > now + settings.clockToleranceSeconds) {
    throw new TokenRejection('not_yet_valid');
  }
  const audience = audienceList(body.aud);
  if (body.aud !== undefined) checkAudience(audience, settings.audiences, settings.resources);
  const identity = readIdentity(body, ['client_id'], ['username', 'preferred_username']);
  return { ...identity, audience, expiresAt: exp, tokenType: 'opaque' };
}
