import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from './subject.js';
import { harness, RESOURCE } from './testing/verifierHarness.js';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer();
});
afterAll(() => idp.close());

const now = () => Math.floor(Date.now() / 1000);
const withIntrospection = () => ({ introspection: { ...idp.introspectionClient } });

function activeToken(name: string, overrides: Record<string, unknown> = {}): string {
  const token = `opaque-${name}-${Math.random().toString(36).slice(2)}`;
  idp.opaqueTokens.set(token, {
    active: true,
    iss: idp.issuer,
    client_id: 'nc-mcp-demo',
    sub: 'user-bob',
    username: 'bob',
    scope: 'openid notes.read',
    aud: 'mcp-server',
    exp: now() + 300,
    ...overrides,
  });
  return token;
}

describe('opaque tokens via introspection', () => {
  it('accepts an active token, using the discovered endpoint and client_secret_basic', async () => {
    const { verifier } = harness(idp.issuer, withIntrospection());
    const exp = now() + 400;
    const token = activeToken('good', { exp });
    const before = idp.requests.introspection;
    const info = await verifier.verifyAccessToken(token);
    expect(idp.requests.introspection).toBe(before + 1);
    expect(info).toMatchObject({
      token,
      clientId: 'nc-mcp-demo',
      scopes: ['openid', 'notes.read'],
      expiresAt: exp,
    });
    expect(info.resource?.href).toBe(RESOURCE);
    expect(subjectOf(info)).toEqual({
      subject: 'user-bob',
      username: 'bob',
      audience: ['mcp-server'],
      tokenType: 'opaque',
    });
  });

  it('uses an explicitly configured endpoint', async () => {
    const { verifier } = harness(idp.issuer, {
      introspection: { ...idp.introspectionClient, endpoint: `${idp.issuer}/introspect` },
    });
    await expect(verifier.verifyAccessToken(activeToken('explicit'))).resolves.toMatchObject({
      clientId: 'nc-mcp-demo',
    });
  });

  it('rejects a token the IdP reports inactive', async () => {
    const { expectRejected } = harness(idp.issuer, withIntrospection());
    await expectRejected('opaque-never-issued-token', 'inactive');
  });

  it('rejects an active token for another audience, issuer or without exp, sub or client_id', async () => {
    const { expectRejected } = harness(idp.issuer, withIntrospection());
    await expectRejected(activeToken('aud', { aud: ['nextcloud'] }), 'wrong_audience');
    await expectRejected(activeToken('iss', { iss: 'https://evil.example.test' }), 'wrong_issuer');
    await expectRejected(activeToken('exp', { exp: undefined }), 'missing_claim');
    await expectRejected(activeToken('sub', { sub: undefined }), 'missing_claim');
    await expectRejected(activeToken('client', { client_id: undefined }), 'missing_claim');
  });

  it('rejects an active token whose exp has passed', async () => {
    const { expectRejected } = harness(idp.issuer, withIntrospection());
    await expectRejected(activeToken('stale', { exp: now() - 10 }), 'expired');
  });

  it('reports the introspection endpoint as unavailable when it refuses our credentials', async () => {
    const { expectRejected } = harness(idp.issuer, {
      introspection: { clientId: 'mcp-introspector', clientSecret: 'wrong' },
    });
    const error = await expectRejected(activeToken('creds'), 'introspection_unavailable');
    expect(error.message).toBe('Token could not be verified');
  });

  it('rejects opaque tokens when introspection is not configured, without asking the IdP', async () => {
    const { expectRejected } = harness(idp.issuer);
    const before = idp.requests.total;
    await expectRejected(activeToken('no-introspection'), 'malformed');
    expect(idp.requests.total).toBe(before);
  });
});
