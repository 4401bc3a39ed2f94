/** Stable codes of {@link DevIdpFlowError}. */
export type DevIdpFlowErrorCode =
  | 'login_rejected'
  | 'authorization_refused'
  | 'authorization_error'
  | 'unexpected_response'
  | 'too_many_redirects'
  | 'state_mismatch'
  | 'token_request_failed';

/** A test-helper flow (forms login, token request) did not end where it should. */
export class DevIdpFlowError extends Error {
  readonly code: DevIdpFlowErrorCode;
  readonly retryable = false;
  /** HTTP status of the response that ended the flow, when there was one. */
  readonly status: number | undefined;
  /** OAuth `error` value reported by the IdP, when there was one. */
  readonly oauthError: string | undefined;

  constructor(
    code: DevIdpFlowErrorCode,
    message: string,
    details: { status?: number; oauthError?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'DevIdpFlowError';
    this.code = code;
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}
