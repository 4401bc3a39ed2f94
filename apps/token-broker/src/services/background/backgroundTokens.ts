import type { Logger } from '@nc-mcp/logger';
import { BrokerFailure } from '../../brokerFailure.js';
import type { GrantOwner, LazyVault, RefreshTokenVault } from '../../vault/index.js';
import type { IdpGrantClient } from '../provisioning/idpGrantClient.js';
import { vaultStorage } from '../vaultStorage.js';
import { type CachedAccessToken, createAccessTokenCache } from './accessTokenCache.js';

/** A background access token, as GetBackgroundToken answers it. */
export interface BackgroundToken {
  accessToken: string;
  /** Unix seconds. */
  expiresAt: number;
  scopes: string[];
}

/** Tokens for work done while the user is away, derived only from the user's Flow 2 grant. */
export interface BackgroundTokens {
  /** A token for `subject` with `scopes` (all granted scopes when empty). */
  get(subject: string, scopes: readonly string[]): Promise<BackgroundToken>;
  /** One page of users with a grant, ordered by subject; `after` is the previous page's last subject. */
  list(page: {
    after?: string;
    limit: number;
  }): Promise<{ subject: string; scopes: string[]; grantedAt: number }[]>;
}

/** What {@link createBackgroundTokens} needs. */
export interface BackgroundTokensDeps {
  enabled: boolean;
  issuer: string;
  vault: LazyVault;
  idp: IdpGrantClient;
  logger: Logger;
  now?: () => number;
}

/**
 * Builds the service. A token is cached per user and scope set until shortly before it expires; a
 * refresh runs under the user's grant lock (across replicas on PostgreSQL), re-reads the stored
 * refresh token inside the lock, and saves the rotated one before the access token is returned — so
 * concurrent jobs for one user cause one refresh, and a rotated token is never replayed.
 */
export function createBackgroundTokens(deps: BackgroundTokensDeps): BackgroundTokens {
  const now = deps.now ?? Date.now;
  const cache = createAccessTokenCache({ now });

  const refreshLocked = async (
    vault: RefreshTokenVault,
    owner: GrantOwner,
    scopes: readonly string[],
  ): Promise<CachedAccessToken> => {
    const grant = await vaultStorage(() => vault.findGrant(owner));
    if (!grant) throw new BrokerFailure('not_provisioned', 'no stored grant for this user');
    // Another caller may have refreshed while this one waited for the lock.
    const cached = cache.get(owner.subject, scopes);
    if (cached) return cached;
    const wanted = scopes.length > 0 ? [...scopes] : grant.scopes;
    if (wanted.some((scope) => !grant.scopes.includes(scope))) {
      throw new BrokerFailure(
        'invalid_argument',
        `scopes must be within the granted ones (${grant.scopes.join(', ')})`,
      );
    }
    let refreshed: Awaited<ReturnType<IdpGrantClient['refresh']>>;
    try {
      refreshed = await deps.idp.refresh(grant.refreshToken, scopes);
    } catch (error) {
      if (error instanceof BrokerFailure && error.code === 'not_provisioned') {
        // The IdP revoked or expired the grant: forget it, so nothing retries it.
        await vaultStorage(() => vault.deleteGrant(owner));
        deps.logger.warn(
          { user: owner.subject },
          'the IdP no longer honours the stored grant: user unprovisioned',
        );
      }
      throw error;
    }
    const at = now();
    if (refreshed.refreshToken !== undefined && refreshed.refreshToken !== grant.refreshToken) {
      const saved = await vaultStorage(() =>
        vault.replaceRefreshToken(owner, grant.refreshToken, refreshed.refreshToken ?? '', at),
      );
      if (!saved) {
        // Revoked (or consented anew) while we refreshed: the new token must not outlive that.
        await deps.idp.revoke(refreshed.refreshToken, 'refresh_token');
        throw new BrokerFailure('not_provisioned', 'the grant changed during the refresh');
      }
    }
    await vaultStorage(() => vault.markUsed(owner, at));
    const granted = refreshed.scopes.filter((scope) => wanted.includes(scope));
    const token: CachedAccessToken = {
      accessToken: refreshed.accessToken,
      expiresAt: Math.floor(at / 1000) + Math.floor(refreshed.expiresIn),
      scopes: granted.length > 0 ? granted : wanted,
    };
    cache.set(owner.subject, scopes, token);
    return token;
  };

  return {
    async get(subject, scopes) {
      if (!deps.enabled)
        throw new BrokerFailure('provisioning_disabled', 'ENABLE_PROGRESSIVE_CONSENT is false');
      const owner = { issuer: deps.issuer, subject };
      const vault = await vaultStorage(() => deps.vault.get());
      const cached = cache.get(subject, scopes);
      // A cached token is served only while the grant exists: a revocation (on any replica) ends it.
      if (cached && (await vaultStorage(() => vault.findGrant(owner))))
        return { ...cached, scopes: [...cached.scopes] };
      const token = await vault.withGrantLock(owner, () => refreshLocked(vault, owner, scopes));
      return { ...token, scopes: [...token.scopes] };
    },

    async list(page) {
      if (!deps.enabled)
        throw new BrokerFailure('provisioning_disabled', 'ENABLE_PROGRESSIVE_CONSENT is false');
      const vault = await vaultStorage(() => deps.vault.get());
      const grants = await vaultStorage(() =>
        vault.listGrants({
          limit: page.limit,
          ...(page.after === undefined ? {} : { after: { issuer: deps.issuer, subject: page.after } }),
        }),
      );
      // Rows of another issuer (an earlier configuration) are nobody this broker can serve.
      return grants
        .filter((grant) => grant.issuer === deps.issuer)
        .map((grant) => ({ subject: grant.subject, scopes: grant.scopes, grantedAt: grant.grantedAt }));
    },
  };
}
