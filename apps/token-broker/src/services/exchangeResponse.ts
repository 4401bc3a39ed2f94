import { type BrokerFailure, type BrokerFailureCode, IdpExchangeError } from '../brokerFailure.js';
import type { TokenEndpointResponse } from './tokenEndpointPost.js';

/** RFC 8693 token type identifier of an OAuth access token. */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** A token the IdP issued, after every check. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds, as the IdP said. */
  expiresIn: number;
  /** What the token carries: the IdP's `scope`, or the requested scopes when it sent none. */
  scopes: string[];
}

// RFC 6749 §5.2 / RFC 8693 §2.2.2 error codes, by what they say about the exchange.
const OAUTH_ERRORS: Readonly<Record<string, BrokerFailureCode>> = {
  invalid_request: 'subject_token_rejected',
  invalid_grant: 'subject_token_rejected',
  invalid_target: 'exchange_refused',
  invalid_scope: 'exchange_refused',
  access_denied: 'exchange_refused',
  unauthorized_client: 'exchange_refused',
  invalid_client: 'broker_misconfigured',
  unsupported_grant_type: 'broker_misconfigured',
  temporarily_unavailable: 'idp_unavailable',
};

/** Reads the token endpoint's answer; throws an {@link IdpExchangeError} for anything but a valid exchange. */
export async function readExchangeResponse(
  response: TokenEndpointResponse,
  requestedScopes: readonly string[],
): Promise<IssuedToken> {
  const status = response.status;
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    if (isAbort(cause))
      throw new IdpExchangeError('idp_unavailable', 'token endpoint timed out', { status, cause });
    body = undefined;
  }
  if (status >= 500) throw new IdpExchangeError('idp_unavailable', 'token endpoint failed', { status });
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  if (!response.ok) {
    const oauthError = typeof record?.error === 'string' ? record.error : undefined;
    const code = oauthError
      ? (OAUTH_ERRORS[oauthError] ?? 'idp_protocol_error')
      : status === 401
        ? 'broker_misconfigured'
        : 'idp_protocol_error';
    throw new IdpExchangeError(code, 'token endpoint refused the exchange', {
      status,
      ...(oauthError ? { oauthError } : {}),
    });
  }
  if (!record) throw protocolError('the body is not a JSON object', status);
  return validateSuccess(record, requestedScopes, status);
}

function validateSuccess(
  body: Record<string, unknown>,
  requestedScopes: readonly string[],
  status: number,
): IssuedToken {
  const { access_token, issued_token_type, token_type, expires_in, scope } = body;
  if (typeof access_token !== 'string' || access_token === '') throw protocolError('no access_token', status);
  if (issued_token_type !== ACCESS_TOKEN_TYPE)
    throw protocolError('issued_token_type is not an access token', status);
  if (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer') {
    throw protocolError('token_type is not Bearer', status);
  }
  if (typeof expires_in !== 'number' || !Number.isFinite(expires_in) || expires_in <= 0) {
    throw protocolError('expires_in is not a positive number', status);
  }
  if (scope !== undefined && typeof scope !== 'string') throw protocolError('scope is not a string', status);
  const scopes = scope === undefined ? [...requestedScopes] : splitScope(scope);
  // Least privilege: a token carrying more than was asked for is never handed out, whatever the IdP thinks.
  if (scopes.some((granted) => !requestedScopes.includes(granted))) {
    throw protocolError('the issued scope exceeds the requested scope', status);
  }
  return { accessToken: access_token, expiresIn: expires_in, scopes };
}

function splitScope(scope: string): string[] {
  return [...new Set(scope.split(' ').filter((item) => item !== ''))];
}

function protocolError(problem: string, status: number): BrokerFailure {
  return new IdpExchangeError('idp_protocol_error', `malformed token exchange response: ${problem}`, {
    status,
  });
}

/** A fetch or body read aborted by its AbortSignal (timeout). */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
