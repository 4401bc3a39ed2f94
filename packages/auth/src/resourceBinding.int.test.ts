import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, RESOURCE } from './testing/verifierHarness.js';

const OTHER_RESOURCE = 'https://other-mcp.example.test/mcp';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer();
});
afterAll(() => idp.close());

function activeToken(aud: unknown): string {
  const token = `opaque-${Math.random().toString(36).slice(2)}`;
  idp.opaqueTokens.set(token, {
    active: true,
    iss: idp.issuer,
    client_id: 'nc-mcp-demo',
    sub: 'user-bob',
    scope: 'openid notes.read',
    aud,
    exp: Math.floor(Date.now() / 1000) + 300,
  });
  return token;
}

describe('RFC 8707 resource binding', () => {
  it('refuses a JWT issued for another MCP resource that also names mcp-server', async () => {
    const { expectRejected, logs } = harness(idp.issuer);
    await expectRejected(await idp.sign({ aud: [OTHER_RESOURCE, 'mcp-server'] }), 'wrong_audience');
    expect(logs.records().at(-1)).toMatchObject({ detail: 'bound to another resource' });
  });

  it('accepts a JWT bound to this resource', async () => {
    const { verifier } = harness(idp.issuer);
    const info = await verifier.verifyAccessToken(await idp.sign({ aud: [RESOURCE, 'mcp-server'] }));
    expect(info.clientId).toBe('nc-mcp-demo');
  });

  it('refuses a JWT with a URL audience when the verifier has no resource', async () => {
    const { verifier, expectRejected } = harness(idp.issuer, { resource: undefined });
    await expectRejected(await idp.sign({ aud: [RESOURCE, 'mcp-server'] }), 'wrong_audience');
    // The same verifier accepts the logical audience alone, so the refusal above is about the URL.
    await expect(verifier.verifyAccessToken(await idp.sign({ aud: 'mcp-server' }))).resolves.toBeDefined();
  });

  it('refuses an introspected token issued for another MCP resource', async () => {
    const { verifier, expectRejected } = harness(idp.issuer, {
      introspection: { ...idp.introspectionClient },
    });
    await expectRejected(activeToken([OTHER_RESOURCE, 'mcp-server']), 'wrong_audience');
    await expect(verifier.verifyAccessToken(activeToken([RESOURCE, 'mcp-server']))).resolves.toBeDefined();
  });
});
