import { publicMessage, type RejectionReason, type TokenRejection } from './rejection.js';

/**
 * What the verifier throws for every refused token: a short public message, plus the stable rejection
 * `code` and whether it is `retryable`, so the HTTP edge answers an IdP outage with 503 instead of 401
 * and the broker maps by code, never by message text.
 */
export class TokenVerificationError extends Error {
  /** The reason code; the detail stays in the verifier's log. */
  readonly code: RejectionReason;
  /** True when the IdP (discovery, JWKS, introspection) could not be reached: the token may be fine. */
  readonly retryable: boolean;
  constructor(rejection: TokenRejection) {
    super(publicMessage(rejection.code));
    this.name = 'TokenVerificationError';
    this.code = rejection.code;
    this.retryable = rejection.retryable;
  }
}
