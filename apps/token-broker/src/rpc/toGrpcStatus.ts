import { status } from '@grpc/grpc-js';
import { BrokerFailure, type BrokerFailureCode } from '../brokerFailure.js';

/** What a failed call answers: a gRPC status and a short, generic text safe to send to any caller. */
export interface GrpcFailure {
  code: status;
  details: string;
  /** The broker's own code, for the log line. */
  errorCode: BrokerFailureCode;
  retryable: boolean;
}

const STATUS: Record<BrokerFailureCode, { code: status; details: string }> = {
  invalid_argument: { code: status.INVALID_ARGUMENT, details: 'invalid argument' },
  caller_unauthenticated: { code: status.UNAUTHENTICATED, details: 'caller not authenticated' },
  caller_not_allowed: { code: status.PERMISSION_DENIED, details: 'caller may not use this service' },
  subject_token_invalid: { code: status.UNAUTHENTICATED, details: 'subject token rejected' },
  subject_token_rejected: { code: status.UNAUTHENTICATED, details: 'subject token rejected' },
  exchange_refused: { code: status.PERMISSION_DENIED, details: 'token exchange refused' },
  broker_misconfigured: { code: status.INTERNAL, details: 'token broker misconfigured' },
  idp_unavailable: { code: status.UNAVAILABLE, details: 'identity provider unavailable' },
  idp_protocol_error: { code: status.INTERNAL, details: 'unexpected identity provider response' },
  not_implemented: { code: status.UNIMPLEMENTED, details: 'not implemented yet' },
  provisioning_disabled: { code: status.FAILED_PRECONDITION, details: 'progressive consent is disabled' },
  vault_misconfigured: { code: status.FAILED_PRECONDITION, details: 'background access is not configured' },
  vault_unavailable: { code: status.UNAVAILABLE, details: 'token storage unavailable' },
  vault_corrupt: { code: status.INTERNAL, details: 'stored grant unreadable' },
  provisioning_unknown: {
    code: status.FAILED_PRECONDITION,
    details: 'unknown or already used provisioning request',
  },
  provisioning_expired: { code: status.FAILED_PRECONDITION, details: 'provisioning request expired' },
  provisioning_mismatch: {
    code: status.PERMISSION_DENIED,
    details: 'provisioning request belongs to someone else',
  },
  consent_denied: { code: status.FAILED_PRECONDITION, details: 'consent was not given' },
  provisioning_code_rejected: { code: status.FAILED_PRECONDITION, details: 'authorization code rejected' },
  not_provisioned: { code: status.FAILED_PRECONDITION, details: 'background access not granted' },
  internal: { code: status.INTERNAL, details: 'internal error' },
};

/** Trailing metadata carrying the broker's own failure code, so a caller can tell refusals apart. */
export const REASON_HEADER = 'x-broker-reason';

/**
 * The one place a failure becomes a gRPC status. Details never carry IdP URLs, tokens or the IdP's
 * `error_description`; only `invalid_argument` passes its own message, which names the offending field.
 */
export function toGrpcStatus(error: unknown): GrpcFailure {
  const failure = error instanceof BrokerFailure ? error : new BrokerFailure('internal', 'unexpected error');
  const mapped = STATUS[failure.code];
  return {
    code: mapped.code,
    details: failure.code === 'invalid_argument' ? failure.message : mapped.details,
    errorCode: failure.code,
    retryable: failure.retryable,
  };
}
