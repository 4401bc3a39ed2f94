import { captureLogs } from '@nc-mcp/logger';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { postForm, verifyWithIdpJwks } from './testing/idpTestRequests.js';
import { obtainTokens } from './testing/obtainTokens.js';
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE } from './tokenExchangeTypes.js';
import { DEV_USERS } from './users.js';

const MCP_RESOURCE = 'http://127.0.0.1:41234/mcp';
const broker = { username: 'mcp-server', password: 'mcp-server-secret' };
const alice = DEV_USERS[0];

describe('RFC 8693 token exchange', () => {
  const logs = captureLogs('dev-idp-test');
  let idp: DevIdp;
  let foreignIdp: DevIdp;
  let subjectToken: string;
  let tokenEndpoint: string;

  const exchange = (form: Record<string, string | string[]>, auth: typeof broker | null = broker) =>
    postForm(
      tokenEndpoint,
      {
        grant_type: TOKEN_EXCHANGE_GRANT_TYPE,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: 'nextcloud',
        ...form,
      },
      auth ?? undefined,
    );

  beforeAll(async () => {
    [idp, foreignIdp] = await Promise.all([
      startDevIdp({
        tokenMode: 'exchange',
        logger: logs.logger,
        exchangeClients: [
          { clientId: broker.username, clientSecret: broker.password, allowedAudiences: ['nextcloud'] },
          { clientId: 'other-broker', clientSecret: 'other-secret', allowedAudiences: ['reports'] },
        ],
      }),
      startDevIdp(),
    ]);
    tokenEndpoint = `${idp.issuer}/token`;
    subjectToken = (
      await obtainTokens(idp, {
        username: 'alice',
        password: 'alice',
        scopes: ['openid', 'notes.read', 'notes.write'],
        resource: MCP_RESOURCE,
      })
    ).access_token;
  });
  afterAll(async () => {
    await Promise.all([idp.close(), foreignIdp.close()]);
  });

  it('trades the MCP token for a nextcloud token of the same user with a narrowed scope', async () => {
    const { status, body } = await exchange({ subject_token: subjectToken, scope: 'notes.read' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      scope: 'notes.read',
    });
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.expires_in).toBeLessThanOrEqual(300);

    const claims = await verifyWithIdpJwks(idp, String(body.access_token));
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'nextcloud',
      sub: alice?.sub,
      scope: 'notes.read',
      client_id: 'mcp-server',
      act: { sub: 'mcp-server' },
      preferred_username: 'alice',
      name: 'Alice Liddell',
    });
    expect(typeof claims.jti).toBe('string');
    expect(Number(claims.exp)).toBeLessThanOrEqual(Number(decodeJwt(subjectToken).exp));
  });

  it('keeps the subject token scopes when none are requested, with client_secret_post', async () => {
    const { status, body } = await exchange(
      { subject_token: subjectToken, client_id: broker.username, client_secret: broker.password },
      null,
    );
    expect(status).toBe(200);
    expect(String(body.scope).split(' ').sort()).toEqual(['notes.read', 'notes.write']);
  });

  it('never lets the exchanged token outlive the subject token', async () => {
    const shortSubject = await idp.signAccessToken(
      { sub: alice?.sub, aud: [MCP_RESOURCE, 'mcp-server'], scope: 'notes.read', client_id: 'nc-mcp-demo' },
      { expiresInSeconds: 30 },
    );
    const { status, body } = await exchange({ subject_token: shortSubject });
    expect(status).toBe(200);
    expect(body.expires_in).toBeLessThanOrEqual(30);
    expect(decodeJwt(String(body.access_token)).exp).toBe(decodeJwt(shortSubject).exp);
  });

  it.each([
    ['the public demo client', { client_id: 'nc-mcp-demo' }],
    [
      'a confidential client that is not an exchange client',
      { client_id: 'mcp-introspector', client_secret: 'mcp-introspector-secret' },
    ],
  ])('answers unauthorized_client to %s', async (_name, clientAuth) => {
    const { status, body } = await exchange({ subject_token: subjectToken, ...clientAuth }, null);
    expect(status).toBe(400);
    expect(body.error).toBe('unauthorized_client');
  });

  it.each([
    ['an unknown client', { username: 'nobody', password: 'x' }],
    ['a wrong secret', { username: broker.username, password: 'wrong' }],
  ])('answers invalid_client to %s', async (_name, auth) => {
    const { status, body } = await exchange({ subject_token: subjectToken }, auth);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('answers invalid_request to a subject token that is not a JWT', async () => {
    const { status, body } = await exchange({ subject_token: 'not-a-token' });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('answers invalid_request to a subject token from another issuer', async () => {
    const foreign = await obtainTokens(foreignIdp, {
      username: 'alice',
      password: 'alice',
      scopes: ['notes.read'],
      resource: MCP_RESOURCE,
    });
    const { body } = await exchange({ subject_token: foreign.access_token });
    expect(body.error).toBe('invalid_request');
  });

  it('answers invalid_request to an expired subject token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await idp.signAccessToken({
      sub: alice?.sub,
      scope: 'notes.read',
      iat: now - 120,
      exp: now - 60,
    });
    const { body } = await exchange({ subject_token: expired });
    expect(body.error).toBe('invalid_request');
  });

  it('answers invalid_request to an ID token used as subject token', async () => {
    const tokens = await obtainTokens(idp, { username: 'bob', password: 'bob', scopes: ['openid'] });
    const { body } = await exchange({ subject_token: String(tokens.id_token) });
    expect(body.error).toBe('invalid_request');
  });

  it('answers invalid_request to an unsupported subject or requested token type', async () => {
    const idTokenType = 'urn:ietf:params:oauth:token-type:id_token';
    const wrongSubjectType = await exchange({ subject_token: subjectToken, subject_token_type: idTokenType });
    expect(wrongSubjectType.body.error).toBe('invalid_request');
    const wrongRequestedType = await exchange({
      subject_token: subjectToken,
      requested_token_type: idTokenType,
    });
    expect(wrongRequestedType.body.error).toBe('invalid_request');
  });

  it.each([
    ['an audience the client may not ask for', { audience: 'reports' }],
    ['two audiences', { audience: ['nextcloud', 'reports'] }],
    ['a resource instead of an audience', { resource: 'https://cloud.example.com' }],
  ])('answers invalid_target to %s', async (_name, form) => {
    const { status, body } = await exchange({ subject_token: subjectToken, ...form });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_target');
  });

  it('answers invalid_scope to a scope beyond the subject token', async () => {
    const { status, body } = await exchange({ subject_token: subjectToken, scope: 'notes.read files.write' });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
  });

  it('never writes a token or secret into the logs', () => {
    expect(logs.text()).toContain('dev-idp token exchanged');
    expect(logs.text()).not.toContain(subjectToken);
    expect(logs.text()).not.toContain(subjectToken.split('.')[2]);
    expect(logs.text()).not.toContain(broker.password);
  });
});
