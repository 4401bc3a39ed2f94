import { randomUUID } from 'node:crypto';
import type { ExchangeTokenRequest, ExchangeTokenResponse, SessionTokenServiceService } from '@nc-mcp/proto';
import { BrokerError, IdpExchangeError } from '../brokerError.js';
import { type ExchangeCache, exchangeCacheKey } from '../services/exchangeCache.js';
import type { SubjectVerifier } from '../services/subjectVerifier.js';
import type { TokenExchanger } from '../services/tokenExchanger.js';
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
      const audience = request.audience === '' ? deps.defaultAudience : request.audience;
      // Never a token: the logger redacts token-named fields, and these names carry none.
      const record: Record<string, unknown> = {
        requestId: request.requestId === '' ? randomUUID() : request.requestId,
        audience,
        scopes: request.scopes,
      };
      try {
        const scopes = validate(request);
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
        if (error instanceof BrokerError) record.reason = error.message;
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

// Scope tokens are space-free by RFC 6749 §3.3; an empty list would let the IdP pick, which is never wanted.
function validate(request: ExchangeTokenRequest): string[] {
  if (request.subjectToken === '') throw invalid('subject_token is required');
  if (request.scopes.length === 0) throw invalid('scopes must name at least one scope');
  for (const scope of request.scopes) {
    if (scope === '' || /[\s"\\]/.test(scope))
      throw invalid('scopes must be non-empty and contain no spaces');
  }
  return [...new Set(request.scopes)];
}

function invalid(message: string): BrokerError {
  return new BrokerError('invalid_argument', message);
}
