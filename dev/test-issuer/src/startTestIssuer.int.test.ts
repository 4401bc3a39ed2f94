import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from './startTestIssuer.js';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer({ metadata: { code_challenge_methods_supported: ['S256'] } });
});
afterAll(() => idp?.close());

const getJson = async (path: string) => {
  const response = await fetch(`${idp.issuer}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const publishedKids = async () => {
  const { body } = await getJson('/jwks');
  return (body.keys as { kid: string }[]).map((key) => key.kid);
};

describe('the test issuer', () => {
  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.issuer).not.toMatch(/:0$/);
  });

  it('serves a discovery document naming its endpoints and the extra metadata', async () => {
    const { status, body } = await getJson('/.well-known/openid-configuration');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: `${idp.issuer}/jwks`,
      token_endpoint: `${idp.issuer}/token`,
      introspection_endpoint: `${idp.issuer}/introspect`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('lets a test change or drop discovery metadata while running', async () => {
    idp.metadata.introspection_endpoint = undefined;
    idp.metadata.registration_endpoint = `${idp.issuer}/register`;
    try {
      const { body } = await getJson('/.well-known/openid-configuration');
      expect(body).not.toHaveProperty('introspection_endpoint');
      expect(body.registration_endpoint).toBe(`${idp.issuer}/register`);
    } finally {
      delete idp.metadata.introspection_endpoint;
      delete idp.metadata.registration_endpoint;
    }
  });

  it('publishes the RSA and EC keys but never the rogue key', async () => {
    const kids = await publishedKids();
    expect(kids).toEqual([idp.keys.rsa.kid, idp.keys.ec.kid]);
    expect(kids).not.toContain(idp.keys.rogue.kid);
    expect(idp.key).toBe(idp.keys.rsa);
  });

  it('publishes an added key unless told not to', async () => {
    const rotated = await idp.addKey();
    const ghost = await idp.addKey({ publish: false });
    const ec = await idp.addKey({ alg: 'ES256' });
    const kids = await publishedKids();
    expect(kids).toContain(rotated.kid);
    expect(kids).toContain(ec.kid);
    expect(kids).not.toContain(ghost.kid);
    expect(new Set([rotated.kid, ghost.kid, ec.kid, idp.keys.rsa.kid]).size).toBe(4);
  });

  it('answers the JWKS with the status a test sets, until it is cleared', async () => {
    idp.jwksStatus = 503;
    try {
      expect((await getJson('/jwks')).status).toBe(503);
    } finally {
      idp.jwksStatus = undefined;
    }
    expect((await getJson('/jwks')).status).toBe(200);
  });

  it('counts requests per endpoint and in total', async () => {
    const before = { ...idp.requests };
    await getJson('/.well-known/openid-configuration');
    await getJson('/jwks');
    await getJson('/jwks');
    await getJson('/nowhere');
    expect(idp.requests.discovery - before.discovery).toBe(1);
    expect(idp.requests.jwks - before.jwks).toBe(2);
    expect(idp.requests.total - before.total).toBe(4);
  });

  it('answers unknown paths with 404', async () => {
    expect((await getJson('/authorize')).status).toBe(404);
  });
});
