import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthorization } from './introspectionEndpoint.js';
import { startTestIssuer, type TestIssuer } from './startTestIssuer.js';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer();
});
afterAll(() => idp?.close());

const introspect = async (token: string, authorization = basicAuthorization(idp.introspectionClient)) => {
  const response = await fetch(`${idp.issuer}/introspect`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('introspection at the test issuer', () => {
  it('answers a registered opaque token with its claims and counts the request', async () => {
    idp.opaqueTokens.set('opaque-1', { active: true, sub: 'user-alice', scope: 'notes.read' });
    const before = idp.requests.introspection;
    expect(await introspect('opaque-1')).toEqual({
      status: 200,
      body: { active: true, sub: 'user-alice', scope: 'notes.read' },
    });
    expect(idp.requests.introspection).toBe(before + 1);
  });

  it('answers an unknown token as inactive', async () => {
    expect((await introspect('never-issued')).body).toEqual({ active: false });
  });

  it('refuses a client whose secret is not form-encoded before the Basic encoding', async () => {
    const { clientId, clientSecret } = idp.introspectionClient;
    const raw = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    idp.opaqueTokens.set('opaque-2', { active: true });
    expect(await introspect('opaque-2', raw)).toEqual({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses a request without client credentials', async () => {
    expect((await introspect('opaque-1', '')).status).toBe(401);
  });

  it('accepts the client a test configures', async () => {
    const other = await startTestIssuer({ introspectionClient: { clientId: 'rs', clientSecret: 'pw' } });
    try {
      other.opaqueTokens.set('t', { active: true });
      const response = await fetch(`${other.issuer}/introspect`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('rs:pw').toString('base64')}` },
        body: new URLSearchParams({ token: 't' }),
      });
      expect(await response.json()).toEqual({ active: true });
    } finally {
      await other.close();
    }
  });
});
