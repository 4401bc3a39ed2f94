import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTOR_CLIENT_ID, INTROSPECTOR_CLIENT_SECRET } from './clients.js';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { postForm } from './testing/idpTestRequests.js';
import { obtainTokens } from './testing/obtainTokens.js';
import { DEV_USERS } from './users.js';

const introspector = { username: INTROSPECTOR_CLIENT_ID, password: INTROSPECTOR_CLIENT_SECRET };

describe('introspection and revocation of opaque tokens', () => {
  let idp: DevIdp;

  beforeAll(async () => {
    idp = await startDevIdp();
  });
  afterAll(async () => {
    await idp.close();
  });

  it('issues an opaque token usable at userinfo when no resource is requested', async () => {
    const tokens = await obtainTokens(idp, {
      username: 'alice',
      password: 'alice',
      scopes: ['openid', 'profile', 'email'],
    });
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const userinfo = await fetch(`${idp.issuer}/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({
      sub: DEV_USERS[0]?.sub,
      preferred_username: 'alice',
      name: 'Alice Liddell',
      email: 'alice@example.com',
    });
  });

  it('reports a token active to the introspector, then inactive once its client revokes it', async () => {
    const tokens = await obtainTokens(idp, { username: 'bob', password: 'bob', scopes: ['openid'] });

    const active = await postForm(
      `${idp.issuer}/token/introspection`,
      { token: tokens.access_token },
      introspector,
    );
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({
      active: true,
      sub: DEV_USERS[1]?.sub,
      client_id: 'nc-mcp-demo',
      iss: idp.issuer,
      token_type: 'Bearer',
    });

    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({ token: tokens.access_token, client_id: 'nc-mcp-demo' }),
    });
    expect(revoked.status).toBe(200);

    const inactive = await postForm(
      `${idp.issuer}/token/introspection`,
      { token: tokens.access_token },
      introspector,
    );
    expect(inactive.status).toBe(200);
    expect(inactive.body).toEqual({ active: false });
  });

  it('rejects the introspector with a wrong secret', async () => {
    const result = await postForm(
      `${idp.issuer}/token/introspection`,
      { token: 'whatever' },
      { username: INTROSPECTOR_CLIENT_ID, password: 'wrong' },
    );
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
  });
});
