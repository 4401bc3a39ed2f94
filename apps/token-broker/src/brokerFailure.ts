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
  /** Progressive consent is switched off (ENABLE_PROGRESSIVE_CONSENT=false). */
  | 'provisioning_disabled'
  /** The vault's settings (TOKEN_ENCRYPTION_KEYS, DATABASE_URL, BROKER_DATA_DIR) are missing or wrong. */
  | 'vault_misconfigured'
  /** The vault's database cannot be reached. */
  | 'vault_unavailable'
  /** A stored row fails authentication (tampered, or moved to another user). */
  | 'vault_corrupt'
  /** No pending provisioning for this state: never started, forged, or already used. */
  | 'provisioning_unknown'
  /** The pending provisioning is older than its 10 minutes. */
  | 'provisioning_expired'
  /** The flow was completed by another browser, or the IdP signed in someone else than the bound user. */
  | 'provisioning_mismatch'
  /** The user declined consent at the IdP (or the IdP answered the redirect with another error). */
  | 'consent_denied'
  /** The IdP refused to redeem the authorization code. */
  | 'provisioning_code_rejected'
  /** The user has no stored grant, or the IdP no longer honours it (the grant was then forgotten). */
  | 'not_provisioned'
  /** A bug. */
  | 'internal';

const RETRYABLE: ReadonlySet<BrokerFailureCode> = new Set(['idp_unavailable', 'vault_unavailable']);

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
