import { randomUUID } from 'node:crypto';
import type { ProvisioningServiceService } from '@nc-mcp/proto';
import { BrokerFailure, IdpExchangeError } from '../brokerFailure.js';
import type { ProvisioningFlow } from '../services/provisioning/provisioningFlow.js';
import { checkedRequestId } from './exchangeTokenRequest.js';
import type { GuardedHandlers, RpcContext } from './guardService.js';
import {
  checkedCompletion,
  checkedScopes,
  checkedStarter,
  checkedSubjectToken,
} from './provisioningRequests.js';
import { toGrpcStatus } from './toGrpcStatus.js';

/** Handlers of `ncmcp.broker.v1.ProvisioningService` (Flow 2). */
export function provisioningHandlers(
  flow: ProvisioningFlow,
  now: () => number = Date.now,
): GuardedHandlers<typeof ProvisioningServiceService> {
  // One log line per call: what was asked, for whom, and how it ended — never a token, code or state.
  const logged = async <T>(
    context: RpcContext,
    requestId: string,
    run: (record: Record<string, unknown>) => Promise<T>,
  ): Promise<T> => {
    const started = now();
    const record: Record<string, unknown> = {};
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
      context.logger.info(record, 'provisioning');
    }
  };

  return {
    start: (request, context) =>
      logged(context, request.requestId, async (record) => {
        const starter = checkedStarter(request);
        const scopes = checkedScopes(request.scopes);
        record.boundTo = 'subjectToken' in starter ? 'user' : 'browser';
        const started = await flow.start(starter, scopes);
        return { authorizationUrl: started.authorizationUrl, expiresAt: started.expiresAt };
      }),

    complete: (request, context) =>
      logged(context, request.requestId, async (record) => {
        const completed = await flow.complete(checkedCompletion(request));
        Object.assign(record, {
          user: completed.owner.subject,
          client: completed.clientId,
          scopes: completed.scopes,
        });
        return { userId: completed.owner.subject, scopes: completed.scopes, clientId: completed.clientId };
      }),

    status: (request, context) =>
      logged(context, request.requestId, async (record) => {
        const grant = await flow.status(checkedSubjectToken(request.subjectToken));
        record.provisioned = grant !== undefined;
        if (!grant) return { provisioned: false, scopes: [], grantedAt: 0, clientId: '', lastUsedAt: 0 };
        record.user = grant.subject;
        return {
          provisioned: true,
          scopes: [...grant.scopes],
          grantedAt: Math.floor(grant.grantedAt / 1000),
          clientId: grant.clientId,
          lastUsedAt: grant.lastUsedAt === undefined ? 0 : Math.floor(grant.lastUsedAt / 1000),
        };
      }),

    revoke: (request, context) =>
      logged(context, request.requestId, async (record) => {
        const outcome = await flow.revoke(checkedSubjectToken(request.subjectToken));
        Object.assign(record, {
          user: outcome.owner.subject,
          revoked: outcome.revoked,
          idpConfirmed: outcome.idpConfirmed,
        });
        return { revoked: outcome.revoked, idpConfirmed: outcome.idpConfirmed };
      }),
  };
}
