import type {
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
  OAuthClientMetadata as V2ClientMetadata,
  OAuthClientProvider as V2OAuthClientProvider,
} from '@modelcontextprotocol/client';
import type { OAuthClientProvider as V1OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

/**
 * An OAuthClientProvider for the pre-registered public demo client, written once against both SDKs'
 * provider interfaces (v2's stored types are v1's plus an SDK-stamped `issuer`). Instead of opening a
 * browser, it remembers the authorization URL so the test can drive the IdP's forms itself.
 */
export class TestOAuthProvider implements V1OAuthClientProvider, V2OAuthClientProvider {
  pendingAuthorization?: URL;
  private savedTokens?: StoredOAuthTokens;
  private verifier?: string;
  private discovery?: OAuthDiscoveryState;

  constructor(
    private readonly clientId = 'nc-mcp-demo',
    readonly redirectUrl = 'http://127.0.0.1:53177/callback',
  ) {}

  get clientMetadata(): V2ClientMetadata {
    return {
      client_name: 'nc-mcp e2e test',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation(): StoredOAuthClientInformation {
    return { client_id: this.clientId };
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.savedTokens;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.savedTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.pendingAuthorization = authorizationUrl;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }

  // Kept beside the verifier so that v2 can bind the callback to the authorization server it
  // discovered (SEP-2352); without it v2 warns and skips that check.
  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }
}
