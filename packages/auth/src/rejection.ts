/** Why a token was refused; logged for operators, never sent to the client. */
export type RejectionReason =
  | 'token_too_large'
  | 'malformed'
  | 'alg_not_allowed'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_issuer'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  /** An ID, refresh or logout token presented as an access token. */
  | 'not_access_token'
  | 'missing_claim'
  | 'unknown_client'
  | 'inactive'
  | 'introspection_unavailable'
  | 'issuer_unreachable'
  /** A bug in the verifier itself; the client still gets a 401, the log says `error`. */
  | 'internal_error';

// Failures on the IdP side: the same token may pass once the IdP answers again.
const RETRYABLE: ReadonlySet<RejectionReason> = new Set(['introspection_unavailable', 'issuer_unreachable']);

/** A token refused by the verifier, with a stable reason `code`; internal only (clients see a generic 401). */
export class TokenRejection extends Error {
  readonly code: RejectionReason;
  readonly retryable: boolean;
  /** Operator-facing detail for the log (never contains the token). */
  readonly detail: string | undefined;
  constructor(code: RejectionReason, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'TokenRejection';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.detail = detail;
  }
}

/** The short, generic text a client sees for a rejection; it never names keys, issuers, claims or URLs. */
export function publicMessage(reason: RejectionReason): string {
  if (reason === 'expired') return 'Token expired';
  if (RETRYABLE.has(reason)) return 'Token could not be verified';
  return 'Invalid token';
}
