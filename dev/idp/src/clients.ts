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

/** A confidential client allowed to use RFC 8693 token exchange, and the audiences it may ask for. */
export interface DevIdpExchangeClient {
  clientId: string;
  clientSecret: string;
  allowedAudiences: readonly string[];
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
        grant_types: [TOKEN_EXCHANGE_GRANT_TYPE],
        response_types: [],
        redirect_uris: [],
      }),
    ),
    ...extraClients.map((client) => ({ ...client })),
  ];
}

/**
 * Adjusts two client checks oidc-provider has no configuration hook for:
 * - the demo client accepts any loopback redirect URI, any port AND any path (oidc-provider alone ignores only
 *   the port, RFC 8252 §7.3), because MCP clients pick their own callback paths;
 * - the token-exchange grant type passes the generic "grant type allowed" check for every client, so the grant
 *   handler can answer `unauthorized_client` (RFC 6749 §5.2) instead of oidc-provider's `invalid_request`.
 */
export function installClientPolicies(provider: Provider): void {
  const prototype = provider.Client.prototype;
  const redirectUriAllowed = prototype.redirectUriAllowed;
  const grantTypeAllowed = prototype.grantTypeAllowed;

  prototype.redirectUriAllowed = function demoLoopbackRedirects(this: typeof prototype, value: string) {
    if (this.clientId === DEMO_CLIENT_ID && isLoopbackHttpUri(value)) return true;
    return redirectUriAllowed.call(this, value);
  };
  prototype.grantTypeAllowed = function exchangeDecidedByHandler(this: typeof prototype, type: string) {
    if (type === TOKEN_EXCHANGE_GRANT_TYPE) return true;
    return grantTypeAllowed.call(this, type);
  };
}
