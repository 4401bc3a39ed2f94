import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * An OAuthClientProvider for the pre-registered public demo client. Instead of opening a browser,
 * it remembers the authorization URL so the test can drive the IdP's forms itself.
 */
export class TestOAuthProvider implements OAuthClientProvider {
  pendingAuthorization?: URL;
  private savedTokens?: OAuthTokens;
  private verifier?: string;

  constructor(
    private readonly clientId = 'nc-mcp-demo',
    readonly redirectUrl = 'http://127.0.0.1:53177/callback',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'nc-mcp e2e test',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation(): OAuthClientInformationMixed {
    return { client_id: this.clientId };
  }

  tokens(): OAuthTokens | undefined {
    return this.savedTokens;
  }

  saveTokens(tokens: OAuthTokens): void {
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
}
