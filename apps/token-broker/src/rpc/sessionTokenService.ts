import type { ExchangeTokenRequest, ExchangeTokenResponse, SessionTokenServiceService } from '@nc-mcp/proto';
import { type ExchangeCache, exchangeCacheKey } from '../services/exchangeCache.js';
import type { SubjectVerifier } from '../services/subjectVerifier.js';
import type { TokenExchanger } from '../services/tokenExchanger.js';
import { checkedExchangeRequest } from './exchangeTokenRequest.js';
import type { GuardedHandlers, RpcContext } from './guardService.js';
import { loggedCall } from './loggedCall.js';

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
    exchangeToken: (request: ExchangeTokenRequest, context: RpcContext): Promise<ExchangeTokenResponse> =>
      loggedCall(context, 'token exchange', request.requestId, now, async (record) => {
        const { audience, scopes } = checkedExchangeRequest(request, deps.defaultAudience);
        Object.assign(record, { audience, scopes });
        const subject = await deps.verifier.verify(request.subjectToken);
        Object.assign(record, { user: subject.subject, client: subject.clientId });

        const cache = deps.cache;
        const key = cache ? exchangeCacheKey(request.subjectToken, audience, scopes) : undefined;
        const cached = key === undefined ? undefined : cache?.get(key);
        record.cache = cache ? (cached ? 'hit' : 'miss') : 'off';
        if (cached) return { ...cached, tokenType: 'Bearer', scopes: [...cached.scopes] };

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
        if (key !== undefined) {
          cache?.set(
            key,
            { accessToken: issued.accessToken, expiresAt, scopes: [...issued.scopes] },
            subject.expiresAt,
          );
        }
        return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresAt, scopes: issued.scopes };
      }),
  };
}
