import {
  Client as V2Client,
  StreamableHTTPClientTransport as V2Transport,
  UnauthorizedError as V2UnauthorizedError,
  type VersionNegotiationOptions,
} from '@modelcontextprotocol/client';
import { UnauthorizedError as V1UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { authorizeWithForms } from '@nc-mcp/dev-idp';
import { type ClientKind, MODERN_PROTOCOL_VERSION } from './clientKind.js';
import { type McpTestClient, wrapV1Client, wrapV2Client } from './mcpTestClient.js';
import { TestOAuthProvider } from './testOAuthProvider.js';

/** A connected MCP client and the tokens it logged in with. */
export interface LoggedInClient {
  client: McpTestClient;
  provider: TestOAuthProvider;
  accessToken: string;
}

/** Extra request headers for a token connection, e.g. `X-Request-Id`. */
export interface TokenConnectionOptions {
  headers?: Record<string, string>;
}

const CLIENT_INFO = { name: 'e2e', version: '1.0.0' };

function versionNegotiation(kind: Exclude<ClientKind, 'v1-legacy'>): VersionNegotiationOptions {
  return kind === 'v2-modern' ? { mode: { pin: MODERN_PROTOCOL_VERSION } } : { mode: 'auto' };
}

async function expectUnauthorized(connecting: Promise<void>, isUnauthorized: (error: unknown) => boolean) {
  await connecting.then(
    () => {
      throw new Error('connected without logging in');
    },
    (error: unknown) => {
      if (!isUnauthorized(error)) throw error;
    },
  );
}

async function logInThroughForms(provider: TestOAuthProvider, username: string, password: string) {
  if (!provider.pendingAuthorization) throw new Error('the client was never sent to the IdP');
  const redirect = await authorizeWithForms(provider.pendingAuthorization, { username, password });
  if (!redirect.searchParams.get('code'))
    throw new Error(`login did not return a code: ${redirect.searchParams.get('error') ?? 'no error'}`);
  return redirect;
}

async function connectV1(mcpUrl: string, options: ConstructorParameters<typeof V1Transport>[1]) {
  const client = new V1Client(CLIENT_INFO);
  const transport = new V1Transport(new URL(mcpUrl), options);
  await client.connect(transport);
  return wrapV1Client(client, transport);
}

async function connectV2(
  kind: Exclude<ClientKind, 'v1-legacy'>,
  mcpUrl: string,
  options: ConstructorParameters<typeof V2Transport>[1],
) {
  const client = new V2Client(CLIENT_INFO, { versionNegotiation: versionNegotiation(kind) });
  await client.connect(new V2Transport(new URL(mcpUrl), options));
  return wrapV2Client(kind, client);
}

/**
 * Connects an MCP SDK client of the given kind the way a real one does: discover the PRM, get
 * redirected to the IdP, log in through its HTML forms, finish the code exchange, connect again.
 */
export async function connectWithLogin(
  kind: ClientKind,
  mcpUrl: string,
  username: string,
  password: string,
): Promise<LoggedInClient> {
  const provider = new TestOAuthProvider();
  let client: McpTestClient;
  if (kind === 'v1-legacy') {
    const transport = new V1Transport(new URL(mcpUrl), { authProvider: provider });
    await expectUnauthorized(
      new V1Client(CLIENT_INFO).connect(transport),
      (error) => error instanceof V1UnauthorizedError,
    );
    const redirect = await logInThroughForms(provider, username, password);
    await transport.finishAuth(redirect.searchParams.get('code') ?? '');
    client = await connectV1(mcpUrl, { authProvider: provider });
  } else {
    const transport = new V2Transport(new URL(mcpUrl), { authProvider: provider });
    await expectUnauthorized(
      new V2Client(CLIENT_INFO, { versionNegotiation: versionNegotiation(kind) }).connect(transport),
      (error) => error instanceof V2UnauthorizedError,
    );
    const redirect = await logInThroughForms(provider, username, password);
    // The whole callback query, so that v2 checks the RFC 9207 `iss` before redeeming the code.
    await transport.finishAuth(redirect.searchParams);
    client = await connectV2(kind, mcpUrl, { authProvider: provider });
  }
  const accessToken = provider.tokens()?.access_token;
  if (!accessToken) throw new Error('no access token after login');
  return { client, provider, accessToken };
}

/** Connects a client of the given kind with a fixed bearer token (no OAuth dance), e.g. one with fewer scopes. */
export async function connectWithToken(
  kind: ClientKind,
  mcpUrl: string,
  accessToken: string,
  options: TokenConnectionOptions = {},
): Promise<McpTestClient> {
  if (kind === 'v1-legacy') {
    return connectV1(mcpUrl, {
      requestInit: { headers: { ...options.headers, Authorization: `Bearer ${accessToken}` } },
    });
  }
  return connectV2(kind, mcpUrl, {
    authProvider: { token: async () => accessToken },
    requestInit: { headers: { ...options.headers } },
  });
}
