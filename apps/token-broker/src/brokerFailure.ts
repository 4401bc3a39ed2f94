/** Why the broker refused or failed a call; callers (and toGrpcStatus) switch on this, never on messages. */
export type BrokerFailureCode =
  /** The request itself is malformed; the message names the field and is safe to return. */
  | 'invalid_argument'
  /** No caller identity, an unknown caller, or a wrong caller key. */
  | 'caller_unauthenticated'
  /** A known caller asked for a service it may not use. */
  | 'caller_not_allowed'
  /** The subject token failed the broker's own verification (signature, issuer, expiry, audience). */
  | 'subject_token_invalid'
  /** The IdP refused the subject token (`invalid_request`, `invalid_grant`). */
  | 'subject_token_rejected'
  /** The IdP refused the audience, scope or client for this exchange. */
  | 'exchange_refused'
  /** The IdP does not accept the broker's own client credentials or grant: an operator must act. */
  | 'broker_misconfigured'
  /** The IdP (discovery, JWKS or token endpoint) is down, failing (5xx) or too slow. */
  | 'idp_unavailable'
  /** The IdP answered something that is not a valid RFC 8693 response. */
  | 'idp_protocol_error'
  /** The method is declared in the contract but not built yet. */
  | 'not_implemented'
  /** A bug. */
  | 'internal';

const RETRYABLE: ReadonlySet<BrokerFailureCode> = new Set(['idp_unavailable']);

/** A typed broker failure; the message is for logs unless the code is `invalid_argument`. */
export class BrokerFailure extends Error {
  readonly code: BrokerFailureCode;
  readonly retryable: boolean;
  constructor(code: BrokerFailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrokerFailure';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
  }
}

/** The IdP's token endpoint answered with an error; keeps its OAuth `error` and HTTP status for the log. */
export class IdpExchangeError extends BrokerFailure {
  /** OAuth `error` value (RFC 6749 §5.2 / RFC 8693 §2.2.2), when the IdP sent one. */
  readonly oauthError: string | undefined;
  readonly status: number | undefined;
  constructor(
    code: BrokerFailureCode,
    message: string,
    details: { oauthError?: string; status?: number; cause?: unknown },
  ) {
    super(code, message, { cause: details.cause });
    this.name = 'IdpExchangeError';
    this.oauthError = details.oauthError;
    this.status = details.status;
  }
}
