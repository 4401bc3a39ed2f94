import type { KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { DEV_SCOPES, isMcpResource } from './scopes.js';

/**
 * Internal resource indicator of Nextcloud. The token broker never sends `resource` (Keycloak ignores it and
 * takes the audience from its own configuration), so the IdP picks this one for the exchange clients itself.
 */
export const NEXTCLOUD_RESOURCE = 'urn:nc-mcp:nextcloud';

/** What {@link resourceServerInfo} needs from the IdP configuration. */
export interface ResourceServerInput {
  exchangeClientIds: ReadonlySet<string>;
  nextcloudAudience: string;
  accessTokenTtlSeconds: number;
}

/**
 * The resource server behind a resource indicator, per client: the exchange clients (the token broker) get
 * only Nextcloud, every other client only MCP servers. Scopes are read at call time (DEV_SCOPES grows).
 */
export function resourceServerInfo(
  input: ResourceServerInput,
  resource: string,
  clientId: string,
): ResourceServer {
  const jwt = { sign: { alg: 'RS256' as const } };
  if (input.exchangeClientIds.has(clientId)) {
    if (resource !== NEXTCLOUD_RESOURCE) {
      throw new errors.InvalidTarget(
        'this client obtains Nextcloud tokens only; omit the resource parameter',
      );
    }
    return {
      audience: input.nextcloudAudience,
      scope: DEV_SCOPES.join(' '),
      accessTokenFormat: 'jwt',
      accessTokenTTL: input.accessTokenTtlSeconds,
      jwt,
    };
  }
  if (!isMcpResource(resource)) {
    throw new errors.InvalidTarget('only MCP server resources (http(s) URLs ending in /mcp) are known');
  }
  return {
    scope: DEV_SCOPES.join(' '),
    accessTokenFormat: 'jwt',
    accessTokenTTL: input.accessTokenTtlSeconds,
    jwt,
  };
}

const YEAR_SECONDS = 365.25 * 24 * 60 * 60;

/**
 * Refresh-token rotation: always for the exchange clients (the broker stores each new token; a replayed one
 * fails and revokes the grant, as Keycloak does with "Revoke Refresh Token"), otherwise oidc-provider's default.
 */
export function rotateRefreshTokenPolicy(exchangeClientIds: ReadonlySet<string>) {
  return (ctx: KoaContextWithOIDC): boolean => {
    const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
    if (client && exchangeClientIds.has(client.clientId)) return true;
    if (!refreshToken || refreshToken.totalLifetime() >= YEAR_SECONDS) return false;
    if (client?.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) return true;
    return refreshToken.ttlPercentagePassed() >= 70;
  };
}
