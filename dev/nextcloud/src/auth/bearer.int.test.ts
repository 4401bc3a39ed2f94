import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient, OCS_JSON, ocsUserId } from '../testing/ncClient.js';
import { hashedUserId } from './bearer.js';

let issuer: TestIssuer;
let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  nc = await startDevNextcloud({ issuer: issuer.issuer });
  call = ncClient(nc.url);
});

afterAll(async () => {
  await nc.close();
  await issuer.close();
});

const alice = {
  sub: 'sub-alice',
  preferred_username: 'alice',
  name: 'Alice Liddell',
  email: 'alice@example.com',
};

async function cloudUser(token: string) {
  return call('GET', '/ocs/v2.php/cloud/user', { token, headers: OCS_JSON });
}

describe('bearer tokens on OCS', () => {
  it('accepts an RS256 token from the issuer and provisions the user from its claims', async () => {
    const response = await cloudUser(await issuer.sign(alice));
    expect(response.status).toBe(200);
    const data = (JSON.parse(response.text) as { ocs: { data: Record<string, unknown> } }).ocs.data;
    expect(data).toMatchObject({ id: 'alice', 'display-name': 'Alice Liddell', email: 'alice@example.com' });
  });

  it('accepts an ES256 token', async () => {
    expect((await cloudUser(await issuer.sign(alice, { key: 'ec' }))).status).toBe(200);
  });

  it('accepts an audience array that includes nextcloud, a lowercase scheme, and ignores scopes', async () => {
    const token = await issuer.sign(
      { ...alice, scope: 'openid nothing-nextcloud-knows' },
      { audience: ['mcp-server', 'nextcloud'] },
    );
    const response = await call('GET', '/ocs/v2.php/cloud/user', {
      headers: { ...OCS_JSON, Authorization: `bearer ${token}` },
    });
    expect(response.status).toBe(200);
  });

  it('uses the uid as display name when the token has no name claim', async () => {
    const response = await cloudUser(await issuer.sign({ sub: 'sub-carol', preferred_username: 'carol' }));
    expect(JSON.parse(response.text).ocs.data.displayname).toBe('carol');
  });

  it('falls back to sub when there is no preferred_username', async () => {
    expect(ocsUserId((await cloudUser(await issuer.sign({ sub: 'only-a-sub' }))).text)).toBe('only-a-sub');
  });

  const noAuth = async () => call('GET', '/ocs/v2.php/cloud/user', { headers: OCS_JSON });
  const rejected: ReadonlyArray<[string, () => Promise<string>]> = [
    ['a token whose audience is another service', () => issuer.sign(alice, { audience: 'mcp-server' })],
    ['a token from another issuer', () => issuer.sign(alice, { issuer: 'https://evil.example' })],
    ['an expired token', () => issuer.sign(alice, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token without exp', () => issuer.sign(alice, { exp: null })],
    ['an alg:none token', async () => issuer.unsigned(alice)],
    ['an HS256 token signed with the public key', () => issuer.signHs256WithPublicKey(alice)],
    ['a token signed by a key the JWKS does not publish', () => issuer.sign(alice, { key: 'rogue' })],
    ['garbage', async () => 'garbage0not0a0real0token'],
  ];
  for (const [label, makeToken] of rejected) {
    it(`treats ${label} exactly like no auth`, async () => {
      const response = await cloudUser(await makeToken());
      const anonymous = await noAuth();
      expect(response.status).toBe(401);
      expect(response.text).toBe(anonymous.text);
      expect(response.headers['www-authenticate']).toBe(anonymous.headers['www-authenticate']);
    });
  }

  it('needs no OCS-APIRequest header with a bearer, unlike Basic (412)', async () => {
    const response = await call('GET', '/ocs/v2.php/cloud/user?format=json', {
      token: await issuer.sign(alice),
    });
    expect(response.status).toBe(200);
  });

  it('fetches the JWKS once and reuses it', async () => {
    const before = issuer.requests.jwks;
    await cloudUser(await issuer.sign(alice));
    await cloudUser(await issuer.sign(alice));
    expect(issuer.requests.jwks - before).toBe(0);
  });
});

describe('bearer tokens on WebDAV', () => {
  it('lists the own home with a valid token', async () => {
    const response = await call('PROPFIND', '/remote.php/dav/files/alice/', {
      token: await issuer.sign(alice),
      headers: { Depth: '0' },
    });
    expect(response.status).toBe(207);
    expect(response.text).toContain('<d:href>/remote.php/dav/files/alice/</d:href>');
  });

  it('answers an invalid token with the Basic challenge, never a Bearer one', async () => {
    const response = await call('PROPFIND', '/remote.php/dav/files/alice/', {
      token: await issuer.sign(alice, { key: 'rogue' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="Nextcloud", charset="UTF-8"');
  });
});

describe('hashed user ids', () => {
  let hashed: DevNextcloud;
  let hashedCall: ReturnType<typeof ncClient>;

  beforeAll(async () => {
    hashed = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed', providerId: 7 });
    hashedCall = ncClient(hashed.url);
  });

  afterAll(async () => {
    await hashed.close();
  });

  it("uses hex sha256('<providerId>_0_<sub>') as uid in cloud/user and in the DAV path", async () => {
    const token = await issuer.sign(alice);
    const uid = hashedUserId(7, 'sub-alice');
    expect(uid).toMatch(/^[0-9a-f]{64}$/);
    const user = await hashedCall('GET', '/ocs/v2.php/cloud/user', { token, headers: OCS_JSON });
    expect(ocsUserId(user.text)).toBe(uid);
    await hashedCall('PUT', `/remote.php/dav/files/${uid}/hello.txt`, { token, body: 'hi' });
    const listing = await hashedCall('PROPFIND', `/remote.php/dav/files/${uid}/`, {
      token,
      headers: { Depth: '1' },
    });
    expect(listing.text).toContain(`<d:href>/remote.php/dav/files/${uid}/hello.txt</d:href>`);
  });

  it('treats the username path as somebody else’s home (empty stub)', async () => {
    const response = await hashedCall('PROPFIND', '/remote.php/dav/files/alice/', {
      token: await issuer.sign(alice),
      headers: { Depth: '1' },
    });
    expect(response.status).toBe(207);
    expect(response.text).not.toContain('hello.txt');
    expect(response.text).toContain('HTTP/1.1 404 Not Found');
  });
});
