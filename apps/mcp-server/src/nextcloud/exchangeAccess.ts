import type { AuthInfo } from '@modelcontextprotocol/server';
import { subjectOf } from '@nc-mcp/auth';
import type { SessionTokenClient } from '@nc-mcp/broker-client/session';
import type { NextcloudClient } from '@nc-mcp/nextcloud';
import type { NextcloudAccess, ToolCallContext } from './nextcloudAccess.js';

/**
 * Exchange mode: each tool call gets its own Nextcloud token from the token broker (RFC 8693),
 * limited to the tool's scopes. The client's token never reaches Nextcloud, and a broker or IdP
 * failure fails the call — there is no fallback to the client's token.
 */
export function exchangeAccess(options: {
  nextcloud: NextcloudClient;
  broker: Pick<SessionTokenClient, 'exchangeToken'>;
  audience: string;
}): NextcloudAccess {
  return {
    mode: 'exchange',
    sessionFor(auth: AuthInfo, scopes: readonly string[], call: ToolCallContext = {}) {
      const { subject } = subjectOf(auth);
      // One exchange per tool call, however many Nextcloud requests the call makes.
      let pending: Promise<string> | undefined;
      const exchange = async () => {
        const issued = await options.broker.exchangeToken({
          subjectToken: auth.token,
          audience: options.audience,
          scopes,
          // So the broker's "token exchange" line can be matched with this call's "tool call" line.
          ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
        });
        return issued.accessToken;
      };
      return options.nextcloud.session({
        subject,
        getToken: () => {
          pending ??= exchange().catch((error: unknown) => {
            pending = undefined;
            throw error;
          });
          return pending;
        },
      });
    },
  };
}
