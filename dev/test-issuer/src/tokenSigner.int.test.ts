import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportSPKI,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from './startTestIssuer.js';
import { DEFAULT_CLAIMS } from './tokenSigner.js';

let idp: TestIssuer;
let jwks: JWTVerifyGetKey;
beforeAll(async () => {
  idp = await startTestIssuer();
  jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`), { cooldownDuration: 0 });
});
afterAll(() => idp?.close());

const now = () => Math.floor(Date.now() / 1000);
const verify = (token: string) =>
  jwtVerify(token, jwks, { issuer: idp.issuer, algorithms: ['RS256', 'ES256'] });

describe('signing with the test issuer', () => {
  it('signs a default demo-client access token that verifies against the served JWKS', async () => {
    const { payload, protectedHeader } = await verify(await idp.sign());
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: idp.keys.rsa.kid, typ: 'at+jwt' });
    expect(payload).toMatchObject({ ...DEFAULT_CLAIMS, iss: idp.issuer });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('signs with the published EC key when asked', async () => {
    const { protectedHeader } = await verify(await idp.sign({}, { key: 'ec' }));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: idp.keys.ec.kid });
  });

  it('signs with a rogue key the JWKS does not publish', async () => {
    await expect(verify(await idp.sign({}, { key: 'rogue' }))).rejects.toBeInstanceOf(
      errors.JWKSNoMatchingKey,
    );
    const impostor = { ...idp.keys.rogue, kid: idp.keys.rsa.kid };
    await expect(verify(await idp.sign({}, { key: impostor }))).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('signs with an added key, which verifies once published', async () => {
    const rotated = await idp.addKey();
    const { protectedHeader } = await verify(await idp.sign({}, { key: rotated }));
    expect(protectedHeader.kid).toBe(rotated.kid);
  });

  it('lets claims override the defaults and leaves out claims set to undefined', async () => {
    const payload = decodeJwt(await idp.sign({ sub: 'user-bob', azp: undefined, scp: ['notes.read'] }));
    expect(payload.sub).toBe('user-bob');
    expect(payload).not.toHaveProperty('azp');
    expect(payload.scp).toEqual(['notes.read']);
  });

  it('takes an absolute exp, or none at all', async () => {
    const exp = now() - 3600;
    expect(decodeJwt(await idp.sign({}, { exp })).exp).toBe(exp);
    expect(decodeJwt(await idp.sign({}, { exp: null }))).not.toHaveProperty('exp');
    expect(decodeJwt(await idp.sign({ exp: undefined }))).not.toHaveProperty('exp');
  });

  it('sets audience and issuer from options, with the claims still winning', async () => {
    const payload = decodeJwt(await idp.sign({}, { audience: 'nextcloud', issuer: 'https://evil.example' }));
    expect(payload).toMatchObject({ aud: 'nextcloud', iss: 'https://evil.example' });
    expect(decodeJwt(await idp.sign({ aud: 'claim-wins' }, { audience: 'nextcloud' })).aud).toBe(
      'claim-wins',
    );
  });

  it('lets the header typ be changed or left out', async () => {
    expect(decodeProtectedHeader(await idp.sign({}, { typ: 'JWT' })).typ).toBe('JWT');
    expect(decodeProtectedHeader(await idp.sign({}, { typ: null }))).not.toHaveProperty('typ');
  });

  it('replaces the default claims with those given at start, and the lifetime', async () => {
    const other = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
    try {
      const payload = decodeJwt(await other.sign({ sub: 'only-a-sub' }));
      expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub']);
      expect(payload.exp! - payload.iat!).toBe(3600);
      expect(payload.iss).toBe(other.issuer);
    } finally {
      await other.close();
    }
  });

  it('signs an HS256 token with the RSA public key as the secret, which an RS256 verifier refuses', async () => {
    const token = await idp.signHs256WithPublicKey({ sub: 'user-mallory' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: idp.keys.rsa.kid });
    const secret = new TextEncoder().encode(await exportSPKI(idp.keys.rsa.publicKey));
    expect((await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload.sub).toBe('user-mallory');
    await expect(verify(token)).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });

  it('makes an unsigned alg:none token with the usual claims', async () => {
    const token = idp.unsigned({ sub: 'user-mallory' });
    expect(token.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(token).alg).toBe('none');
    expect(decodeJwt(token)).toMatchObject({ ...DEFAULT_CLAIMS, sub: 'user-mallory', iss: idp.issuer });
    await expect(verify(token)).rejects.toThrow();
  });
});
