import { createHash, randomBytes } from 'node:crypto';
import { DEMO_CLIENT_ID } from '../clients.js';
import type { DevIdp } from '../startDevIdp.js';
import { authorizeWithForms } from './authorizeWithForms.js';
import { DevIdpFlowError } from './devIdpFlowError.js';

/** Default redirect URI of {@link obtainTokens}; nothing listens there, the helper only reads the redirect. */
export const DEFAULT_TEST_REDIRECT_URI = 'http://127.0.0.1:53177/callback';

/** What {@link obtainTokens} logs in as and asks for. */
export interface ObtainTokensOptions {
  username: string;
  password: string;
  scopes: readonly string[];
  /** Resource indicator (e.g. `http://127.0.0.1:1234/mcp`), sent to both endpoints. */
  resource?: string;
  /** Default `nc-mcp-demo`; must be a public client. */
  clientId?: string;
  redirectUri?: string;
}

/** The token endpoint's answer. */
export interface DevIdpTokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/**
 * Runs the authorization-code flow with PKCE S256 for a public client through the login and consent forms,
 * then redeems the code. `offline_access` in `scopes` adds `prompt=consent`, which oidc-provider requires
 * before it issues a refresh token.
 */
export async function obtainTokens(
  idp: DevIdp | string,
  opts: ObtainTokensOptions,
): Promise<DevIdpTokenResponse> {
  const issuer = typeof idp === 'string' ? idp.replace(/\/$/, '') : idp.issuer;
  const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const clientId = opts.clientId ?? DEMO_CLIENT_ID;
  const redirectUri = opts.redirectUri ?? DEFAULT_TEST_REDIRECT_URI;
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');

  const authorizationUrl = new URL(metadata.authorization_endpoint);
  const query = authorizationUrl.searchParams;
  query.set('response_type', 'code');
  query.set('client_id', clientId);
  query.set('redirect_uri', redirectUri);
  query.set('scope', opts.scopes.join(' '));
  query.set('state', state);
  query.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  query.set('code_challenge_method', 'S256');
  if (opts.resource !== undefined) query.set('resource', opts.resource);
  if (opts.scopes.includes('offline_access')) query.set('prompt', 'consent');

  const callback = await authorizeWithForms(authorizationUrl, opts);
  const error = callback.searchParams.get('error');
  if (error !== null) {
    const description = callback.searchParams.get('error_description');
    throw new DevIdpFlowError(
      'authorization_error',
      `authorization failed: ${error} ${description ?? ''}`.trim(),
      {
        oauthError: error,
      },
    );
  }
  if (callback.searchParams.get('state') !== state) {
    throw new DevIdpFlowError('state_mismatch', 'the callback state does not match the request');
  }
  const code = callback.searchParams.get('code') ?? '';

  const tokenRequest = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: clientId,
  });
  if (opts.resource !== undefined) tokenRequest.set('resource', opts.resource);
  const response = await fetch(metadata.token_endpoint, { method: 'POST', body: tokenRequest });
  const json = (await response.json()) as DevIdpTokenResponse & {
    error?: string;
    error_description?: string;
  };
  if (!response.ok) {
    throw new DevIdpFlowError(
      'token_request_failed',
      `token request failed: ${json.error ?? response.status} ${json.error_description ?? ''}`.trim(),
      { status: response.status, ...(json.error ? { oauthError: json.error } : {}) },
    );
  }
  return json;
}
