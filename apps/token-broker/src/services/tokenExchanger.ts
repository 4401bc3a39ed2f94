import { discoverIssuer } from '@nc-mcp/auth';
import type { Logger } from '@nc-mcp/logger';
import { BrokerFailure, IdpExchangeError } from '../brokerFailure.js';
import { ACCESS_TOKEN_TYPE, type IssuedToken, isAbort, readExchangeResponse } from './exchangeResponse.js';
import { fetchPost, keepAlivePost, type TokenEndpointResponse } from './tokenEndpointPost.js';

/** RFC 8693 grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** One exchange: the subject token, the logical target audience and the exact scopes wanted. */
export interface ExchangeRequest {
  subjectToken: string;
  audience: string;
  scopes: readonly string[];
}

/** Performs RFC 8693 token exchanges at the IdP's token endpoint as the broker's confidential client. */
export interface TokenExchanger {
  exchange(request: ExchangeRequest): Promise<IssuedToken>;
}

/** Options for {@link createTokenExchanger}. */
export interface TokenExchangerOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Per HTTP request: discovery, and the token request including its body. */
  timeoutMs: number;
  /** Replaces every IdP call (tests); without it the token endpoint is called over kept-alive node:http. */
  fetch?: typeof fetch;
  logger: Logger;
}

/**
 * Builds the exchanger. There is no retry: a 4xx must never be repeated, and a second attempt after a
 * 5xx or timeout would only double the wait of a tool call whose caller can retry itself.
 */
export function createTokenExchanger(options: TokenExchangerOptions): TokenExchanger {
  const post = options.fetch ? fetchPost(options.fetch) : keepAlivePost();
  const authorization = `Basic ${Buffer.from(
    `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`,
  ).toString('base64')}`;
  const logger = options.logger;

  const tokenEndpoint = async (): Promise<string> => {
    try {
      const metadata = await discoverIssuer(options.issuer, {
        timeoutMs: options.timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return metadata.token_endpoint;
    } catch (cause) {
      // A non-retryable failure (e.g. the document names another issuer) is a configuration error.
      const retryable = (cause as { retryable?: unknown }).retryable !== false;
      logger[retryable ? 'warn' : 'error']({ err: cause }, 'IdP discovery failed');
      throw new BrokerFailure('idp_unavailable', 'IdP discovery failed', { cause });
    }
  };

  return {
    async exchange(request) {
      const endpoint = await tokenEndpoint();
      const form = new URLSearchParams({
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: request.subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        requested_token_type: ACCESS_TOKEN_TYPE,
        audience: request.audience,
        scope: request.scopes.join(' '),
      });
      let response: TokenEndpointResponse;
      try {
        response = await post(endpoint, {
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
          timeoutMs: options.timeoutMs,
        });
      } catch (cause) {
        const problem = isAbort(cause) ? 'token endpoint timed out' : 'token endpoint unreachable';
        throw new IdpExchangeError('idp_unavailable', problem, { cause });
      }
      try {
        return await readExchangeResponse(response, request.scopes);
      } catch (error) {
        if (error instanceof IdpExchangeError) logFailure(logger, error);
        throw error;
      }
    },
  };
}

// The operator must act on these; the caller only ever sees a generic INTERNAL.
function logFailure(logger: Logger, error: IdpExchangeError): void {
  const record = {
    errorCode: error.code,
    status: error.status,
    oauthError: error.oauthError,
    reason: error.message,
  };
  if (error.code === 'broker_misconfigured') {
    logger.error(
      record,
      'the IdP rejected the broker’s client credentials or grant: check BROKER_CLIENT_ID/SECRET',
    );
  } else if (error.code === 'idp_protocol_error') {
    logger.error(record, 'the IdP answered the token exchange with a protocol error');
  }
}

// RFC 6749 §2.3.1: client_secret_basic credentials are form-urlencoded before base64.
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
