import type { SessionTokenClient } from '@nc-mcp/broker-client/session';
import { captureLogs } from '@nc-mcp/logger';
import { closedPort, startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import {
  BROKER_CLIENT,
  expectBrokerCallError,
  mcpClient,
  startTestBroker,
} from '../testing/brokerHarness.js';
import { ACCESS_TOKEN_TYPE } from './exchangeResponse.js';
import { TOKEN_EXCHANGE_GRANT } from './tokenExchanger.js';

const ok = (overrides: Record<string, unknown> = {}) => ({
  status: 200,
  body: {
    access_token: 'issued.access.token',
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'notes.read',
    ...overrides,
  },
});

// The subject token an MCP server would forward: the demo client's, for the logical mcp-server audience.
const SUBJECT_CLAIMS = {
  sub: 'a11ce000-0000-4000-8000-000000000001',
  aud: ['mcp-server'],
  scope: 'notes.read notes.write',
  client_id: 'nc-mcp-demo',
};

describe('the token exchange at the IdP', () => {
  const logs = captureLogs('token-broker-test');
  let idp: TestIssuer;
  let broker: RunningBroker;
  let client: SessionTokenClient;
  let subjectToken: string;

  const exchange = (scopes: readonly string[] = ['notes.read']) =>
    client.exchangeToken({ subjectToken, audience: 'nextcloud', scopes });

  beforeAll(async () => {
    idp = await startTestIssuer({ claims: SUBJECT_CLAIMS });
    broker = await startTestBroker(idp.issuer, { logger: logs.logger, extra: { OIDC_TIMEOUT_SECONDS: '1' } });
    client = mcpClient(broker);
    subjectToken = await idp.sign();
  });
  afterAll(async () => {
    client?.close();
    await broker?.close();
    await idp?.close();
  });

  it('posts an RFC 8693 request, authenticated with client_secret_basic', async () => {
    idp.tokenEndpoint.script(ok());
    const issued = await exchange(['notes.read']);
    expect(issued).toMatchObject({
      accessToken: 'issued.access.token',
      tokenType: 'Bearer',
      scopes: ['notes.read'],
    });
    const form = idp.tokenEndpoint.forms.at(-1);
    expect(Object.fromEntries(form ?? [])).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: ACCESS_TOKEN_TYPE,
      audience: 'nextcloud',
      scope: 'notes.read',
    });
    const basic = Buffer.from(`${BROKER_CLIENT.clientId}:${BROKER_CLIENT.clientSecret}`).toString('base64');
    expect(idp.tokenEndpoint.authorizations.at(-1)).toBe(`Basic ${basic}`);
  });

  it('accepts a lower-case bearer token type and falls back to the requested scopes', async () => {
    idp.tokenEndpoint.script(ok({ token_type: 'bearer', scope: undefined }));
    expect((await exchange(['notes.read', 'notes.write'])).scopes).toEqual(['notes.read', 'notes.write']);
  });

  it('answers unavailable when the token endpoint does not answer in time', async () => {
    idp.tokenEndpoint.script('hang');
    await expectBrokerCallError(exchange(), 'unavailable');
  });

  it('answers unavailable when the IdP fails with a 5xx', async () => {
    idp.tokenEndpoint.script({ status: 503, body: 'maintenance' });
    await expectBrokerCallError(exchange(), 'unavailable');
  });

  it.each([
    ['invalid_grant', 400, 'unauthenticated'],
    ['invalid_request', 400, 'unauthenticated'],
    ['unauthorized_client', 400, 'permission_denied'],
    ['access_denied', 403, 'permission_denied'],
    ['invalid_client', 401, 'internal'],
    ['something_new', 400, 'internal'],
  ] as const)('maps the IdP error %s to %s', async (error, status, expected) => {
    idp.tokenEndpoint.script({
      status,
      body: { error, error_description: 'described at https://idp.example/secret-path' },
    });
    const failure = await expectBrokerCallError(exchange(), expected);
    expect(failure.message).not.toContain('idp.example');
  });

  it.each([
    ['a broader scope than requested', ok({ scope: 'notes.read files.write' })],
    ['a refresh token type', ok({ issued_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' })],
    ['no expiry', ok({ expires_in: undefined })],
    ['a non-Bearer token type', ok({ token_type: 'N_A' })],
    ['no access token', ok({ access_token: '' })],
    ['a body that is not JSON', { status: 200, body: 'not json' }],
  ])('refuses a response with %s as internal', async (_name, answer) => {
    idp.tokenEndpoint.script(answer);
    await expectBrokerCallError(exchange(), 'internal');
  });

  it('logs a rejected broker client loudly, without the IdP error description', () => {
    const loud = logs
      .records()
      .find((record) => record.level === 50 && record.oauthError === 'invalid_client');
    expect(loud).toBeDefined();
    expect(logs.text()).not.toContain('secret-path');
    expect(logs.text()).not.toContain(subjectToken);
    expect(logs.text()).not.toContain('issued.access.token');
  });

  it('answers unavailable when the IdP is down', async () => {
    const down = await startTestBroker(`http://127.0.0.1:${await closedPort()}`, { logger: logs.logger });
    const downClient = mcpClient(down);
    try {
      await expectBrokerCallError(
        downClient.exchangeToken({ subjectToken, audience: 'nextcloud', scopes: ['notes.read'] }),
        'unavailable',
      );
    } finally {
      downClient.close();
      await down.close();
    }
  });
});
