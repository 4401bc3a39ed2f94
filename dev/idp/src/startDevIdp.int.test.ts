import { decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevOnlyError } from './devOnlyError.js';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { obtainTokens } from './testing/obtainTokens.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './tokenExchangeTypes.js';

describe('startDevIdp', () => {
  let idp: DevIdp;

  beforeAll(async () => {
    idp = await startDevIdp();
  });
  afterAll(async () => {
    await idp.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses http://127.0.0.1:<port> without a trailing slash as the issuer', () => {
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}`);
    expect(idp.port).toBeGreaterThan(0);
  });

  it('serves a discovery document describing the dev flows', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(idp.issuer);
    expect(doc.authorization_endpoint).toBe(`${idp.issuer}/auth`);
    expect(doc.token_endpoint).toBe(`${idp.issuer}/token`);
    expect(doc.jwks_uri).toBe(`${idp.issuer}/jwks`);
    expect(doc.registration_endpoint).toBe(`${idp.issuer}/reg`);
    expect(doc.introspection_endpoint).toBe(`${idp.issuer}/token/introspection`);
    expect(doc.revocation_endpoint).toBe(`${idp.issuer}/token/revocation`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.response_types_supported).toEqual(['code']);
    expect(doc.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', TOKEN_EXCHANGE_GRANT_TYPE]),
    );
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'notes.read', 'files.write']),
    );
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256']);
  });

  it('publishes one RS256 key whose kid signs the access tokens', async () => {
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: idp.jwks.keys[0]?.kid });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const tokens = await obtainTokens(idp, {
      username: 'bob',
      password: 'bob',
      scopes: ['openid'],
      resource: 'https://mcp.example.com/mcp',
    });
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'RS256',
      kid: jwks.keys[0]?.kid,
    });
  });

  it('refuses to start when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const started = startDevIdp();
    await expect(started).rejects.toBeInstanceOf(DevOnlyError);
    await expect(started).rejects.toMatchObject({ code: 'dev_only', retryable: false });
  });

  it('stops accepting connections after close', async () => {
    const other = await startDevIdp();
    await other.close();
    await expect(fetch(`${other.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
