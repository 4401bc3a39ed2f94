import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { authorizeWithForms } from './testing/authorizeWithForms.js';
import { DevIdpFlowError } from './testing/devIdpFlowError.js';
import { authorizationUrl, postForm, verifyWithIdpJwks } from './testing/idpTestRequests.js';
import { obtainTokens } from './testing/obtainTokens.js';
import { DEV_USERS } from './users.js';

const MCP_RESOURCE = 'http://127.0.0.1:41234/mcp';
const alice = { username: 'alice', password: 'alice' };

describe('authorization code flow with the login and consent forms', () => {
  const logs = captureLogs('dev-idp-test');
  let passThrough: DevIdp;
  let exchange: DevIdp;

  beforeAll(async () => {
    [passThrough, exchange] = await Promise.all([
      startDevIdp({ logger: logs.logger }),
      startDevIdp({ tokenMode: 'exchange' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([passThrough.close(), exchange.close()]);
  });

  it('issues alice a JWT access token for the MCP resource that also names mcp-server and nextcloud', async () => {
    const tokens = await obtainTokens(passThrough, {
      ...alice,
      scopes: ['openid', 'profile', 'notes.read', 'files.read'],
      resource: MCP_RESOURCE,
    });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope.split(' ').sort()).toEqual(['files.read', 'notes.read']);
    const claims = await verifyWithIdpJwks(passThrough, tokens.access_token);
    expect(claims.aud).toEqual([MCP_RESOURCE, 'mcp-server', 'nextcloud']);
    expect(claims).toMatchObject({
      iss: passThrough.issuer,
      sub: DEV_USERS[0]?.sub,
      preferred_username: 'alice',
      name: 'Alice Liddell',
      client_id: 'nc-mcp-demo',
    });
    expect(String(claims.scope).split(' ').sort()).toEqual(['files.read', 'notes.read']);
    expect(typeof claims.jti).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('leaves nextcloud out of the audience in exchange mode', async () => {
    const tokens = await obtainTokens(exchange, {
      ...alice,
      scopes: ['notes.write'],
      resource: MCP_RESOURCE,
    });
    const claims = await verifyWithIdpJwks(exchange, tokens.access_token);
    expect(claims.aud).toEqual([MCP_RESOURCE, 'mcp-server']);
    expect(claims.scope).toBe('notes.write');
  });

  it('applies accessTokenTtlSeconds to MCP tokens', async () => {
    const shortLived = await startDevIdp({ accessTokenTtlSeconds: 120 });
    try {
      const tokens = await obtainTokens(shortLived, {
        ...alice,
        scopes: ['notes.read'],
        resource: MCP_RESOURCE,
      });
      expect(tokens.expires_in).toBe(120);
      const claims = await verifyWithIdpJwks(shortLived, tokens.access_token);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(120);
    } finally {
      await shortLived.close();
    }
  });

  it('gives bob a token with his own subject', async () => {
    const tokens = await obtainTokens(passThrough, {
      username: 'bob',
      password: 'bob',
      scopes: ['files.write'],
      resource: 'https://mcp.example.com/mcp',
    });
    const claims = await verifyWithIdpJwks(passThrough, tokens.access_token);
    expect(claims).toMatchObject({ sub: 'b0b00000-0000-4000-8000-000000000002', preferred_username: 'bob' });
    expect(claims.aud).toContain('https://mcp.example.com/mcp');
  });

  it('refuses a resource that is not an MCP endpoint with invalid_target', async () => {
    const callback = await authorizeWithForms(
      authorizationUrl(passThrough, {
        resource: 'https://files.example.com/api',
        scope: 'openid notes.read',
      }),
      alice,
    );
    expect(callback.searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses the plain PKCE method', async () => {
    const callback = await authorizeWithForms(
      authorizationUrl(passThrough, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }),
      alice,
    );
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/code_challenge_method/);
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses an authorization request without PKCE', async () => {
    const callback = await authorizeWithForms(
      authorizationUrl(passThrough, { code_challenge: undefined, code_challenge_method: undefined }),
      alice,
    );
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('shows the login form again, with an error and escaped input, after a wrong password', async () => {
    const start = await fetch(authorizationUrl(passThrough), { redirect: 'manual' });
    const interaction = new URL(start.headers.get('location') ?? '', passThrough.issuer);
    const cookie = start.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    const form = await fetch(interaction, { headers: { cookie } });
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/name="password"/);

    const submitted = await fetch(`${interaction.href}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: '<b>alice</b>', password: 'Wr0ng-Guess-42' }),
      headers: { cookie },
      redirect: 'manual',
    });
    expect(submitted.status).toBe(401);
    expect(submitted.headers.get('location')).toBeNull();
    const html = await submitted.text();
    expect(html).toMatch(/name="password"/);
    expect(html).toContain('Wrong username or password.');
    expect(html).toContain('&lt;b&gt;alice&lt;/b&gt;');
    expect(html).not.toContain('<b>alice</b>');
    expect(logs.text()).toContain('dev-idp login rejected');
    expect(logs.text()).not.toContain('Wr0ng-Guess-42');
  });

  it('reports a rejected login from authorizeWithForms as login_rejected', async () => {
    const attempt = authorizeWithForms(authorizationUrl(passThrough), { username: 'alice', password: 'bob' });
    await expect(attempt).rejects.toBeInstanceOf(DevIdpFlowError);
    await expect(attempt).rejects.toMatchObject({ code: 'login_rejected' });
  });

  it.each([
    'http://127.0.0.1:53177/callback',
    'http://localhost:6274/oauth/callback',
    'http://127.0.0.1:9/any/path/at/all',
  ])('accepts the loopback redirect URI %s for the demo client', async (redirectUri) => {
    const tokens = await obtainTokens(passThrough, { ...alice, scopes: ['openid'], redirectUri });
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('returns the code and state to the loopback redirect URI', async () => {
    const callback = await authorizeWithForms(
      authorizationUrl(passThrough, { redirect_uri: 'http://localhost:6274/oauth/callback', state: 'xyz' }),
      alice,
    );
    expect(callback.origin + callback.pathname).toBe('http://localhost:6274/oauth/callback');
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    expect(callback.searchParams.get('iss')).toBe(passThrough.issuer);
  });

  it.each(['https://evil.example.com/callback', 'http://192.168.1.10:8080/callback'])(
    'refuses the non-loopback redirect URI %s without redirecting',
    async (redirectUri) => {
      const response = await fetch(authorizationUrl(passThrough, { redirect_uri: redirectUri }), {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('invalid_redirect_uri');
      await expect(
        authorizeWithForms(authorizationUrl(passThrough, { redirect_uri: redirectUri }), alice),
      ).rejects.toMatchObject({ code: 'authorization_refused', oauthError: 'invalid_redirect_uri' });
    },
  );

  it('issues a refresh token with offline_access that refreshes into a new MCP token', async () => {
    const tokens = await obtainTokens(passThrough, {
      ...alice,
      scopes: ['openid', 'offline_access', 'notes.read'],
      resource: MCP_RESOURCE,
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshed = await postForm(`${passThrough.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'nc-mcp-demo',
      resource: MCP_RESOURCE,
    });
    expect(refreshed.status).toBe(200);
    const claims = await verifyWithIdpJwks(passThrough, String(refreshed.body.access_token));
    expect(claims).toMatchObject({ sub: DEV_USERS[0]?.sub, scope: 'notes.read' });
    expect(claims.aud).toEqual([MCP_RESOURCE, 'mcp-server', 'nextcloud']);
  });

  it('issues no refresh token without offline_access', async () => {
    const tokens = await obtainTokens(passThrough, {
      ...alice,
      scopes: ['openid', 'notes.read'],
      resource: MCP_RESOURCE,
    });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('registers a public client dynamically and lets it complete the flow', async () => {
    const registration = await fetch(`${passThrough.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'test MCP client',
        redirect_uris: ['http://localhost:33418/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        scope: 'openid offline_access notes.read notes.write',
      }),
    });
    expect(registration.status).toBe(201);
    const client = (await registration.json()) as { client_id: string; client_secret?: string };
    expect(client.client_id).toEqual(expect.any(String));
    expect(client.client_secret).toBeUndefined();

    const tokens = await obtainTokens(passThrough, {
      ...alice,
      clientId: client.client_id,
      redirectUri: 'http://localhost:33418/callback',
      scopes: ['openid', 'offline_access', 'notes.read'],
      resource: MCP_RESOURCE,
    });
    const claims = await verifyWithIdpJwks(passThrough, tokens.access_token);
    expect(claims).toMatchObject({ client_id: client.client_id, scope: 'notes.read' });
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });
});
