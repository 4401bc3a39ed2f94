import { randomUUID } from 'node:crypto';
import type { ExchangeTokenRequest, ExchangeTokenResponse, SessionTokenServiceService } from '@nc-mcp/proto';
import { BrokerFailure, IdpExchangeError } from '../brokerFailure.js';
import { type ExchangeCache, exchangeCacheKey } from '../services/exchangeCache.js';
import type { SubjectVerifier } from '../services/subjectVerifier.js';
import type { TokenExchanger } from '../services/tokenExchanger.js';
import { checkedExchangeRequest, checkedRequestId } from './exchangeTokenRequest.js';
import type { GuardedHandlers, RpcContext } from './guardService.js';
import { toGrpcStatus } from './toGrpcStatus.js';

/** What ExchangeToken needs. */
export interface SessionTokenDeps {
  verifier: SubjectVerifier;
  exchanger: TokenExchanger;
  /** Absent when TOKEN_EXCHANGE_CACHE_TTL_SECONDS is 0. */
  cache: ExchangeCache | undefined;
  /** Used when a request leaves `audience` empty. */
  defaultAudience: string;
  /** Unix milliseconds; injectable for tests. */
  now?: () => number;
}

/** Handlers of `ncmcp.broker.v1.SessionTokenService`. */
export function sessionTokenHandlers(
  deps: SessionTokenDeps,
): GuardedHandlers<typeof SessionTokenServiceService> {
  const now = deps.now ?? Date.now;
  return {
    async exchangeToken(request: ExchangeTokenRequest, context: RpcContext): Promise<ExchangeTokenResponse> {
      const started = now();
      // Filled only once the request has been validated: nothing a caller controls reaches the log
      // unchecked (a refused request logs its error code and which field was wrong, never the value).
      // Never a token: the logger redacts token-named fields, and these names carry none.
      const record: Record<string, unknown> = {};
      try {
        record.requestId = checkedRequestId(request.requestId) ?? randomUUID();
        const { audience, scopes } = checkedExchangeRequest(request, deps.defaultAudience);
        Object.assign(record, { audience, scopes });
        const subject = await deps.verifier.verify(request.subjectToken);
        Object.assign(record, { user: subject.subject, client: subject.clientId });

        const cache = deps.cache;
        const key = cache ? exchangeCacheKey(request.subjectToken, audience, scopes) : undefined;
        const cached = key === undefined ? undefined : cache?.get(key);
        record.cache = cache ? (cached ? 'hit' : 'miss') : 'off';
        if (cached) {
          record.outcome = 'ok';
          return { ...cached, tokenType: 'Bearer', scopes: [...cached.scopes] };
        }

        const issued = await deps.exchanger.exchange({
          subjectToken: request.subjectToken,
          audience,
          scopes,
        });
        // The issued token can never be presented as living longer than the token it was derived from.
        const expiresAt = Math.min(
          Math.floor(now() / 1000) + Math.floor(issued.expiresIn),
          subject.expiresAt,
        );
        const answer = {
          accessToken: issued.accessToken,
          tokenType: 'Bearer',
          expiresAt,
          scopes: issued.scopes,
        };
        if (key !== undefined) {
          cache?.set(
            key,
            { accessToken: issued.accessToken, expiresAt, scopes: [...issued.scopes] },
            subject.expiresAt,
          );
        }
        record.outcome = 'ok';
        return answer;
      } catch (error) {
        const failure = toGrpcStatus(error);
        Object.assign(record, {
          outcome: 'error',
          errorCode: failure.errorCode,
          retryable: failure.retryable,
        });
        // Our own messages and the IdP's OAuth error code carry no token; its error_description is not logged.
        if (error instanceof BrokerFailure) record.reason = error.message;
        if (error instanceof IdpExchangeError)
          Object.assign(record, { idpError: error.oauthError, idpStatus: error.status });
        throw error;
      } finally {
        record.latencyMs = now() - started;
        context.logger.info(record, 'token exchange');
      }
    },
  };
}
