import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { isLoopbackHttpUri } from './loopback.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './tokenExchangeTypes.js';

/** The pre-registered public client used by `pnpm start`, the demo and the tests. */
export const DEMO_CLIENT_ID = 'nc-mcp-demo';
/** A confidential client allowed to call the introspection endpoint. */
export const INTROSPECTOR_CLIENT_ID = 'mcp-introspector';
/** Secret of {@link INTROSPECTOR_CLIENT_ID}; a dev fixture, not a secret. */
export const INTROSPECTOR_CLIENT_SECRET = 'mcp-introspector-secret';

/** Path of the token broker's Flow 2 callback on the MCP server; any loopback origin may serve it (dev only). */
export const PROVISION_CALLBACK_PATH = '/oauth/provision/callback';

/**
 * A confidential client (the token broker) allowed to use RFC 8693 token exchange for the audiences it may ask
 * for, and the authorization-code and refresh grants of Flow 2 (background access to Nextcloud).
 */
export interface DevIdpExchangeClient {
  clientId: string;
  clientSecret: string;
  allowedAudiences: readonly string[];
  /**
   * Flow 2 redirect URIs besides the always-accepted loopback `http://<loopback>:<any port>/oauth/provision/callback`,
   * e.g. for a deployment that is not on loopback.
   */
  redirectUris?: readonly string[];
}

/** Static client metadata: the demo client, the introspector, the exchange clients, then `extraClients` verbatim. */
export function buildClients(
  exchangeClients: readonly DevIdpExchangeClient[],
  extraClients: readonly ClientMetadata[],
): ClientMetadata[] {
  return [
    {
      client_id: DEMO_CLIENT_ID,
      client_name: 'nc-mcp demo (public, loopback)',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // Placeholders: any loopback URI is accepted for this client, see installClientPolicies.
      redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
    },
    {
      client_id: INTROSPECTOR_CLIENT_ID,
      client_secret: INTROSPECTOR_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
    ...exchangeClients.map(
      (client): ClientMetadata => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        // oidc-provider accepts client_secret_post for a client registered with client_secret_basic.
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [TOKEN_EXCHANGE_GRANT_TYPE, 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        // oidc-provider needs one member; loopback callbacks are accepted anyway, see installClientPolicies.
        redirect_uris: client.redirectUris?.length
          ? [...client.redirectUris]
          : [`http://127.0.0.1${PROVISION_CALLBACK_PATH}`],
      }),
    ),
    ...extraClients.map((client) => ({ ...client })),
  ];
}

/**
 * Adjusts three client checks oidc-provider has no configuration hook for:
 * - the demo client accepts any loopback redirect URI, any port AND any path (oidc-provider alone ignores only
 *   the port, RFC 8252 §7.3), because MCP clients pick their own callback paths;
 * - the exchange clients (the token broker) accept a loopback redirect URI on any port, but only with the path
 *   {@link PROVISION_CALLBACK_PATH}: the MCP server's public URL differs between dev stacks and tests;
 * - the token-exchange grant type passes the generic "grant type allowed" check for every client, so the grant
 *   handler can answer `unauthorized_client` (RFC 6749 §5.2) instead of oidc-provider's `invalid_request`.
 */
export function installClientPolicies(provider: Provider, exchangeClientIds: ReadonlySet<string>): void {
  const prototype = provider.Client.prototype;
  const redirectUriAllowed = prototype.redirectUriAllowed;
  const grantTypeAllowed = prototype.grantTypeAllowed;

  prototype.redirectUriAllowed = function devLoopbackRedirects(this: typeof prototype, value: string) {
    if (this.clientId === DEMO_CLIENT_ID && isLoopbackHttpUri(value)) return true;
    if (exchangeClientIds.has(this.clientId) && isLoopbackProvisionCallback(value)) return true;
    return redirectUriAllowed.call(this, value);
  };
  prototype.grantTypeAllowed = function exchangeDecidedByHandler(this: typeof prototype, type: string) {
    if (type === TOKEN_EXCHANGE_GRANT_TYPE) return true;
    return grantTypeAllowed.call(this, type);
  };
}

/** Whether `value` is `http://<loopback>:<any port>/oauth/provision/callback`, with no query. */
function isLoopbackProvisionCallback(value: string): boolean {
  const url = URL.parse(value);
  return (
    url !== null && isLoopbackHttpUri(value) && url.pathname === PROVISION_CALLBACK_PATH && url.search === ''
  );
}
