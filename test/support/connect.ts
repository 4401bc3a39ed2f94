import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { authorizeWithForms } from '@nc-mcp/dev-idp';
import { TestOAuthProvider } from './testOAuthProvider.js';

/** A connected MCP client and the tokens it logged in with. */
export interface LoggedInClient {
  client: Client;
  provider: TestOAuthProvider;
  accessToken: string;
}

/**
 * Connects the MCP SDK's own client the way a real one does: discover the PRM, get redirected to
 * the IdP, log in through its HTML forms, finish the code exchange, connect again.
 */
export async function connectWithLogin(
  mcpUrl: string,
  username: string,
  password: string,
): Promise<LoggedInClient> {
  const provider = new TestOAuthProvider();
  const first = new Client({ name: 'e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await first.connect(transport).then(
    () => {
      throw new Error('connected without logging in');
    },
    (error: unknown) => {
      if (!(error instanceof UnauthorizedError)) throw error;
    },
  );
  if (!provider.pendingAuthorization) throw new Error('the client was never sent to the IdP');
  const redirect = await authorizeWithForms(provider.pendingAuthorization, { username, password });
  const code = redirect.searchParams.get('code');
  if (!code)
    throw new Error(`login did not return a code: ${redirect.searchParams.get('error') ?? 'no error'}`);
  await transport.finishAuth(code);

  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
  const accessToken = provider.tokens()?.access_token;
  if (!accessToken) throw new Error('no access token after login');
  return { client, provider, accessToken };
}

/** Connects with a fixed bearer token (no OAuth dance), e.g. one with fewer scopes. */
export async function connectWithToken(mcpUrl: string, accessToken: string): Promise<Client> {
  const client = new Client({ name: 'e2e-token', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${accessToken}` } },
    }),
  );
  return client;
}
