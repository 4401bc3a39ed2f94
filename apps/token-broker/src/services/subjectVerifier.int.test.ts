import { DEV_USERS, type DevIdp, startDevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_RESOURCE, mcpClient, startTestBroker } from '../testing/brokerHarness.js';

const alice = DEV_USERS[0]!;

// The broker tells an IdP outage from a bad token by the verifier's rejection code, never its message:
// the first is UNAVAILABLE (retry later), the second UNAUTHENTICATED, and the log names the reason.
describe('subject-token verification failures over gRPC', () => {
  const logs = captureLogs('subject-verifier-test');
  let idp: DevIdp;
  let foreign: DevIdp;
  let subjectToken: string;

  beforeAll(async () => {
    [idp, foreign] = await Promise.all([startDevIdp(), startDevIdp()]);
    subjectToken = await idp.signAccessToken({
      sub: alice.sub,
      aud: [MCP_RESOURCE, 'mcp-server'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
  });
  afterAll(async () => {
    await Promise.all([idp?.close(), foreign?.close()]);
  });

  async function exchangeWith(
    issuer: string,
    token: string,
    fetchOverride?: typeof fetch,
  ): Promise<{ code: string; reason: string }> {
    const broker = await startTestBroker(issuer, {
      logger: logs.logger,
      extra: { OIDC_TIMEOUT_SECONDS: '2' },
      ...(fetchOverride ? { fetch: fetchOverride } : {}),
    });
    const client = mcpClient(broker);
    const requestId = `verify-${Math.random().toString(36).slice(2)}`;
    try {
      const error = await client
        .exchangeToken({ subjectToken: token, audience: 'nextcloud', scopes: ['notes.read'], requestId })
        .then(
          () => undefined,
          (failure: { code: string }) => failure,
        );
      const line = logs.records().find((record) => record.requestId === requestId);
      return { code: error?.code ?? 'ok', reason: String(line?.reason) };
    } finally {
      client.close();
      await broker.close();
    }
  }

  it('answers unavailable when discovery cannot be reached', async () => {
    const { code, reason } = await exchangeWith('http://127.0.0.1:9', subjectToken);
    expect(code).toBe('unavailable');
    expect(reason).toContain('issuer_unreachable');
  }, 30_000);

  it('answers unavailable when the JWKS cannot be reached', async () => {
    const noJwks: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('jwks')) return Promise.reject(new TypeError('fetch failed'));
      return fetch(input, init);
    };
    const { code, reason } = await exchangeWith(idp.issuer, subjectToken, noJwks);
    expect(code).toBe('unavailable');
    expect(reason).toContain('issuer_unreachable');
  }, 30_000);

  it('answers unauthenticated for a token signed by another key, naming the reason in the log', async () => {
    const forged = await foreign.signAccessToken({
      iss: idp.issuer,
      sub: alice.sub,
      aud: [MCP_RESOURCE, 'mcp-server'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
    const { code, reason } = await exchangeWith(idp.issuer, forged);
    expect(code).toBe('unauthenticated');
    expect(reason).toMatch(/subject token refused \((bad_signature|unknown_key)\)/);
  }, 30_000);

  it('answers unauthenticated, not unavailable, for garbage even while the IdP is down', async () => {
    const { code, reason } = await exchangeWith('http://127.0.0.1:9', 'not-a-token');
    expect(code).toBe('unauthenticated');
    expect(reason).toContain('malformed');
  }, 30_000);
});
