import { discoverIssuer, type IssuerMetadata } from '@nc-mcp/auth';
import type { Logger } from '@nc-mcp/logger';
import { createRemoteJWKSet, customFetch, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import { BrokerFailure, type BrokerFailureCode, IdpExchangeError } from '../../brokerFailure.js';
import { isAbort } from '../exchangeResponse.js';

/** What the IdP issued for a redeemed authorization code. */
export interface RedeemedGrant {
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  /** The `scope` the IdP granted, split. */
  scopes: string[];
}

/** What a refresh-token grant returned. */
export interface RefreshedGrant {
  accessToken: string;
  /** The rotated refresh token; undefined when the IdP kept the old one. */
  refreshToken: string | undefined;
  expiresIn: number;
  scopes: string[];
}

/** The broker's confidential client at the IdP, for Flow 2: authorization URL, code, ID token, revocation. */
export interface IdpGrantClient {
  authorizationEndpoint(): Promise<string>;
  /** Redeems an authorization code (PKCE); throws a BrokerFailure (`provisioning_code_rejected`, …). */
  redeemCode(input: { code: string; redirectUri: string; codeVerifier: string }): Promise<RedeemedGrant>;
  /** Verifies an ID token (signature, issuer, audience = this client, expiry, nonce); returns its `sub`. */
  idTokenSubject(idToken: string, nonce: string): Promise<string>;
  /**
   * The `sub` of an access token when it is a JWT signed by the IdP; undefined for an opaque token
   * (whose subject the ID token of the same response vouches for).
   */
  accessTokenSubject(accessToken: string): Promise<string | undefined>;
  /**
   * Refresh-token grant, narrowed to `scopes` when given. `refreshToken` in the result is the rotated
   * token when the IdP rotated it. `not_provisioned` when the IdP no longer honours the grant.
   */
  refresh(refreshToken: string, scopes: readonly string[]): Promise<RefreshedGrant>;
  /** RFC 7009 revocation; true when the IdP answered 200. Never throws. */
  revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean>;
}

/** Options of {@link createIdpGrantClient}. */
export interface IdpGrantClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  logger: Logger;
}

/** Builds the client; discovery and the JWKS are fetched on first use and cached. */
export function createIdpGrantClient(options: IdpGrantClientOptions): IdpGrantClient {
  const doFetch = options.fetch ?? fetch;
  const authorization = `Basic ${Buffer.from(
    `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`,
  ).toString('base64')}`;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  const metadata = async (): Promise<IssuerMetadata> => {
    try {
      return await discoverIssuer(options.issuer, {
        timeoutMs: options.timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (cause) {
      throw new BrokerFailure('idp_unavailable', 'IdP discovery failed', { cause });
    }
  };
  const keySet = async () => {
    keys ??= createRemoteJWKSet(new URL((await metadata()).jwks_uri), {
      timeoutDuration: options.timeoutMs,
      [customFetch]: (url: string, init: RequestInit) => doFetch(url, init),
    });
    return keys;
  };
  const post = async (endpoint: string, form: Record<string, string>): Promise<Response> => {
    try {
      return await doFetch(endpoint, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      const problem = isAbort(cause) ? 'IdP timed out' : 'IdP unreachable';
      throw new IdpExchangeError('idp_unavailable', problem, { cause });
    }
  };
  const verify = async (jwt: string, audience?: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(jwt, await keySet(), {
      issuer: options.issuer,
      ...(audience ? { audience } : {}),
      clockTolerance: 30,
    });
    return payload;
  };

  return {
    async authorizationEndpoint() {
      const endpoint = (await metadata()).authorization_endpoint;
      if (!endpoint) {
        throw new BrokerFailure('broker_misconfigured', 'the IdP announces no authorization_endpoint');
      }
      return endpoint;
    },

    async redeemCode(input) {
      const response = await post((await metadata()).token_endpoint, {
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
      });
      return readGrant(response, options.logger);
    },

    async refresh(refreshToken, scopes) {
      const response = await post((await metadata()).token_endpoint, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
      });
      return readRefresh(response, options.logger);
    },

    async idTokenSubject(idToken, nonce) {
      let payload: JWTPayload;
      try {
        payload = await verify(idToken, options.clientId);
      } catch (cause) {
        throw new BrokerFailure('idp_protocol_error', 'the ID token did not verify', { cause });
      }
      if (payload.nonce !== nonce)
        throw new BrokerFailure('idp_protocol_error', 'the ID token nonce differs');
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        throw new BrokerFailure('idp_protocol_error', 'the ID token has no sub');
      }
      return payload.sub;
    },

    async accessTokenSubject(accessToken) {
      try {
        decodeJwt(accessToken);
      } catch {
        return undefined;
      }
      try {
        const payload = await verify(accessToken);
        return typeof payload.sub === 'string' ? payload.sub : '';
      } catch (cause) {
        throw new BrokerFailure('idp_protocol_error', 'the issued access token did not verify', { cause });
      }
    },

    async revoke(token, hint) {
      try {
        const endpoint = (await metadata()).revocation_endpoint;
        if (!endpoint) {
          options.logger.warn('the IdP announces no revocation_endpoint: a grant cannot be revoked there');
          return false;
        }
        const response = await post(endpoint, { token, token_type_hint: hint });
        await response.body?.cancel();
        if (!response.ok) options.logger.warn({ status: response.status }, 'the IdP refused a revocation');
        return response.ok;
      } catch (error) {
        options.logger.warn(
          { errorCode: (error as { code?: unknown }).code },
          'revocation at the IdP failed',
        );
        return false;
      }
    },
  };
}

/**
 * The JSON body of a token-endpoint answer, or the BrokerFailure its error means: 5xx → the IdP is
 * unavailable; `invalid_client` / `unauthorized_client` → the broker's own client is misconfigured
 * (logged for the operator); any other refusal → `refused` (the caller's code for it). Never logs the
 * IdP's error_description.
 */
async function tokenEndpointBody(
  response: Response,
  logger: Logger,
  what: string,
  refused: (oauthError: string | undefined) => BrokerFailureCode,
): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // A non-JSON answer: an error below when the status says so, a protocol error for the caller otherwise.
  }
  if (response.ok) return body;
  const oauthError = typeof body.error === 'string' ? body.error.slice(0, 64) : undefined;
  const details = { status: response.status, ...(oauthError ? { oauthError } : {}) };
  if (response.status >= 500) throw new IdpExchangeError('idp_unavailable', 'IdP failed', details);
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    logger.error(details, `the IdP refused the broker’s client for ${what}: check BROKER_CLIENT_*`);
    throw new IdpExchangeError('broker_misconfigured', 'IdP refused the broker client', details);
  }
  throw new IdpExchangeError(refused(oauthError), `IdP refused ${what}`, details);
}

async function readGrant(response: Response, logger: Logger): Promise<RedeemedGrant> {
  const body = await tokenEndpointBody(
    response,
    logger,
    'the authorization code',
    () => 'provisioning_code_rejected',
  );
  const { id_token: idToken, access_token: accessToken, refresh_token: refreshToken, scope } = body;
  if (typeof idToken !== 'string' || typeof accessToken !== 'string') {
    throw new IdpExchangeError('idp_protocol_error', 'the code response lacks id_token or access_token', {
      status: response.status,
    });
  }
  return {
    idToken,
    accessToken,
    refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined,
    scopes: scopesOf(scope),
  };
}

async function readRefresh(response: Response, logger: Logger): Promise<RefreshedGrant> {
  // invalid_scope: more than the grant holds; anything else (invalid_grant): the grant is gone.
  const body = await tokenEndpointBody(response, logger, 'a refresh', (oauthError) =>
    oauthError === 'invalid_scope' ? 'invalid_argument' : 'not_provisioned',
  );
  const { access_token: accessToken, refresh_token: rotated, expires_in: expiresIn, scope } = body;
  if (typeof accessToken !== 'string' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new IdpExchangeError(
      'idp_protocol_error',
      'the refresh response lacks access_token or expires_in',
      {
        status: response.status,
      },
    );
  }
  return {
    accessToken,
    refreshToken: typeof rotated === 'string' && rotated !== '' ? rotated : undefined,
    expiresIn,
    scopes: scopesOf(scope),
  };
}

function scopesOf(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter((item) => item !== '') : [];
}

// RFC 6749 §2.3.1: client_secret_basic credentials are form-urlencoded before base64.
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
