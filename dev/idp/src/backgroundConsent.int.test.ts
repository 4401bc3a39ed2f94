import { randomBytes } from 'node:crypto';
import { captureLogs } from '@nc-mcp/logger';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { authorizeWithForms } from './testing/authorizeWithForms.js';
import {
  authorizationUrl,
  openConsentPage,
  pkcePair,
  postForm,
  verifyWithIdpJwks,
} from './testing/idpTestRequests.js';
import { DEV_USERS } from './users.js';

const TIMEOUT = 60_000;
const broker = { username: 'token-broker', password: 'token-broker-secret' };
const CALLBACK = 'http://127.0.0.1:3000/oauth/provision/callback';
const DEPLOYED_CALLBACK = 'https://mcp.example.com/oauth/provision/callback';
const alice = { username: 'alice', password: 'alice' };
const aliceSub = DEV_USERS[0]?.sub;

interface Flow2Tokens {
  status: number;
  body: Record<string, unknown>;
  nonce: string;
}

describe('Flow 2: background consent for the token broker', () => {
  const logs = captureLogs('dev-idp-test');
  let idp: DevIdp;
  const issued: string[] = [];

  const brokerAuthorization = (overrides: Record<string, string | undefined> = {}) =>
    authorizationUrl(idp, {
      client_id: broker.username,
      redirect_uri: CALLBACK,
      scope: 'openid offline_access notes.read files.read',
      nonce: 'nonce-1',
      prompt: 'consent',
      ...overrides,
    });
  const token = (form: Record<string, string>) => postForm(`${idp.issuer}/token`, form, broker);
  const refresh = (refreshToken: string, scope?: string) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...(scope ? { scope } : {}) });

  async function provision(redirectUri = CALLBACK): Promise<Flow2Tokens> {
    const pkce = pkcePair();
    const nonce = randomBytes(12).toString('base64url');
    const callback = await authorizeWithForms(
      brokerAuthorization({ code_challenge: pkce.challenge, nonce, redirect_uri: redirectUri }),
      alice,
    );
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    const { status, body } = await token({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    });
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[key] === 'string') issued.push(body[key]);
    }
    return { status, body, nonce };
  }

  beforeAll(async () => {
    idp = await startDevIdp({
      tokenMode: 'exchange',
      logger: logs.logger,
      exchangeClients: [
        {
          clientId: broker.username,
          clientSecret: broker.password,
          allowedAudiences: ['nextcloud'],
          redirectUris: [DEPLOYED_CALLBACK],
        },
      ],
    });
  }, TIMEOUT);
  afterAll(async () => {
    await idp?.close();
  });

  it(
    'redeems the code for an ID token, a Nextcloud JWT with the resource scopes and a refresh token',
    async () => {
      const { status, body, nonce } = await provision();
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(String(body.scope).split(' ').sort()).toEqual(['files.read', 'notes.read']);
      expect(body.refresh_token).toEqual(expect.any(String));

      const { payload: idToken } = await jwtVerify(
        String(body.id_token),
        createRemoteJWKSet(new URL(`${idp.issuer}/jwks`)),
        { issuer: idp.issuer, audience: broker.username },
      );
      expect(idToken).toMatchObject({ sub: aliceSub, nonce });

      const claims = await verifyWithIdpJwks(idp, String(body.access_token));
      expect([claims.aud].flat()).toContain('nextcloud');
      expect(claims).toMatchObject({
        sub: aliceSub,
        client_id: broker.username,
        preferred_username: 'alice',
      });
      expect(String(claims.scope).split(' ').sort()).toEqual(['files.read', 'notes.read']);
    },
    TIMEOUT,
  );

  it(
    'refreshes into a narrower Nextcloud token and a new refresh token',
    async () => {
      const { body } = await provision();
      const refreshed = await refresh(String(body.refresh_token), 'notes.read');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.scope).toBe('notes.read');
      expect(refreshed.body.refresh_token).toEqual(expect.any(String));
      expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
      issued.push(String(refreshed.body.refresh_token), String(refreshed.body.access_token));
      const claims = await verifyWithIdpJwks(idp, String(refreshed.body.access_token));
      expect(claims).toMatchObject({ sub: aliceSub, scope: 'notes.read' });
      expect([claims.aud].flat()).toContain('nextcloud');

      const wider = await refresh(String(refreshed.body.refresh_token), 'notes.read notes.write');
      expect(wider.status).toBe(400);
      expect(wider.body.error).toBe('invalid_scope');
    },
    TIMEOUT,
  );

  it(
    'rotates the refresh token on every use; a replayed one fails and revokes the grant',
    async () => {
      const { body } = await provision();
      const first = String(body.refresh_token);
      const rotated = await refresh(first);
      expect(rotated.status).toBe(200);
      const second = String(rotated.body.refresh_token);
      expect(second).not.toBe(first);

      const replay = await refresh(first);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      const afterReplay = await refresh(second);
      expect(afterReplay.body.error).toBe('invalid_grant');
    },
    TIMEOUT,
  );

  it(
    'revokes a refresh token (RFC 7009) so that it no longer refreshes',
    async () => {
      const { body } = await provision();
      const response = await fetch(`${idp.issuer}/token/revocation`, {
        method: 'POST',
        body: new URLSearchParams({ token: String(body.refresh_token), token_type_hint: 'refresh_token' }),
        headers: {
          authorization: `Basic ${Buffer.from(`${broker.username}:${broker.password}`).toString('base64')}`,
        },
      });
      expect(response.status).toBe(200);
      const after = await refresh(String(body.refresh_token));
      expect(after.status).toBe(400);
      expect(after.body.error).toBe('invalid_grant');
    },
    TIMEOUT,
  );

  it(
    'accepts a configured non-loopback redirect URI',
    async () => {
      const { status, body } = await provision(DEPLOYED_CALLBACK);
      expect(status).toBe(200);
      expect(body.refresh_token).toEqual(expect.any(String));
    },
    TIMEOUT,
  );

  it.each([
    'http://127.0.0.1:3000/oauth/other/callback',
    'http://127.0.0.1:3000/oauth/provision/callback?next=/',
    'http://192.168.1.10:3000/oauth/provision/callback',
    'https://evil.example.com/oauth/provision/callback',
  ])(
    'refuses the redirect URI %s without redirecting',
    async (redirectUri) => {
      const response = await fetch(brokerAuthorization({ redirect_uri: redirectUri }), {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('invalid_redirect_uri');
    },
    TIMEOUT,
  );

  it(
    'refuses an MCP resource for the broker and the Nextcloud resource for the demo client',
    async () => {
      const forBroker = await authorizeWithForms(
        brokerAuthorization({ resource: 'http://127.0.0.1:41234/mcp' }),
        alice,
      );
      expect(forBroker.searchParams.get('error')).toBe('invalid_target');
      const forDemo = await authorizeWithForms(
        authorizationUrl(idp, { resource: 'urn:nc-mcp:nextcloud', scope: 'openid notes.read' }),
        alice,
      );
      expect(forDemo.searchParams.get('error')).toBe('invalid_target');
    },
    TIMEOUT,
  );

  it(
    'names background access, the client and the resource scopes on the consent page',
    async () => {
      const html = await openConsentPage(brokerAuthorization(), alice);
      const background = /<p id="background-access">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
      expect(background).toContain('<code>token-broker</code>');
      expect(background).toMatch(/while you are away/);
      expect(background).toMatch(/until you revoke it/);
      const scopes = /<ul id="resource-scopes">(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
      expect(scopes).toContain('<code>notes.read</code>');
      expect(scopes).toContain('<code>files.read</code>');
      expect(html).toContain('<code>Nextcloud</code>');
      expect(html).not.toContain('<script');
    },
    TIMEOUT,
  );

  it(
    'does not promise background access when offline_access is not asked for',
    async () => {
      const html = await openConsentPage(brokerAuthorization({ scope: 'openid notes.read' }), alice);
      expect(html).not.toContain('id="background-access"');
      expect(html).toContain('<code>notes.read</code>');
    },
    TIMEOUT,
  );

  it('never writes a token or the client secret into the logs', () => {
    expect(issued.length).toBeGreaterThan(0);
    const text = logs.text();
    for (const value of issued) expect(text).not.toContain(value);
    expect(text).not.toContain(broker.password);
  });
});
