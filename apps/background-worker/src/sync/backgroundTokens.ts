import type { BrokerIssuedToken } from '@nc-mcp/broker-client';
import type { BackgroundTokenClient } from '@nc-mcp/broker-client/background';
import type { TokenSource } from '@nc-mcp/nextcloud';

// A token this close to expiry is not handed out again: a slow request must not outlive it.
const EXPIRY_MARGIN_SECONDS = 30;

/** The user's background access: the scopes granted, and Nextcloud tokens narrowed to the ones needed. */
export interface BackgroundAccess {
  /** Every scope the user granted for background work. */
  granted: readonly string[];
  /** Bearer tokens for Nextcloud, from the broker only, narrowed to `scopes`. */
  tokenSource(scopes: readonly string[]): TokenSource;
}

function fresh(token: BrokerIssuedToken | undefined): token is BrokerIssuedToken {
  return token !== undefined && token.expiresAt - EXPIRY_MARGIN_SECONDS > Date.now() / 1000;
}

/**
 * Asks the broker what the user granted (its answer is a token for every granted scope), then serves
 * tokens for just the scopes a sync needs, each reused until shortly before it expires. Broker failures
 * (BrokerCallError) reach the caller unchanged.
 */
export async function openBackgroundAccess(
  client: BackgroundTokenClient,
  userId: string,
): Promise<BackgroundAccess> {
  const first = await client.getBackgroundToken({ userId });
  return {
    granted: first.scopes,
    tokenSource(scopes) {
      const wanted = [...scopes].sort();
      // The first token serves when it carries nothing beyond what is needed.
      let current: BrokerIssuedToken | undefined = first.scopes.every((scope) => wanted.includes(scope))
        ? first
        : undefined;
      let pending: Promise<BrokerIssuedToken> | undefined;
      return {
        subject: userId,
        async getToken() {
          if (fresh(current)) return current.accessToken;
          pending ??= client.getBackgroundToken({ userId, scopes: wanted }).finally(() => {
            pending = undefined;
          });
          current = await pending;
          return current.accessToken;
        },
      };
    },
  };
}
