import { type ServiceError, status } from '@grpc/grpc-js';

/** Why a broker call failed, as callers switch on it. */
export type BrokerCallErrorCode =
  | 'unauthenticated'
  | 'permission_denied'
  | 'unavailable'
  | 'invalid_argument'
  | 'internal'
  | 'unimplemented'
  /** The call was understood but the state does not allow it (e.g. a used provisioning request). */
  | 'failed_precondition';

const MESSAGES: Record<BrokerCallErrorCode, string> = {
  unauthenticated: 'token broker: not authenticated',
  permission_denied: 'token broker: permission denied',
  unavailable: 'token broker: unavailable',
  invalid_argument: 'token broker: invalid request',
  internal: 'token broker: internal error',
  unimplemented: 'token broker: not implemented',
  failed_precondition: 'token broker: precondition failed',
};

/** Trailing metadata in which the broker names its own failure code. */
const REASON_HEADER = 'x-broker-reason';

/** A failed broker call. The message is short and generic; the gRPC error (with its details) is the `cause`. */
export class BrokerCallError extends Error {
  readonly code: BrokerCallErrorCode;
  /** Only `unavailable` failures (broker or IdP down, deadline exceeded) may succeed when repeated. */
  readonly retryable: boolean;
  /** The gRPC status code that was received (`status.UNAVAILABLE` for local failures). */
  readonly grpcCode: number;
  /** The broker's own failure code (e.g. `provisioning_expired`), when it sent one. */
  readonly reason: string | undefined;
  constructor(
    code: BrokerCallErrorCode,
    grpcCode: number,
    options?: { cause?: unknown; reason?: string | undefined },
  ) {
    super(MESSAGES[code], options);
    this.reason = options?.reason;
    this.name = 'BrokerCallError';
    this.code = code;
    this.retryable = code === 'unavailable';
    this.grpcCode = grpcCode;
  }
}

/** The one place a gRPC failure becomes a {@link BrokerCallError}. */
export function toBrokerCallError(error: unknown): BrokerCallError {
  if (error instanceof BrokerCallError) return error;
  const grpcCode = isServiceError(error) ? error.code : status.UNKNOWN;
  const [reason] = isServiceError(error) ? (error.metadata?.get(REASON_HEADER) ?? []) : [];
  return new BrokerCallError(codeFor(grpcCode), grpcCode, {
    cause: error,
    reason: typeof reason === 'string' && /^[a-z_]{1,64}$/.test(reason) ? reason : undefined,
  });
}

function codeFor(grpcCode: number): BrokerCallErrorCode {
  switch (grpcCode) {
    case status.UNAUTHENTICATED:
      return 'unauthenticated';
    case status.PERMISSION_DENIED:
      return 'permission_denied';
    case status.INVALID_ARGUMENT:
      return 'invalid_argument';
    case status.UNIMPLEMENTED:
      return 'unimplemented';
    case status.FAILED_PRECONDITION:
      return 'failed_precondition';
    // Nothing reached the broker, it (or its IdP) is down, or it did not answer in time.
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
    case status.CANCELLED:
    case status.RESOURCE_EXHAUSTED:
      return 'unavailable';
    default:
      return 'internal';
  }
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}
