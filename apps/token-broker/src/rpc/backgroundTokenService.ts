import type {
  BackgroundTokenServiceService,
  GetBackgroundTokenResponse,
  ListProvisionedUsersResponse,
} from '@nc-mcp/proto';
import { BrokerFailure } from '../brokerFailure.js';
import type { BackgroundTokens } from '../services/background/backgroundTokens.js';
import type { GuardedHandlers } from './guardService.js';
import { loggedCall } from './loggedCall.js';
import { checkedScopes } from './provisioningRequests.js';

const USER_ID = /^[\x21-\x7e]{1,255}$/;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

/** Handlers of `ncmcp.broker.v1.BackgroundTokenService` (caller: background-worker only). */
export function backgroundTokenHandlers(
  tokens: BackgroundTokens,
  now: () => number = Date.now,
): GuardedHandlers<typeof BackgroundTokenServiceService> {
  return {
    getBackgroundToken: (request, context): Promise<GetBackgroundTokenResponse> =>
      loggedCall(context, 'background token', request.requestId, now, async (record) => {
        if (!USER_ID.test(request.userId)) throw invalid('user_id must be 1–255 printable characters');
        const scopes = checkedScopes(request.scopes);
        Object.assign(record, { user: request.userId, scopes });
        const token = await tokens.get(request.userId, scopes);
        return {
          accessToken: token.accessToken,
          tokenType: 'Bearer',
          expiresAt: token.expiresAt,
          scopes: token.scopes,
        };
      }),

    async listProvisionedUsers(request): Promise<ListProvisionedUsersResponse> {
      if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE) {
        throw invalid(`page_size must be 0–${MAX_PAGE_SIZE}`);
      }
      const limit = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
      const after = request.pageToken === '' ? undefined : decodePageToken(request.pageToken);
      const users = await tokens.list({ limit, ...(after === undefined ? {} : { after }) });
      const last = users.at(-1);
      return {
        users: users.map((user) => ({
          userId: user.subject,
          scopes: user.scopes,
          grantedAt: Math.floor(user.grantedAt / 1000),
        })),
        nextPageToken: users.length === limit && last ? encodePageToken(last.subject) : '',
      };
    },
  };
}

function encodePageToken(subject: string): string {
  return Buffer.from(JSON.stringify({ after: subject }), 'utf8').toString('base64url');
}

function decodePageToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string' && USER_ID.test(parsed.after)) return parsed.after;
  } catch {
    // Reported below.
  }
  throw invalid('page_token is not one this broker issued');
}

function invalid(message: string): BrokerFailure {
  return new BrokerFailure('invalid_argument', message);
}
