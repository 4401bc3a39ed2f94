import type { BrokerIssuedToken } from '@nc-mcp/broker-client';
import type { BackgroundTokenClient } from '@nc-mcp/broker-client/background';
import type { TokenSource } from '@nc-mcp/nextcloud';

// A token this close to expiry is not handed out again: a slow request must not outlive it.
const EXPIRY_MARGIN_SECONDS = 30;

/** The user's background access: the scopes granted, and Nextcloud tokens narrowed to the ones needed. */
export interface BackgroundAccess {
  /** Every scope the user granted for background work. */
  granted: readonly string[];
  /** Bearer tokens for Nextcloud, from the broker only (one token with the granted scopes serves every family). */
  tokenSource(scopes: readonly string[]): TokenSource;
}

function fresh(token: BrokerIssuedToken | undefined): token is BrokerIssuedToken {
  return token !== undefined && token.expiresAt - EXPIRY_MARGIN_SECONDS > Date.now() / 1000;
}

/**
 * Asks the broker what the user granted; its answer is a token for every granted scope, and that one
 * token serves every family of the sync, renewed (for all granted scopes again) shortly before it
 * expires. Narrowing per family would cost one refresh per family and token lifetime at the IdP —
 * with rotating refresh tokens, one rotation each — for tokens that are all read-only anyway; one
 * refresh per user and lifetime is the target. Broker failures (BrokerCallError) reach the caller.
 */
export async function openBackgroundAccess(
  client: BackgroundTokenClient,
  userId: string,
): Promise<BackgroundAccess> {
  let current = await client.getBackgroundToken({ userId });
  let pending: Promise<BrokerIssuedToken> | undefined;
  const source: TokenSource = {
    subject: userId,
    async getToken() {
      if (fresh(current)) return current.accessToken;
      pending ??= client.getBackgroundToken({ userId }).finally(() => {
        pending = undefined;
      });
      current = await pending;
      return current.accessToken;
    },
  };
  return { granted: current.scopes, tokenSource: () => source };
}
