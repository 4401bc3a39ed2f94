import type { ProvisioningServiceService } from '@nc-mcp/proto';
import type { ProvisioningFlow } from '../services/provisioning/provisioningFlow.js';
import type { GuardedHandlers } from './guardService.js';
import { loggedCall } from './loggedCall.js';
import {
  checkedCompletion,
  checkedScopes,
  checkedStarter,
  checkedSubjectToken,
} from './provisioningRequests.js';

/** Handlers of `ncmcp.broker.v1.ProvisioningService` (Flow 2). */
export function provisioningHandlers(
  flow: ProvisioningFlow,
  now: () => number = Date.now,
): GuardedHandlers<typeof ProvisioningServiceService> {
  return {
    start: (request, context) =>
      loggedCall(context, 'provisioning', request.requestId, now, async (record) => {
        const starter = checkedStarter(request);
        const scopes = checkedScopes(request.scopes);
        record.boundTo = 'subjectToken' in starter ? 'user' : 'browser';
        const started = await flow.start(starter, scopes);
        return { authorizationUrl: started.authorizationUrl, expiresAt: started.expiresAt };
      }),

    complete: (request, context) =>
      loggedCall(context, 'provisioning', request.requestId, now, async (record) => {
        const completed = await flow.complete(checkedCompletion(request));
        Object.assign(record, {
          user: completed.owner.subject,
          client: completed.clientId,
          scopes: completed.scopes,
        });
        return { userId: completed.owner.subject, scopes: completed.scopes, clientId: completed.clientId };
      }),

    status: (request, context) =>
      loggedCall(context, 'provisioning', request.requestId, now, async (record) => {
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
      loggedCall(context, 'provisioning', request.requestId, now, async (record) => {
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
