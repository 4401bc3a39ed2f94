import { randomUUID } from 'node:crypto';
import { BrokerFailure, IdpExchangeError } from '../brokerFailure.js';
import { checkedRequestId } from './exchangeTokenRequest.js';
import type { RpcContext } from './guardService.js';
import { toGrpcStatus } from './toGrpcStatus.js';

/** Fields a handler adds to its call's log line as it learns them (checked values only, never a token). */
export type CallRecord = Record<string, unknown>;

/**
 * Runs one RPC and writes its one log line: the request id (the caller's, when well-formed), what the
 * handler recorded, the outcome with the failure's code, and the latency. Nothing a caller controls is
 * logged before the handler validated it; our own messages and the IdP's OAuth error code carry no
 * token, and the IdP's error_description is never logged.
 */
export async function loggedCall<T>(
  context: RpcContext,
  message: string,
  requestId: string,
  now: () => number,
  run: (record: CallRecord) => Promise<T>,
): Promise<T> {
  const started = now();
  const record: CallRecord = {};
  try {
    record.requestId = checkedRequestId(requestId) ?? randomUUID();
    const result = await run(record);
    record.outcome = 'ok';
    return result;
  } catch (error) {
    const failure = toGrpcStatus(error);
    Object.assign(record, { outcome: 'error', errorCode: failure.errorCode, retryable: failure.retryable });
    if (error instanceof BrokerFailure) record.reason = error.message;
    if (error instanceof IdpExchangeError)
      Object.assign(record, { idpError: error.oauthError, idpStatus: error.status });
    throw error;
  } finally {
    record.latencyMs = now() - started;
    context.logger.info(record, message);
  }
}
