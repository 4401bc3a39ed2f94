import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { BrokerFailure, type BrokerFailureCode, IdpExchangeError } from '../brokerFailure.js';
import { toGrpcStatus } from './toGrpcStatus.js';

describe('toGrpcStatus', () => {
  it.each([
    ['subject_token_invalid', status.UNAUTHENTICATED],
    ['subject_token_rejected', status.UNAUTHENTICATED],
    ['exchange_refused', status.PERMISSION_DENIED],
    ['caller_not_allowed', status.PERMISSION_DENIED],
    ['caller_unauthenticated', status.UNAUTHENTICATED],
    ['broker_misconfigured', status.INTERNAL],
    ['idp_protocol_error', status.INTERNAL],
    ['idp_unavailable', status.UNAVAILABLE],
    ['not_implemented', status.UNIMPLEMENTED],
  ] as const)('maps %s to gRPC status %i', (code: BrokerFailureCode, expected) => {
    expect(toGrpcStatus(new BrokerFailure(code, 'detail for the log')).code).toBe(expected);
  });

  it('keeps IdP URLs and descriptions out of the details', () => {
    const failure = toGrpcStatus(
      new IdpExchangeError('exchange_refused', 'refused at https://idp.example/token: audience x', {
        oauthError: 'invalid_target',
        status: 400,
      }),
    );
    expect(failure).toEqual({
      code: status.PERMISSION_DENIED,
      details: 'token exchange refused',
      errorCode: 'exchange_refused',
      retryable: false,
    });
  });

  it('returns the field-naming message of an invalid argument', () => {
    expect(toGrpcStatus(new BrokerFailure('invalid_argument', 'subject_token is required')).details).toBe(
      'subject_token is required',
    );
  });

  it('treats an unknown exception as internal, without its message', () => {
    expect(toGrpcStatus(new Error('ECONNREFUSED 10.0.0.1:5432'))).toEqual({
      code: status.INTERNAL,
      details: 'internal error',
      errorCode: 'internal',
      retryable: false,
    });
  });

  it('marks only IdP unavailability as retryable', () => {
    expect(toGrpcStatus(new BrokerFailure('idp_unavailable', 'x')).retryable).toBe(true);
    expect(toGrpcStatus(new BrokerFailure('exchange_refused', 'x')).retryable).toBe(false);
  });
});
