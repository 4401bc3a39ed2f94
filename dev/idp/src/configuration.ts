import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { escapeHtml, htmlPage } from './html.js';
import { isLoopbackOrigin } from './loopback.js';
import { createMemoryAdapter } from './memoryAdapter.js';
import { NEXTCLOUD_RESOURCE, resourceServerInfo, rotateRefreshTokenPolicy } from './resourceServers.js';
import { DEV_SCOPES, isMcpResource, OIDC_SCOPES } from './scopes.js';
import type { SigningKey } from './signingKey.js';
import { findUserBySub } from './users.js';

/** Where access tokens for the MCP resource are sent besides the MCP server itself. */
export type DevIdpTokenMode = 'pass-through' | 'exchange';

/** Everything {@link buildConfiguration} needs, already defaulted. */
export interface ConfigurationInput {
  signingKey: SigningKey;
  cookieKeys: string[];
  clients: ClientMetadata[];
  /** The RFC 8693 exchange clients (the token broker): Flow 2 tokens for Nextcloud, rotated refresh tokens. */
  exchangeClientIds: ReadonlySet<string>;
  tokenMode: DevIdpTokenMode;
  mcpAudience: string;
  /** This MCP server's canonical resource; when set, only its tokens get the extra audiences. */
  mcpResource: string | undefined;
  nextcloudAudience: string;
  accessTokenTtlSeconds: number;
}

const DAY_SECONDS = 24 * 60 * 60;

/** The oidc-provider configuration of the dev IdP (every default that would print a warning is replaced). */
export function buildConfiguration(input: ConfigurationInput): Configuration {
  // A token for another MCP server must not also name this one (RFC 8707 binding; the verifier refuses it).
  const mcpAudiences = (resource: string): string[] => {
    if (input.mcpResource !== undefined && !sameResource(resource, input.mcpResource)) return [resource];
    return input.tokenMode === 'pass-through'
      ? [resource, input.mcpAudience, input.nextcloudAudience]
      : [resource, input.mcpAudience];
  };

  return {
    adapter: createMemoryAdapter(),
    jwks: { keys: [input.signingKey.privateJwk] },
    cookies: { keys: input.cookieKeys },
    clients: input.clients,
    // Resource scopes are listed too, so dynamically registered clients may name them in their `scope` metadata.
    scopes: [...OIDC_SCOPES, ...DEV_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    rotateRefreshToken: rotateRefreshTokenPolicy(input.exchangeClientIds),
    findAccount: (_ctx, sub) => {
      const user = findUserBySub(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          name: user.name,
          preferred_username: user.username,
          email: user.email,
          email_verified: true,
        }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && token.accountId ? findUserBySub(token.accountId) : undefined;
      return user ? { preferred_username: user.username, name: user.name } : undefined;
    },
    formats: {
      customizers: {
        // oidc-provider allows one audience per resource server; Keycloak-style tokens carry several.
        jwt: (_ctx, token, jwt) => {
          const resource = token.resourceServer?.identifier();
          if (resource !== undefined && isMcpResource(resource)) jwt.payload.aud = mcpAudiences(resource);
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      introspection: {
        enabled: true,
        // Confidential clients may introspect any token; public clients only their own.
        allowedPolicy: (ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      resourceIndicators: {
        enabled: true,
        // The broker sends no resource (Keycloak ignores it): its tokens are for Nextcloud by configuration.
        defaultResource: (_ctx, client, oneOf) =>
          oneOf ?? (input.exchangeClientIds.has(client.clientId) ? NEXTCLOUD_RESOURCE : undefined),
        // A client that named the resource at authorization but not at the token endpoint still gets the JWT.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) =>
          resourceServerInfo(input, resource, client.clientId),
      },
    },
    ttl: {
      // Must be a function: a number would override the per-resource TTL above.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? input.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * DAY_SECONDS,
      Session: 14 * DAY_SECONDS,
      Grant: 14 * DAY_SECONDS,
    },
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = htmlPage(
        'Request refused',
        `<p>error: <code id="error">${escapeHtml(out.error)}</code></p>` +
          (out.error_description ? `<p id="error_description">${escapeHtml(out.error_description)}</p>` : ''),
      );
    },
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Equal resource URLs, counting the loopback spellings of one port (`localhost`, `127.0.0.1`, `[::1]`) as one. */
export function sameResource(a: string, b: string): boolean {
  if (a === b) return true;
  const [x, y] = [URL.parse(a), URL.parse(b)];
  if (!x || !y) return false;
  const loopback = LOOPBACK_HOSTS.has(x.hostname) && LOOPBACK_HOSTS.has(y.hostname);
  return loopback && x.protocol === y.protocol && x.port === y.port && x.pathname === y.pathname;
}
