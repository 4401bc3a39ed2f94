import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_KEY_FILE } from './signingKey.js';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { obtainTokens } from './testing/obtainTokens.js';

const RESOURCE = 'https://mcp.example.com/mcp';

async function servedJwks(idp: DevIdp): Promise<{ keys: Record<string, unknown>[] }> {
  return (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
}

describe('the dev IdP signing key with a data directory', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nc-mcp-dev-idp-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves the same key after a restart, so tokens signed before it still verify', async () => {
    const dataDir = join(root, 'restart', 'dev-idp');
    const port = await (async () => {
      const probe = await startDevIdp();
      await probe.close();
      return probe.port;
    })();
    const first = await startDevIdp({ dataDir, port });
    let before: string;
    let ownToken: string;
    let firstKid: unknown;
    try {
      firstKid = (await servedJwks(first)).keys[0]?.kid;
      before = (
        await obtainTokens(first, {
          username: 'alice',
          password: 'alice',
          scopes: ['openid'],
          resource: RESOURCE,
        })
      ).access_token;
      ownToken = await first.signAccessToken({ sub: 'alice', aud: 'nextcloud' });
    } finally {
      await first.close();
    }

    const second = await startDevIdp({ dataDir, port });
    try {
      const jwks = await servedJwks(second);
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]?.kid).toBe(firstKid);
      expect(jwks.keys[0]).not.toHaveProperty('d');
      expect(decodeProtectedHeader(before).kid).toBe(firstKid);
      const keySet = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
      await expect(jwtVerify(before, keySet, { issuer: second.issuer })).resolves.toBeDefined();
      await expect(jwtVerify(ownToken, keySet, { issuer: second.issuer })).resolves.toBeDefined();
      // And the restarted IdP's own tokens carry the same key id.
      const after = await obtainTokens(second, {
        username: 'bob',
        password: 'bob',
        scopes: ['openid'],
        resource: RESOURCE,
      });
      expect(decodeProtectedHeader(after.access_token).kid).toBe(firstKid);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('writes the key readable by the owner only, in a directory only the owner can enter', async () => {
    const dataDir = join(root, 'modes', 'dev-idp');
    const idp = await startDevIdp({ dataDir });
    await idp.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(join(dataDir, SIGNING_KEY_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ kty: 'RSA', kid: idp.jwks.keys[0]?.kid });
    expect(typeof stored.d).toBe('string');
  }, 30_000);

  it('makes a fresh key at every start without a data directory', async () => {
    const one = await startDevIdp();
    const two = await startDevIdp();
    try {
      expect(one.jwks.keys[0]?.kid).toBeDefined();
      expect(two.jwks.keys[0]?.kid).not.toBe(one.jwks.keys[0]?.kid);
    } finally {
      await one.close();
      await two.close();
    }
  }, 30_000);

  it('refuses a corrupt key file with an error naming the file', async () => {
    const dataDir = join(root, 'corrupt');
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, SIGNING_KEY_FILE);
    await writeFile(file, '{"kty":"RSA","kid":"k1"');
    await expect(startDevIdp({ dataDir })).rejects.toMatchObject({
      code: 'signing_key_file',
      message: expect.stringContaining(file),
    });
    await writeFile(file, JSON.stringify({ kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' }));
    await expect(startDevIdp({ dataDir })).rejects.toMatchObject({
      code: 'signing_key_file',
      message: expect.stringContaining('complete RSA private key'),
    });
  }, 30_000);
});
